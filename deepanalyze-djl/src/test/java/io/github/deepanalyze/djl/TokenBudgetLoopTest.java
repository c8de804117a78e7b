package io.github.deepanalyze.djl;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisEvent;
import io.github.deepanalyze.AnalysisListener;
import io.github.deepanalyze.AnalysisStatus;
import io.github.deepanalyze.Analyst;
import io.github.deepanalyze.Budget;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.model.GenerationRequest;
import io.github.deepanalyze.model.SamplingOptions;
import io.github.deepanalyze.model.TokenCounter;
import io.github.deepanalyze.testing.ScriptedExecutor;
import io.github.deepanalyze.testing.ScriptedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent loop keeps every request inside the context window as the real tokenizer counts it. */
class TokenBudgetLoopTest {
    static final int WINDOW = 4_096;
    static final int MAX_NEW = 1_024;
    /** Chinese output: about 1 token per character with Qwen3, so the 3-characters-per-token estimate is 3x too low. */
    static final String BIG_OUTPUT = "收入增长率按地区统计，南部地区最高，北部最低。\n".repeat(60); // 1,500 chars

    static HuggingFaceTokenCounter tokens;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        tokens = Qwen3Tokenizer.counter(true);
    }

    @AfterAll
    static void close() {
        tokens.close();
    }

    private Analysis run(TokenCounter counter, ScriptedModel model, List<AnalysisEvent> events) throws IOException {
        Path csv = Files.writeString(Files.createDirectories(tmp.resolve("in")).resolve("sales.csv"), "region,amount\nnorth,10\n");
        ScriptedExecutor exec = new ScriptedExecutor((ws, req) -> ExecutionResult.success(BIG_OUTPUT, "", Duration.ofMillis(1)));
        try (Analyst analyst = Analyst.builder().model(model).executor(exec).allowUnsandboxedExecution()
                .workspaceRoot(tmp.resolve("ws")).tokenCounter(counter)
                .sampling(SamplingOptions.DEFAULT.withMaxNewTokens(MAX_NEW))
                .budget(Budget.DEFAULT.withMaxContextTokens(WINDOW).withMaxOutputChars(20_000)).build()) {
            return analyst.analyze(List.of(csv), "按地区比较收入增长", AnalysisListener.of(events::add));
        }
    }

    private static ScriptedModel model() {
        String turn = "<Analyze>看一下数据</Analyze><Code>print(df)</Code>";
        return ScriptedModel.of(turn, turn, turn, turn, turn, turn, turn, turn, "<Answer>南部最高</Answer>");
    }

    @Test
    void everyRequestFitsTheWindowAsTheModelsTokenizerCountsIt() throws IOException {
        ScriptedModel model = model();
        List<AnalysisEvent> events = Collections.synchronizedList(new ArrayList<>());
        Analysis a = run(tokens, model, events);

        assertThat(model.requests()).hasSizeGreaterThan(3);
        for (GenerationRequest r : model.requests()) {
            assertThat(tokens.count(r.messages()) + r.sampling().maxNewTokens()).isLessThanOrEqualTo(WINDOW);
        }
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(AnalysisEvent.Problem.class,
                p -> assertThat(p.message()).contains("context window")));
        assertThat(a.status()).isIn(AnalysisStatus.ANSWERED, AnalysisStatus.TOKEN_LIMIT);
        // the trace keeps the full outputs; only what is re-sent to the model is shortened
        assertThat(a.steps(Step.Execute.class)).allSatisfy(e -> assertThat(e.text()).isEqualTo(BIG_OUTPUT));
    }

    @Test
    void theCharacterEstimateWouldOverflowTheSameWindow() throws IOException {
        ScriptedModel model = model();
        run(TokenCounter.estimate(), model, new ArrayList<>());

        assertThat(model.requests()).anySatisfy(r ->
                assertThat(tokens.count(r.messages()) + r.sampling().maxNewTokens()).isGreaterThan(WINDOW));
    }
}
