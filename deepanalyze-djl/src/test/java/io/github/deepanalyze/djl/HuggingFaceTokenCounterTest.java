package io.github.deepanalyze.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.deepanalyze.common.ConfigurationException;
import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.model.TokenCounter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HuggingFaceTokenCounterTest {
    static HuggingFaceTokenCounter plain;
    static HuggingFaceTokenCounter tagged;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        plain = Qwen3Tokenizer.counter(false);
        tagged = Qwen3Tokenizer.counter(true);
    }

    @AfterAll
    static void close() {
        plain.close();
        tagged.close();
    }

    @Test
    void encodesWithTheQwen3VocabularyWithoutSpecialTokens() {
        assertThat(plain.encode("Hello world")).containsExactly(9707, 1879);
        assertThat(plain.encode("import pandas as pd\n")).containsExactly(474, 18617, 438, 7744, 198);
        assertThat(plain.count("")).isZero();
    }

    @Test
    void chineseAndEmojiRoundTrip() {
        String text = "收入增长 12.5% — naïve café 🚀";
        long[] ids = plain.encode(text);
        assertThat(ids).hasSize(15);
        assertThat(plain.decode(ids)).isEqualTo(text);
    }

    @Test
    void neverTruncatesLongText() {
        String sentence = "The quick brown fox jumps over the lazy dog. ";
        String text = sentence.repeat(2_300); // 103,500 characters
        int perSentence = plain.count(sentence.strip());
        assertThat(perSentence).isEqualTo(10);
        // each repetition costs the same 10 tokens ("The" becomes " The"); a trailing space may add one
        assertThat(plain.count(text)).isGreaterThan(512).isBetween(10 * 2_300, 10 * 2_300 + 1);
    }

    @Test
    void baseQwen3SplitsActionTagsIntoSeveralTokens() {
        assertThat(plain.count("<Analyze>")).isEqualTo(4);
        assertThat(plain.count("</Code>")).isEqualTo(3);
    }

    @Test
    void registeredActionTagsCountAsOneTokenEach() {
        for (String tag : TokenizerFiles.ACTION_TAGS) {
            assertThat(tagged.count(tag)).as(tag).isEqualTo(1);
        }
        String turn = "<Analyze>Look at data</Analyze><Code>\nimport pandas as pd\n</Code><Answer>42</Answer>";
        assertThat(tagged.encode(turn)).containsExactly(
                151669, 10380, 518, 821, 151670, 151673, 198, 474, 18617, 438, 7744, 198, 151674, 151677, 19, 17, 151678);
        assertThat(tagged.decode(tagged.encode(turn))).isEqualTo(turn);
    }

    @Test
    void addingActionTagsKeepsATokenizerThatAlreadyHasThem() throws IOException {
        byte[] json;
        try (var in = Qwen3Tokenizer.open()) {
            json = in.readAllBytes();
        }
        byte[] once = TokenizerFiles.withAddedTokens(json, TokenizerFiles.ACTION_TAGS, "t");
        assertThat(once).isNotSameAs(json);
        assertThat(TokenizerFiles.withAddedTokens(once, TokenizerFiles.ACTION_TAGS, "t")).isSameAs(once);
    }

    @Test
    void countsAConversationAsContentPlusTemplateMarkers() {
        List<Message> conversation = List.of(
                Message.user("# Instruction\nHow many rows?"),
                Message.assistant("<Analyze>count</Analyze><Code>print(3)</Code>"),
                Message.execute("3"),
                Message.assistant("<Answer>3</Answer>"));
        int contents = 0;
        for (Message m : conversation) {
            contents += tagged.count(m.content());
        }
        int markers = tagged.count("<｜begin▁of▁sentence｜>") + tagged.count("<｜User｜>") + tagged.count("<｜Assistant｜>")
                + tagged.count("\n<Execute>\n") + tagged.count("\n</Execute>\n");
        assertThat(tagged.count(conversation)).isEqualTo(contents + markers);
        // never less than the rendered prompt encoded in one piece
        assertThat(tagged.count(conversation)).isGreaterThanOrEqualTo(tagged.count(ChatTemplate.deepAnalyze().render(conversation)));
    }

    @Test
    void executeMarkersCostSixTokensWithRegisteredTags() {
        assertThat(tagged.count("\n<Execute>\n") + tagged.count("\n</Execute>\n")).isEqualTo(6);
    }

    @Test
    void countsChineseOutputFarAboveTheCharacterEstimate() {
        String output = "收入增长率按地区统计，南部地区最高。".repeat(200);
        assertThat(tagged.count(output)).isGreaterThan(TokenCounter.estimate().count(output));
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        String text = "收入增长 12.5% — naïve café 🚀 ".repeat(50);
        int expected = tagged.count(text);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(() -> tagged.count(text)));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void loadsFromAModelDirectory() throws IOException {
        try (var in = Qwen3Tokenizer.open()) {
            Files.write(tmp.resolve("tokenizer.json"), in.readAllBytes());
        }
        try (HuggingFaceTokenCounter c = HuggingFaceTokenCounter.of(tmp)) {
            assertThat(c.count("Hello world")).isEqualTo(2);
            assertThat(c).hasToString("HuggingFaceTokenCounter[" + tmp.resolve("tokenizer.json") + "]");
        }
    }

    @Test
    void aMissingFileNamesThePathAndTheFix() {
        Path missing = tmp.resolve("nope/tokenizer.json");
        assertThatThrownBy(() -> HuggingFaceTokenCounter.of(missing))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(missing.toAbsolutePath().toString())
                .hasMessageContaining("pass the tokenizer.json of the model you serve");
    }

    @Test
    void anInvalidFileNamesTheSourceAndWhatIsExpected() throws IOException {
        Path config = Files.writeString(tmp.resolve("tokenizer_config.json"), "{\"eos_token\": \"<|im_end|>\"}");
        assertThatThrownBy(() -> HuggingFaceTokenCounter.of(config))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(config.toString())
                .hasMessageContaining("pass the tokenizer.json file of a Hugging Face model");
        assertThatThrownBy(() -> HuggingFaceTokenCounter.builder().addActionTags(true)
                .tokenizer(new ByteArrayInputStream("not json".getBytes(StandardCharsets.UTF_8)), "upload").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Invalid tokenizer upload: it is not valid JSON");
    }

    @Test
    void buildingWithoutATokenizerSaysWhatToCall() {
        assertThatThrownBy(() -> HuggingFaceTokenCounter.builder().build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("call tokenizer(Path)");
    }

    @Test
    void refusesToCountAfterClose() {
        HuggingFaceTokenCounter c = Qwen3Tokenizer.counter(false);
        c.close();
        c.close();
        assertThatThrownBy(() -> c.count("x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
