package io.github.deepanalyze.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.deepanalyze.common.AnalysisCancelledException;
import io.github.deepanalyze.common.Cancellation;
import io.github.deepanalyze.common.ConfigurationException;
import io.github.deepanalyze.common.ModelException;
import io.github.deepanalyze.model.FinishReason;
import io.github.deepanalyze.model.Generation;
import io.github.deepanalyze.model.GenerationRequest;
import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.model.SamplingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxLanguageModelTest {
    static final SamplingOptions GREEDY = new SamplingOptions(0, 1, 64, null);
    static final List<Long> tokens = Collections.synchronizedList(new ArrayList<>());
    static OnnxLanguageModel model;
    static HuggingFaceTokenCounter tokenizer;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        model = OnnxLanguageModel.builder().modelDirectory(TinyGpt.DIR).eosTokenIds().tokenListener(tokens::add).build();
        tokenizer = HuggingFaceTokenCounter.of(TinyGpt.DIR);
    }

    @AfterAll
    static void close() {
        model.close();
        tokenizer.close();
    }

    private static GenerationRequest request(SamplingOptions sampling, String... stop) {
        return request(sampling, Cancellation.none(), stop);
    }

    private static GenerationRequest request(SamplingOptions sampling, Cancellation cancellation, String... stop) {
        return new GenerationRequest(List.of(Message.user("Hello")), List.of(stop), sampling, cancellation);
    }

    /** Generates on {@code m}, returning the generation, the deltas and the sampled ids. */
    private static Run run(OnnxLanguageModel m, GenerationRequest request) {
        List<String> deltas = new ArrayList<>();
        tokens.clear();
        Generation g = m.generate(request, deltas::add);
        return new Run(g, deltas, tokens.stream().mapToLong(Long::longValue).toArray());
    }

    record Run(Generation generation, List<String> deltas, long[] ids) {
        String text() {
            return generation.text();
        }
    }

    private static String referenceText(int n) {
        return tokenizer.decode(Arrays.copyOf(TinyGpt.referenceGreedyIds(), n));
    }

    @Test
    void rendersThePromptAsTheReferenceDid() {
        String prompt = ChatTemplate.deepAnalyze().render(List.of(Message.user("Hello")));
        assertThat(prompt).isEqualTo(TinyGpt.REFERENCE.get("prompt_text").asText());
        assertThat(tokenizer.encode(prompt)).containsExactly(TinyGpt.referencePromptIds());
    }

    @Test
    void greedyDecodingMatchesThePyTorchReferenceTokenForToken() {
        Run r = run(model, request(GREEDY));
        assertThat(r.ids()).containsExactly(TinyGpt.referenceGreedyIds());
        assertThat(r.text()).isEqualTo(referenceText(64));
        assertThat(r.generation().finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(r.generation().usage().promptTokens()).isEqualTo(TinyGpt.referencePromptIds().length);
        assertThat(r.generation().usage().completionTokens()).isEqualTo(64);
    }

    @Test
    void streamedDeltasConcatenateToTheResultAndHoldBackIncompleteCharacters() {
        Run r = run(model, request(GREEDY));
        assertThat(String.join("", r.deltas())).isEqualTo(r.text());
        assertThat(r.deltas()).hasSizeGreaterThan(10);
        // the reference emits a lone UTF-8 continuation byte (id 131): it is held until the next token
        assertThat(TinyGpt.referenceGreedyIds()).contains(131L);
        assertThat(r.deltas()).noneMatch(d -> d.endsWith("\uFFFD"));
    }

    @Test
    void stopsBeforeAStopStringWithoutEmittingItsStart() {
        // reference text starts "iii-ii-": '-' (a possible start of "-i") is held back, then "-i" completes
        Run r = run(model, request(GREEDY, "-i", "never"));
        assertThat(r.text()).isEqualTo("iii");
        assertThat(String.join("", r.deltas())).isEqualTo("iii");
        assertThat(r.generation().finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.generation().usage().completionTokens()).isEqualTo(5);
    }

    @Test
    void aPartialStopStringThatDoesNotCompleteIsEmittedLater() {
        Run r = run(model, request(GREEDY.withMaxNewTokens(8), "-x"));
        assertThat(r.text()).isEqualTo(referenceText(8)).contains("-");
        assertThat(String.join("", r.deltas())).isEqualTo(r.text());
    }

    @Test
    void anEndOfSequenceTokenEndsTheTurnAndIsNotText() {
        try (OnnxLanguageModel m = OnnxLanguageModel.builder().modelDirectory(TinyGpt.DIR).eosTokenIds(45).build()) {
            Generation g = m.generate(request(GREEDY), d -> { });
            assertThat(g.text()).isEqualTo("iii");
            assertThat(g.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(g.usage().completionTokens()).isEqualTo(4);
        }
    }

    @Test
    void respectsMaxNewTokens() {
        Run r = run(model, request(GREEDY.withMaxNewTokens(10)));
        assertThat(r.ids()).hasSize(10);
        assertThat(r.text()).isEqualTo(referenceText(10));
        assertThat(r.generation().finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void stopsAtTheContextLength() {
        try (OnnxLanguageModel m = OnnxLanguageModel.builder().modelDirectory(TinyGpt.DIR).eosTokenIds().contextLength(12).build()) {
            Generation g = m.generate(request(GREEDY), d -> { });
            assertThat(g.usage().completionTokens()).isEqualTo(12 - TinyGpt.referencePromptIds().length);
            assertThat(g.finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThatThrownBy(() -> m.generate(new GenerationRequest(List.of(Message.user("x".repeat(20))), List.of(), GREEDY,
                    Cancellation.none()), d -> { }))
                    .isInstanceOf(ModelException.class)
                    .hasMessageContaining("context of 12 tokens")
                    .hasMessageContaining("Budget.maxContextTokens");
        }
    }

    @Test
    void samplingWithASeedIsReproducible() {
        SamplingOptions hot = new SamplingOptions(1.0, 1.0, 48, 7L);
        Run a = run(model, request(hot));
        Run b = run(model, request(hot));
        Run c = run(model, request(hot.withSeed(8L)));
        assertThat(a.ids()).containsExactly(b.ids());
        assertThat(c.ids()).isNotEqualTo(a.ids());
        assertThat(a.ids()).isNotEqualTo(Arrays.copyOf(TinyGpt.referenceGreedyIds(), 48));
    }

    @Test
    void aTinyTopPKeepsOnlyTheMostLikelyTokenSoItIsGreedy() {
        Run r = run(model, request(new SamplingOptions(1.5, 1e-6, 64, 3L)));
        assertThat(r.ids()).containsExactly(TinyGpt.referenceGreedyIds());
    }

    @Test
    void topPSamplingWithASeedIsReproducible() {
        SamplingOptions nucleus = new SamplingOptions(1.0, 0.9, 48, 11L);
        assertThat(run(model, request(nucleus)).ids()).containsExactly(run(model, request(nucleus)).ids());
    }

    @Test
    void cancellationStopsWithinAToken() {
        Cancellation cancellation = Cancellation.create();
        List<String> deltas = new ArrayList<>();
        tokens.clear();
        assertThatThrownBy(() -> model.generate(request(GREEDY, cancellation), d -> {
            deltas.add(d);
            cancellation.cancel();
        })).isInstanceOf(AnalysisCancelledException.class);
        assertThat(deltas).hasSize(1);
        assertThat(tokens).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void aCancelledRequestDoesNotStart() {
        Cancellation cancellation = Cancellation.create();
        cancellation.cancel();
        assertThatThrownBy(() -> model.generate(request(GREEDY, cancellation), d -> { }))
                .isInstanceOf(AnalysisCancelledException.class);
    }

    @Test
    void readingThePromptInSmallChunksGivesTheSameTokens() {
        List<Long> ids = new ArrayList<>();
        try (OnnxLanguageModel m = OnnxLanguageModel.builder().modelDirectory(TinyGpt.DIR).eosTokenIds().prefillChunkTokens(3)
                .tokenListener(ids::add).build()) {
            m.generate(request(GREEDY), d -> { });
        }
        assertThat(ids.stream().mapToLong(Long::longValue).toArray()).containsExactly(TinyGpt.referenceGreedyIds());
    }

    @Test
    void concurrentGenerationsEachGetTheWholeAnswer() {
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            futures.add(CompletableFuture.supplyAsync(() -> model.generate(request(GREEDY), d -> { }).text()));
        }
        for (CompletableFuture<String> f : futures) {
            assertThat(f.join()).isEqualTo(referenceText(64));
        }
    }

    @Test
    void itsTokenCounterCountsExactlyThePromptTheModelIsFed() {
        List<Message> conversation = List.of(Message.user("Hello"), Message.assistant("<Code>x</Code>"), Message.execute("1"));
        Generation g = model.generate(new GenerationRequest(conversation, List.of(), GREEDY.withMaxNewTokens(1), Cancellation.none()),
                d -> { });
        assertThat(model.tokenCounter().count(conversation)).isEqualTo(g.usage().promptTokens());
        assertThat(model.tokenCounter().count("<Code>")).isEqualTo(1);
    }

    @Test
    void runsAnOlderMergedDecoderExportWithUseCacheBranch() {
        List<Long> ids = new ArrayList<>();
        try (OnnxLanguageModel m = OnnxLanguageModel.builder().modelDirectory(TinyGpt.DIR.resolve("merged")).eosTokenIds()
                .prefillChunkTokens(4).tokenListener(ids::add).build()) {
            m.generate(request(GREEDY), d -> { });
        }
        assertThat(ids.stream().mapToLong(Long::longValue).toArray()).containsExactly(TinyGpt.referenceGreedyIds());
    }

    @Test
    void servesAnAnalystAsItsLanguageModel() throws Exception {
        Path csv = java.nio.file.Files.writeString(tmp.resolve("sales.csv"), "region,amount\nnorth,10\n");
        try (io.github.deepanalyze.Analyst analyst = io.github.deepanalyze.Analyst.builder().model(model)
                .executor(new io.github.deepanalyze.testing.ScriptedExecutor((ws, req) ->
                        io.github.deepanalyze.execution.ExecutionResult.success("", "", java.time.Duration.ZERO)))
                .allowUnsandboxedExecution().workspaceRoot(tmp.resolve("ws")).tokenCounter(model.tokenCounter())
                .sampling(GREEDY.withMaxNewTokens(16)).maxRounds(2).build()) {
            io.github.deepanalyze.Analysis a = analyst.analyze(List.of(csv), "Which region sells most?");
            // random weights write no tags, so the run cannot answer, but every round went through the ONNX model
            assertThat(a.rounds()).isPositive();
            assertThat(a.usage().completionTokens()).isEqualTo(16L * a.rounds());
            assertThat(a.transcript()).isNotBlank();
            assertThat(a.status()).isNotEqualTo(io.github.deepanalyze.AnalysisStatus.MODEL_ERROR);
        }
    }

    @Test
    void readsTheContextLengthFromConfigJson() {
        try (OnnxLanguageModel m = OnnxLanguageModel.builder().modelDirectory(TinyGpt.DIR).build()) {
            assertThat(m.describe()).contains("model.onnx", "2 layers", "context 1024");
            assertThat(m.loadTime()).isPositive();
        }
    }

    @Test
    void readsEndOfSequenceIdsFromGenerationConfigJson() throws Exception {
        for (String f : List.of("model.onnx", "tokenizer.json", "config.json")) {
            java.nio.file.Files.copy(TinyGpt.DIR.resolve(f), tmp.resolve(f));
        }
        java.nio.file.Files.writeString(tmp.resolve("generation_config.json"), "{\"eos_token_id\": [999, 45]}");
        try (OnnxLanguageModel m = OnnxLanguageModel.builder().modelDirectory(tmp).build()) {
            Generation g = m.generate(request(GREEDY), d -> { });
            assertThat(g.text()).isEqualTo("iii");
            assertThat(g.finishReason()).isEqualTo(FinishReason.STOP);
        }
    }

    @Test
    void aMissingModelNamesThePathAndHowToExport() {
        assertThatThrownBy(() -> OnnxLanguageModel.builder().modelDirectory(tmp).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(tmp.resolve("model.onnx").toAbsolutePath().toString())
                .hasMessageContaining("optimum-cli export onnx");
        assertThatThrownBy(() -> OnnxLanguageModel.builder().build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("modelDirectory");
    }

    @Test
    void aModelWithoutATokenizerSaysWhichFileIsMissing() throws Exception {
        Path onnx = java.nio.file.Files.copy(TinyGpt.DIR.resolve("model.onnx"), tmp.resolve("model.onnx"));
        assertThatThrownBy(() -> OnnxLanguageModel.builder().modelFile(onnx).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(tmp.resolve("tokenizer.json").toAbsolutePath().toString());
    }

    @Test
    void refusesToGenerateAfterClose() {
        OnnxLanguageModel m = OnnxLanguageModel.builder().modelDirectory(TinyGpt.DIR).build();
        m.close();
        m.close();
        assertThatThrownBy(() -> m.generate(request(GREEDY), d -> { }))
                .isInstanceOf(ModelException.class).hasMessageContaining("closed");
    }
}
