package io.github.deepanalyze.djl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/** The vendored Qwen3 tokenizer.json (see src/test/resources/qwen3/SOURCE.md), a stand-in for DeepAnalyze-8B's. */
final class Qwen3Tokenizer {
    static final String RESOURCE = "/qwen3/tokenizer.json.gz";

    private Qwen3Tokenizer() {
    }

    static InputStream open() {
        try {
            return new GZIPInputStream(Objects.requireNonNull(Qwen3Tokenizer.class.getResourceAsStream(RESOURCE), RESOURCE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HuggingFaceTokenCounter counter(boolean withActionTags) {
        return HuggingFaceTokenCounter.builder().tokenizer(open(), "qwen3/tokenizer.json").addActionTags(withActionTags).build();
    }
}
