package io.github.deepanalyze.djl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The tiny random-weight GPT in src/test/resources/tiny-gpt, made by src/test/python/make_tiny_gpt.py
 * (2 layers, 64 dims, 4 heads, 270 byte-level tokens), and its PyTorch greedy reference.
 */
final class TinyGpt {
    static final Path DIR = resource("/tiny-gpt");
    static final JsonNode REFERENCE = json(DIR.resolve("reference.json"));

    private TinyGpt() {
    }

    static long[] referencePromptIds() {
        return longs(REFERENCE.get("prompt_ids"));
    }

    static long[] referenceGreedyIds() {
        return longs(REFERENCE.get("greedy_ids"));
    }

    private static long[] longs(JsonNode array) {
        long[] ids = new long[array.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = array.get(i).asLong();
        }
        return ids;
    }

    private static Path resource(String name) {
        try {
            return Path.of(Objects.requireNonNull(TinyGpt.class.getResource(name), name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
