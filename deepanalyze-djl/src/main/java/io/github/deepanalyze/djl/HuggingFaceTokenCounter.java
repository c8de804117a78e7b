package io.github.deepanalyze.djl;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.github.deepanalyze.common.ConfigurationException;
import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.model.TokenCounter;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Counts tokens exactly as the served model's Hugging Face tokenizer does, with DJL's
 * {@code ai.djl.huggingface:tokenizers} (native, offline). Give it the model's own
 * {@code tokenizer.json} and pass it to {@code Analyst.builder().tokenCounter(...)} so every request
 * stays inside {@code Budget.maxContextTokens()}:
 *
 * <pre>{@code
 * try (HuggingFaceTokenCounter tokens = HuggingFaceTokenCounter.of(Path.of("DeepAnalyze-8B/tokenizer.json"))) {
 *     Analyst analyst = Analyst.builder().model(model).tokenCounter(tokens)
 *             .budget(Budget.DEFAULT.withMaxContextTokens(32_768)).build();
 *     ...
 * }
 * }</pre>
 *
 * <p>Text is always encoded with truncation, padding and special tokens off: DJL's defaults would
 * silently cut every text at 512 tokens and so under-count long outputs.
 *
 * <p><b>Action tags.</b> DeepAnalyze-8B's tokenizer has its ten action tags ({@code <Analyze>} …
 * {@code </Answer>}) as added tokens, one token each. A tokenizer without them (for instance the
 * base Qwen3 one) splits each into 3–4 tokens; {@link Builder#addActionTags(boolean)} registers them
 * as ordinary added tokens so such a stand-in counts them like the real model.
 *
 * <p><b>Conversations.</b> {@link #count(List)} counts each message's content plus the chat
 * template's markers ({@link ChatTemplate}, DeepAnalyze-8B's by default) as this tokenizer encodes
 * them. With DeepAnalyze-8B's tokenizer that is 1 token for the begin-of-sentence marker, 1 per user
 * message ({@code <｜User｜>}), 1 per assistant sequence ({@code <｜Assistant｜>}, plus 1 for
 * {@code <｜end▁of▁sentence｜>} when a user message follows) and 6 per Execute output
 * ({@code \n<Execute>\n} … {@code \n</Execute>\n}). A tokenizer that lacks the markers encodes them as
 * ordinary text and so counts more. Markers and contents are encoded separately, so the total can
 * exceed the count of the rendered prompt by the merges BPE would make across a boundary (at most
 * one token per boundary): the error is on the safe side.
 *
 * <p>Thread-safe: one instance serves concurrent analyses. {@link #close()} frees the native
 * tokenizer; counting after {@code close()} throws {@link IllegalStateException}. No method accepts
 * or returns {@code null}.
 */
public final class HuggingFaceTokenCounter implements TokenCounter, AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final ChatTemplate template;
    private final String source;
    private final Map<String, Integer> markerTokens = new ConcurrentHashMap<>();
    /** Encoding holds the read lock; close() takes the write lock so it never frees a tokenizer in use. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private HuggingFaceTokenCounter(HuggingFaceTokenizer tokenizer, ChatTemplate template, String source) {
        this.tokenizer = tokenizer;
        this.template = template;
        this.source = source;
    }

    /**
     * Loads {@code tokenizerJson} (a {@code tokenizer.json} file, or a model directory holding one)
     * as it is, with DeepAnalyze-8B's chat template.
     *
     * @throws ConfigurationException if the file is missing or not a Hugging Face tokenizer
     */
    public static HuggingFaceTokenCounter of(Path tokenizerJson) {
        return builder().tokenizer(tokenizerJson).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    static HuggingFaceTokenCounter of(Loaded loaded, ChatTemplate template) {
        return new HuggingFaceTokenCounter(loaded.tokenizer(), template, loaded.source());
    }

    /** Tokens in {@code text}, without special tokens and without truncation. */
    @Override
    public int count(String text) {
        return encode(text).length;
    }

    /** Tokens the conversation takes in a prompt rendered with this counter's chat template; see the class documentation. */
    @Override
    public int count(List<Message> messages) {
        int[] total = {0};
        template.walk(messages, (piece, marker) -> {
            if (!piece.isEmpty()) {
                total[0] += marker ? markerTokens.computeIfAbsent(piece, this::count) : count(piece);
            }
        });
        return total[0];
    }

    /** The token ids of {@code text}, without special tokens and without truncation. */
    public long[] encode(String text) {
        Objects.requireNonNull(text, "text");
        lock.readLock().lock();
        try {
            ensureOpen();
            return tokenizer.encode(text, false, false).getIds();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The text of {@code ids}, special tokens included. */
    public String decode(long[] ids) {
        Objects.requireNonNull(ids, "ids");
        lock.readLock().lock();
        try {
            ensureOpen();
            return tokenizer.decode(ids, false);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this HuggingFaceTokenCounter (" + source + ") is closed");
        }
    }

    /** Frees the native tokenizer. Idempotent. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                tokenizer.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "HuggingFaceTokenCounter[" + source + "]";
    }

    /** Configures a {@link HuggingFaceTokenCounter}. Not thread-safe; {@code build()} validates. */
    public static final class Builder {
        private Path path;
        private InputStream stream;
        private String streamName;
        private boolean addActionTags;
        private ChatTemplate template = ChatTemplate.deepAnalyze();

        private Builder() {
        }

        /** The model's {@code tokenizer.json}, or the model directory that holds it. */
        public Builder tokenizer(Path tokenizerJson) {
            this.path = Objects.requireNonNull(tokenizerJson, "tokenizerJson");
            this.stream = null;
            return this;
        }

        /**
         * Reads the {@code tokenizer.json} content from {@code in} (for instance a classpath resource or
         * a decompressing stream); {@code build()} reads it fully and closes it. {@code name} appears
         * in error messages.
         */
        public Builder tokenizer(InputStream in, String name) {
            this.stream = Objects.requireNonNull(in, "in");
            this.streamName = Objects.requireNonNull(name, "name");
            this.path = null;
            return this;
        }

        /**
         * Whether to register DeepAnalyze's ten action tags as ordinary added tokens where the tokenizer
         * lacks them (default {@code false}: count exactly as the file says). Turn it on when the file
         * is a stand-in for DeepAnalyze-8B's own tokenizer, such as the base Qwen3 one.
         */
        public Builder addActionTags(boolean add) {
            this.addActionTags = add;
            return this;
        }

        /** The layout {@link #count(List)} accounts for (default {@link ChatTemplate#deepAnalyze()}). */
        public Builder chatTemplate(ChatTemplate template) {
            this.template = Objects.requireNonNull(template, "template");
            return this;
        }

        /**
         * Loads the tokenizer.
         *
         * @throws ConfigurationException if no tokenizer was given, or it is missing, unreadable or invalid
         */
        public HuggingFaceTokenCounter build() {
            Loaded t = load(path, stream, streamName, addActionTags);
            stream = null;
            return of(t, template);
        }
    }

    record Loaded(HuggingFaceTokenizer tokenizer, String source) {
    }

    /** Shared with {@link OnnxLanguageModel}: reads a tokenizer from a path or stream, optionally adding the tags. */
    static Loaded load(Path path, InputStream stream, String streamName, boolean addActionTags) {
        byte[] json;
        String source;
        if (path != null) {
            Path file = TokenizerFiles.resolve(path);
            source = file.toString();
            json = TokenizerFiles.read(file);
        } else if (stream != null) {
            source = streamName;
            json = TokenizerFiles.read(stream, streamName);
        } else {
            throw new ConfigurationException("No tokenizer given: call tokenizer(Path) with the model's tokenizer.json, "
                    + "or use TokenCounter.estimate() when you have none");
        }
        if (addActionTags) {
            json = TokenizerFiles.withAddedTokens(json, TokenizerFiles.ACTION_TAGS, source);
        }
        return new Loaded(TokenizerFiles.open(json, source), source);
    }
}
