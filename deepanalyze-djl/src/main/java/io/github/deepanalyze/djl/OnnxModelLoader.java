package io.github.deepanalyze.djl;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.deepanalyze.common.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads what {@link OnnxLanguageModel} runs: finds the ONNX file and tokenizer, reads {@code config.json}
 * and {@code generation_config.json} for the end-of-sequence ids, context length and KV-cache shape,
 * checks that DJL's ONNX Runtime engine is present, loads the model and checks that its inputs are
 * those of a decoder with a KV cache. Settings left at their "unset" value ({@code null} paths and
 * ids, {@code 0} numbers) fall back to the files.
 *
 * <p>Immutable apart from the arrays it is given (the builder hands over its own); one call of
 * {@link #load()} per model. {@code directory} or {@code modelFile} may be {@code null}, not both.
 */
final class OnnxModelLoader {
    private static final String ENGINE = "OnnxRuntime";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PLAIN_INPUTS = List.of("input_ids", "attention_mask", "position_ids", "use_cache_branch");

    private final Path directory;
    private final Path modelFile;
    private final Path tokenizerFile;
    private final ChatTemplate template;
    private final long[] eosTokenIds;
    private final int contextLength;
    private final int threads;
    private final int kvHeads;
    private final int headDim;

    OnnxModelLoader(Path directory, Path modelFile, Path tokenizerFile, ChatTemplate template, long[] eosTokenIds,
            int contextLength, int threads, int kvHeads, int headDim) {
        this.directory = directory;
        this.modelFile = modelFile;
        this.tokenizerFile = tokenizerFile;
        this.template = template;
        this.eosTokenIds = eosTokenIds;
        this.contextLength = contextLength;
        this.threads = threads;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
    }

    /**
     * A loaded model; the caller owns {@code model}, {@code predictor} and {@code tokenizer} and closes them.
     *
     * @param pastShapes past input name -> [kv_heads, head_dim]
     */
    record Loaded(Model model, Predictor<NDList, NDList> predictor, HuggingFaceTokenCounter tokenizer, long[] eosTokenIds,
            int contextLength, List<String> inputNames, Map<String, long[]> pastShapes, Path modelFile, Path tokenizerFile,
            Duration loadTime) {
    }

    /**
     * Loads the tokenizer and the model.
     *
     * @throws ConfigurationException if a file is missing, the ONNX engine is not on the class path,
     *     or the model does not have the expected inputs and outputs
     */
    Loaded load() {
        long t0 = System.nanoTime();
        if (directory == null && modelFile == null) {
            throw new ConfigurationException("No model given: call modelDirectory(dir) with the folder written by "
                    + "`optimum-cli export onnx --task text-generation-with-past`, or modelFile(path)");
        }
        Path onnx = modelFile != null ? modelFile : directory.resolve("model.onnx");
        if (!Files.isRegularFile(onnx)) {
            throw new ConfigurationException("No ONNX model at " + onnx.toAbsolutePath() + ": export one with "
                    + "`optimum-cli export onnx --model RUC-DataLab/DeepAnalyze-8B --task text-generation-with-past DIR` "
                    + "and pass DIR to modelDirectory(...)");
        }
        Path dir = directory != null ? directory : onnx.toAbsolutePath().getParent();
        Path tok = tokenizerFile != null ? tokenizerFile : dir.resolve("tokenizer.json");
        JsonNode config = readJson(dir.resolve("config.json"));
        JsonNode generationConfig = readJson(dir.resolve("generation_config.json"));
        long[] eos = eosTokenIds != null ? eosTokenIds : eosFrom(generationConfig, config);
        int context = contextLength > 0 ? contextLength
                : config.path("max_position_embeddings").asInt(Integer.MAX_VALUE);
        if (!Engine.hasEngine(ENGINE)) {
            throw new ConfigurationException("DJL's ONNX Runtime engine is not on the class path: add the dependency "
                    + "ai.djl.onnxruntime:onnxruntime-engine (same version as ai.djl:api, " + Engine.getDjlVersion()
                    + ") to use OnnxLanguageModel");
        }
        HuggingFaceTokenCounter tokenizer = HuggingFaceTokenCounter.of(HuggingFaceTokenCounter.load(tok, null, null, false), template);
        Model model = Model.newInstance("deepanalyze-onnx", ENGINE);
        try {
            Map<String, Object> options = new LinkedHashMap<>();
            if (threads > 0) {
                options.put("intraOpNumThreads", Integer.toString(threads));
            }
            String file = onnx.getFileName().toString();
            model.load(onnx.toAbsolutePath().getParent(), file.endsWith(".onnx") ? file.substring(0, file.length() - 5) : file, options);
            long[] kv = kvShape(config, onnx);
            List<String> names = new ArrayList<>();
            Map<String, long[]> past = new LinkedHashMap<>();
            for (Pair<String, Shape> p : model.describeInput()) {
                String name = p.getKey();
                names.add(name);
                if (name.startsWith("past_key_values.")) {
                    past.put(name, kv);
                } else if (!PLAIN_INPUTS.contains(name)) {
                    throw contract(onnx, "unexpected input '" + name + "'");
                }
            }
            if (!names.contains("input_ids") || !names.contains("attention_mask") || past.isEmpty()) {
                throw contract(onnx, "its inputs are " + names);
            }
            // DJL's ONNX engine cannot describe outputs; missing logits/present outputs are reported on the first call
            Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator());
            return new Loaded(model, predictor, tokenizer, eos, context, List.copyOf(names), past, onnx, tok,
                    Duration.ofNanos(System.nanoTime() - t0));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            tokenizer.close();
            if (e instanceof ConfigurationException ce) {
                throw ce;
            }
            throw new ConfigurationException("Cannot load the ONNX model " + onnx.toAbsolutePath() + ": " + e.getMessage()
                    + "; check that the file is a complete ONNX export (with its .onnx_data file when it has one)", e);
        }
    }

    /**
     * [kv_heads, head_dim] of the cache, needed to build the empty first past (DJL does not expose the
     * graph's input shapes): from the builder, else from config.json as Hugging Face writes it.
     */
    private long[] kvShape(JsonNode config, Path onnx) {
        if (kvHeads > 0) {
            return new long[] {kvHeads, headDim};
        }
        int heads = config.path("num_attention_heads").asInt(0);
        int kvh = config.path("num_key_value_heads").asInt(heads);
        int hd = config.path("head_dim").asInt(heads > 0 ? config.path("hidden_size").asInt(0) / heads : 0);
        if (kvh <= 0 || hd <= 0) {
            throw new ConfigurationException("Cannot tell the KV-cache shape of " + onnx + ": put the model's config.json "
                    + "(num_attention_heads, num_key_value_heads, head_dim or hidden_size) next to it, or call kvCache(kvHeads, headDim)");
        }
        return new long[] {kvh, hd};
    }

    private static ConfigurationException contract(Path onnx, String what) {
        return new ConfigurationException("The ONNX model " + onnx + " is not a decoder with a KV cache (" + what
                + "): export it with `optimum-cli export onnx --task text-generation-with-past`, which gives inputs "
                + "input_ids, attention_mask, position_ids, past_key_values.N.key/value and outputs logits, present.N.key/value");
    }

    private static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read " + file + ": " + e.getMessage() + "; fix or remove the file", e);
        }
    }

    private static long[] eosFrom(JsonNode generationConfig, JsonNode config) {
        for (JsonNode c : List.of(generationConfig, config)) {
            JsonNode e = c.path("eos_token_id");
            if (e.isIntegralNumber()) {
                return new long[] {e.asLong()};
            }
            if (e.isArray()) {
                long[] ids = new long[e.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = e.get(i).asLong();
                }
                return ids;
            }
        }
        return new long[0];
    }
}
