package io.github.deepanalyze.djl;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import io.github.deepanalyze.common.AnalysisCancelledException;
import io.github.deepanalyze.common.ConfigurationException;
import io.github.deepanalyze.common.ModelException;
import io.github.deepanalyze.common.TokenUsage;
import io.github.deepanalyze.model.FinishReason;
import io.github.deepanalyze.model.Generation;
import io.github.deepanalyze.model.GenerationRequest;
import io.github.deepanalyze.model.LanguageModel;
import io.github.deepanalyze.model.SamplingOptions;
import io.github.deepanalyze.model.TokenCounter;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LanguageModel} that runs a causal language model inside the JVM: an ONNX export executed
 * by ONNX Runtime through DJL, with the decode loop (KV cache, sampling, stop strings, streaming,
 * end-of-sequence) in this class. No server is needed.
 *
 * <pre>{@code
 * // optimum-cli export onnx --model RUC-DataLab/DeepAnalyze-8B --task text-generation-with-past deepanalyze-onnx/
 * try (OnnxLanguageModel model = OnnxLanguageModel.builder().modelDirectory(Path.of("deepanalyze-onnx")).build()) {
 *     Analyst analyst = Analyst.builder().model(model).build();
 * }
 * }</pre>
 *
 * <p><b>Model contract.</b> The ONNX graph has the I/O of an Optimum {@code text-generation-with-past}
 * decoder: inputs {@code input_ids} and {@code attention_mask} (int64), optionally
 * {@code position_ids} (int64) and {@code use_cache_branch} (bool, older "merged" exports), and
 * {@code past_key_values.N.key/value} (float32, {@code [batch, kv_heads, past, head_dim]}); outputs
 * {@code logits} ({@code [batch, sequence, vocab]}) and {@code present.N.key/value}. The first call
 * passes an empty past (a one-step dummy with {@code use_cache_branch=false} for merged exports).
 * Float16 KV caches are not supported. The tokenizer is the model's {@code tokenizer.json}.
 *
 * <p><b>Prompt.</b> Messages are rendered client-side with a {@link ChatTemplate}
 * ({@link ChatTemplate#deepAnalyze()} by default), encoded without adding special tokens (the
 * template writes them), and fed in chunks of {@link Builder#prefillChunkTokens(int)} tokens so a
 * long prompt never materialises {@code prompt × vocab} logits at once.
 *
 * <p><b>Decoding.</b> Temperature 0 is greedy (ties go to the lowest id); otherwise temperature and
 * top-p sampling with a {@link java.util.SplittableRandom} seeded from {@link SamplingOptions#seed()}
 * (fresh randomness when it is {@code null}), so a seed reproduces a generation on the same model
 * and machine. Generation ends at an end-of-sequence id (from the builder, else
 * {@code generation_config.json}/{@code config.json}; not part of the text), before the first stop
 * string (never emitted, not returned), at {@code maxNewTokens}, or at the context length
 * ({@link FinishReason#LENGTH}). Text deltas go to {@code onText} as soon as they are final: an
 * incomplete UTF-8 character and a possible start of a stop string are held back. Cancellation is
 * checked before every forward pass. {@link TokenUsage#completionTokens()} counts every generated
 * token, an end-of-sequence token included.
 *
 * <p><b>Thread-safety.</b> Thread-safe: generations on one instance run one at a time (a single
 * session, so memory holds one KV cache); other callers wait, and still honour cancellation while
 * they wait. {@link #close()} frees the native model. No method accepts or returns {@code null}.
 *
 * <p>Requires {@code ai.djl.onnxruntime:onnxruntime-engine} on the class path (an optional
 * dependency of this module).
 */
public final class OnnxLanguageModel implements LanguageModel, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxLanguageModel.class);

    private final Model model;
    private final Predictor<NDList, NDList> predictor;
    private final HuggingFaceTokenCounter tokenizer;
    private final ChatTemplate template;
    private final long[] eosTokenIds;
    private final int contextLength;
    private final int prefillChunk;
    private final List<String> inputNames;
    /** past input name -> [kv_heads, head_dim] */
    private final Map<String, long[]> pastShapes;
    private final boolean mergedDecoder;
    private final Path modelFile;
    private final Duration loadTime;
    private final ReentrantLock session = new ReentrantLock(true);
    private final LongConsumer tokenListener;
    private boolean closed;

    private OnnxLanguageModel(OnnxModelLoader.Loaded loaded, ChatTemplate template, int prefillChunk,
            LongConsumer tokenListener) {
        this.model = loaded.model();
        this.predictor = loaded.predictor();
        this.tokenizer = loaded.tokenizer();
        this.template = template;
        this.eosTokenIds = loaded.eosTokenIds();
        this.contextLength = loaded.contextLength();
        this.prefillChunk = prefillChunk;
        this.inputNames = loaded.inputNames();
        this.pastShapes = loaded.pastShapes();
        this.mergedDecoder = inputNames.contains("use_cache_branch");
        this.modelFile = loaded.modelFile();
        this.loadTime = loaded.loadTime();
        this.tokenListener = tokenListener;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Generation generate(GenerationRequest request, Consumer<String> onText) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(onText, "onText");
        acquire(request);
        try {
            if (closed) {
                throw new ModelException(describe() + " is closed", false);
            }
            return decode(request, onText);
        } finally {
            session.unlock();
        }
    }

    private void acquire(GenerationRequest request) {
        try {
            while (!session.tryLock(50, TimeUnit.MILLISECONDS)) {
                request.cancellation().throwIfCancelled();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnalysisCancelledException("interrupted while waiting for " + describe());
        }
    }

    private Generation decode(GenerationRequest request, Consumer<String> onText) {
        String prompt = template.render(request.messages());
        long[] promptIds = tokenizer.encode(prompt);
        if (promptIds.length == 0) {
            throw new ModelException("the rendered prompt is empty; give the model at least one non-empty message", false);
        }
        if (promptIds.length >= contextLength) {
            throw new ModelException("the prompt has " + promptIds.length + " tokens but " + describe() + " has a context of "
                    + contextLength + " tokens; set Budget.maxContextTokens to at most " + contextLength, false);
        }
        SamplingOptions s = request.sampling();
        int maxNew = Math.min(s.maxNewTokens(), contextLength - promptIds.length);
        Sampler sampler = new Sampler(s.temperature(), s.topP(),
                s.seed() == null ? new SplittableRandom() : new SplittableRandom(s.seed()));
        TextStream stream = new TextStream(tokenizer::decode, request.stop(), onText);
        FinishReason reason = FinishReason.LENGTH;
        long t0 = System.nanoTime();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            Map<String, NDArray> past = null;
            float[] logits = null;
            int total = 0;
            for (int off = 0; off < promptIds.length; off += prefillChunk) {
                request.cancellation().throwIfCancelled();
                long[] chunk = Arrays.copyOfRange(promptIds, off, Math.min(promptIds.length, off + prefillChunk));
                Step step = forward(manager, chunk, total, past);
                past = step.past();
                logits = step.logits();
                total += chunk.length;
            }
            int vocab = logits.length;
            for (int n = 0; n < maxNew; n++) {
                int next = sampler.pick(logits, 0, vocab);
                tokenListener.accept(next);
                if (isEos(next)) {
                    stream.finish();
                    reason = FinishReason.STOP;
                    return done(stream, promptIds.length, n + 1, reason, t0);
                }
                if (stream.add(next)) {
                    reason = FinishReason.STOP;
                    break;
                }
                if (n + 1 == maxNew) {
                    break;
                }
                request.cancellation().throwIfCancelled();
                Step step = forward(manager, new long[] {next}, total, past);
                past = step.past();
                logits = step.logits();
                total++;
            }
        }
        stream.finish();
        return done(stream, promptIds.length, stream.tokens(), reason, t0);
    }

    private Generation done(TextStream stream, int promptTokens, int generated, FinishReason reason, long t0) {
        if (LOG.isDebugEnabled()) {
            double secs = (System.nanoTime() - t0) / 1e9;
            LOG.debug("{}: {} prompt + {} new tokens in {} s ({} tokens/s overall), {}", modelFile.getFileName(), promptTokens,
                    generated, String.format("%.3f", secs), String.format("%.1f", generated / secs), reason);
        }
        return new Generation(stream.text(), reason, new TokenUsage(promptTokens, generated));
    }

    private boolean isEos(int id) {
        for (long e : eosTokenIds) {
            if (e == id) {
                return true;
            }
        }
        return false;
    }

    private record Step(float[] logits, Map<String, NDArray> past) {
    }

    /** Runs ids at positions [pastLength, pastLength + ids.length); returns the last position's logits and the new cache. */
    private Step forward(NDManager manager, long[] ids, int pastLength, Map<String, NDArray> past) {
        int total = pastLength + ids.length;
        try (NDManager call = manager.newSubManager()) {
            NDList in = new NDList();
            for (String name : inputNames) {
                NDArray a = switch (name) {
                    case "input_ids" -> call.create(ids, new Shape(1, ids.length));
                    case "attention_mask" -> {
                        long[] mask = new long[total];
                        Arrays.fill(mask, 1);
                        yield call.create(mask, new Shape(1, total));
                    }
                    case "position_ids" -> {
                        long[] pos = new long[ids.length];
                        for (int i = 0; i < pos.length; i++) {
                            pos[i] = pastLength + i;
                        }
                        yield call.create(pos, new Shape(1, ids.length));
                    }
                    case "use_cache_branch" -> call.create(new boolean[] {past != null}, new Shape(1));
                    default -> {
                        if (past != null) {
                            yield past.get(name);
                        }
                        long[] hd = pastShapes.get(name);
                        int dummy = mergedDecoder ? 1 : 0;
                        yield call.create(FloatBuffer.allocate((int) (hd[0] * hd[1] * dummy)), new Shape(1, hd[0], dummy, hd[1]),
                                DataType.FLOAT32);
                    }
                };
                a.setName(name);
                in.add(a);
            }
            NDList out = predictor.predict(in);
            NDArray logitsArray = out.get("logits");
            if (logitsArray == null) {
                throw new ModelException(describe() + " returned no 'logits' output", false);
            }
            float[] all = logitsArray.toFloatArray();
            int vocab = (int) logitsArray.getShape().get(2);
            float[] last = Arrays.copyOfRange(all, all.length - vocab, all.length);
            Map<String, NDArray> next = new LinkedHashMap<>();
            for (String name : pastShapes.keySet()) {
                String presentName = "present." + name.substring("past_key_values.".length());
                NDArray present = out.get(presentName);
                if (present == null) {
                    throw new ModelException(describe() + " returned no '" + presentName + "' output", false);
                }
                present.attach(manager);
                next.put(name, present);
            }
            if (past != null) {
                past.values().forEach(NDArray::close);
            }
            return new Step(last, next);
        } catch (TranslateException | RuntimeException e) {
            if (e instanceof ModelException me) {
                throw me;
            }
            throw new ModelException("ONNX Runtime failed to run " + modelFile + " at position " + pastLength + ": "
                    + e.getMessage(), -1, false, e);
        }
    }

    /**
     * A token counter with this model's tokenizer and chat template, for
     * {@code Analyst.builder().tokenCounter(...)}: it counts exactly what {@link #generate} will feed
     * the model. Thread-safe; it stops working when this model is closed.
     */
    public TokenCounter tokenCounter() {
        return tokenizer;
    }

    /** How long {@link Builder#build()} took to load the model and tokenizer. */
    Duration loadTime() {
        return loadTime;
    }

    @Override
    public String describe() {
        return "OnnxLanguageModel[" + modelFile + ", " + pastShapes.size() / 2 + " layers, context "
                + (contextLength == Integer.MAX_VALUE ? "unlimited" : contextLength) + "]";
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Frees the native model and tokenizer, after a running generation finishes. Idempotent. */
    @Override
    public void close() {
        session.lock();
        try {
            if (!closed) {
                closed = true;
                predictor.close();
                model.close();
                tokenizer.close();
            }
        } finally {
            session.unlock();
        }
    }

    /**
     * Configures an {@link OnnxLanguageModel}. Give either a model directory (as written by
     * {@code optimum-cli export onnx}: {@code model.onnx}, {@code tokenizer.json}, {@code config.json},
     * {@code generation_config.json}) or the files one by one. Not thread-safe.
     */
    public static final class Builder {
        private Path directory;
        private Path modelFile;
        private Path tokenizerFile;
        private ChatTemplate template = ChatTemplate.deepAnalyze();
        private long[] eosTokenIds;
        private int contextLength;
        private int prefillChunk = 128;
        private int threads;
        private int kvHeads;
        private int headDim;
        private LongConsumer tokenListener = id -> { };

        private Builder() {
        }

        /** For tests: sees every sampled token id, in order. */
        Builder tokenListener(LongConsumer listener) {
            this.tokenListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** A directory holding {@code model.onnx} and {@code tokenizer.json}, optionally {@code config.json} and {@code generation_config.json}. */
        public Builder modelDirectory(Path dir) {
            this.directory = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** The {@code .onnx} file (default {@code model.onnx} in the model directory); external weight files sit next to it. */
        public Builder modelFile(Path onnx) {
            this.modelFile = Objects.requireNonNull(onnx, "onnx");
            return this;
        }

        /** The model's {@code tokenizer.json} (default: in the model directory, else next to the model file). */
        public Builder tokenizer(Path tokenizerJson) {
            this.tokenizerFile = Objects.requireNonNull(tokenizerJson, "tokenizerJson");
            return this;
        }

        /** How messages become the prompt (default {@link ChatTemplate#deepAnalyze()}). */
        public Builder chatTemplate(ChatTemplate template) {
            this.template = Objects.requireNonNull(template, "template");
            return this;
        }

        /**
         * Token ids that end a generation (default: {@code eos_token_id} of {@code generation_config.json},
         * else of {@code config.json}, else none). An empty list disables end-of-sequence detection.
         */
        public Builder eosTokenIds(long... ids) {
            this.eosTokenIds = ids.clone();
            return this;
        }

        /** Positions the model supports (default: {@code max_position_embeddings} of {@code config.json}, else unlimited). */
        public Builder contextLength(int tokens) {
            if (tokens <= 0) {
                throw new ConfigurationException("contextLength must be > 0, got " + tokens);
            }
            this.contextLength = tokens;
            return this;
        }

        /** Prompt tokens per forward pass while reading the prompt (default 128). */
        public Builder prefillChunkTokens(int tokens) {
            if (tokens <= 0) {
                throw new ConfigurationException("prefillChunkTokens must be > 0, got " + tokens);
            }
            this.prefillChunk = tokens;
            return this;
        }

        /**
         * The KV cache's heads and head size (default: from {@code config.json}: {@code num_key_value_heads}
         * or {@code num_attention_heads}, and {@code head_dim} or {@code hidden_size / num_attention_heads}).
         */
        public Builder kvCache(int kvHeads, int headDim) {
            if (kvHeads <= 0 || headDim <= 0) {
                throw new ConfigurationException("kvCache needs positive kvHeads and headDim, got " + kvHeads + ", " + headDim);
            }
            this.kvHeads = kvHeads;
            this.headDim = headDim;
            return this;
        }

        /** ONNX Runtime intra-op threads (default: ONNX Runtime's choice, one per core). */
        public Builder threads(int threads) {
            if (threads <= 0) {
                throw new ConfigurationException("threads must be > 0, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Loads the tokenizer and the model.
         *
         * @throws ConfigurationException if a file is missing, the ONNX engine is not on the class path,
         *     or the model does not have the expected inputs and outputs
         */
        public OnnxLanguageModel build() {
            OnnxModelLoader.Loaded loaded = new OnnxModelLoader(directory, modelFile, tokenizerFile, template, eosTokenIds,
                    contextLength, threads, kvHeads, headDim).load();
            LOG.info("loaded {} ({} layers, tokenizer {}) in {} ms", loaded.modelFile(), loaded.pastShapes().size() / 2,
                    loaded.tokenizerFile(), loaded.loadTime().toMillis());
            return new OnnxLanguageModel(loaded, template, prefillChunk, tokenListener);
        }
    }
}
