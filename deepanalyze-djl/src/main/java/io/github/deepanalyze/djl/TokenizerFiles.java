package io.github.deepanalyze.djl;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.deepanalyze.common.ConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads, patches and opens Hugging Face {@code tokenizer.json} files with DJL. */
final class TokenizerFiles {

    /**
     * DeepAnalyze's action tags, in the order the reference adds them. DeepAnalyze-8B's own
     * tokenizer has them as added (non-special) tokens; base Qwen3 splits each into 3-4 tokens.
     */
    static final List<String> ACTION_TAGS = List.of(
            "<Analyze>", "</Analyze>", "<Understand>", "</Understand>", "<Code>", "</Code>",
            "<Execute>", "</Execute>", "<Answer>", "</Answer>");

    /**
     * DJL's HuggingFaceTokenizer truncates to 512 tokens unless told not to, and adds special
     * tokens by default; neither is wanted for counting or for a decode loop.
     */
    private static final Map<String, String> OPTIONS = Map.of(
            "addSpecialTokens", "false", "truncation", "false", "padding", "false");

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerFiles() {
    }

    /** {@code path} itself, or {@code path/tokenizer.json} when {@code path} is a model directory. */
    static Path resolve(Path path) {
        return Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("No tokenizer.json at " + file.toAbsolutePath()
                    + ": pass the tokenizer.json of the model you serve (it sits in the Hugging Face model "
                    + "directory, e.g. DeepAnalyze-8B/tokenizer.json), or its directory", e);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read tokenizer file " + file.toAbsolutePath() + ": " + e.getMessage()
                    + "; check that the file is readable", e);
        }
    }

    static byte[] read(InputStream in, String source) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read tokenizer " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends {@code tokens} to {@code added_tokens} as ordinary (non-special, un-normalized) added
     * tokens, skipping those the file already has, with ids after the highest id in use. This is
     * what Hugging Face's {@code tokenizer.add_tokens} writes; DJL has no API for it.
     */
    static byte[] withAddedTokens(byte[] json, List<String> tokens, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw invalid(source, "it is not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw invalid(source, e.getMessage(), e);
        }
        if (!(root instanceof ObjectNode obj) || !(root.path("model").path("vocab").isObject())) {
            throw invalid(source, "it has no model.vocab object", null);
        }
        JsonNode vocab = root.path("model").path("vocab");
        JsonNode addedNode = obj.get("added_tokens");
        ArrayNode added = addedNode instanceof ArrayNode a ? a : obj.putArray("added_tokens");
        Set<String> present = new HashSet<>();
        long next = 0;
        for (Map.Entry<String, JsonNode> e : vocab.properties()) {
            next = Math.max(next, e.getValue().asLong() + 1);
        }
        for (JsonNode t : added) {
            present.add(t.path("content").asText());
            next = Math.max(next, t.path("id").asLong() + 1);
        }
        boolean changed = false;
        for (String token : tokens) {
            if (present.contains(token) || vocab.has(token)) {
                continue;
            }
            ObjectNode o = added.addObject();
            o.put("id", next++);
            o.put("content", token);
            o.put("single_word", false);
            o.put("lstrip", false);
            o.put("rstrip", false);
            o.put("normalized", false);
            o.put("special", false);
            present.add(token);
            changed = true;
        }
        if (!changed) {
            return json;
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("re-serializing a parsed JSON tree failed", e);
        }
    }

    static HuggingFaceTokenizer open(byte[] json, String source) {
        try {
            return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), OPTIONS);
        } catch (IOException e) {
            throw invalid(source, e.getMessage(), e);
        } catch (UnsatisfiedLinkError e) {
            throw new ConfigurationException("DJL's tokenizers native library could not be loaded for " + source
                    + " (" + e.getMessage() + "): ai.djl.huggingface:tokenizers bundles it for linux x86_64/aarch64, "
                    + "macOS aarch64 and Windows x86_64; on other platforms count with TokenCounter.estimate()", null);
        } catch (RuntimeException e) {
            throw invalid(source, e.getMessage(), e);
        }
    }

    private static ConfigurationException invalid(String source, String why, Throwable cause) {
        return new ConfigurationException("Invalid tokenizer " + source + ": " + why
                + "; pass the tokenizer.json file of a Hugging Face model (not tokenizer_config.json or a "
                + "SentencePiece .model file)", cause);
    }
}
