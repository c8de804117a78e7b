package io.github.deepanalyze.djl;

import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.model.Role;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Renders a conversation as the raw prompt text a causal language model continues, the way a
 * server's chat template would (for models run in-process, and for counting template tokens).
 *
 * <p>The layout is a sequence of markers around message contents: a begin-of-sequence marker, then
 * each system and user message with its prefix and suffix. Assistant and {@link Role#EXECUTE}
 * messages after a user message form one assistant sequence: the assistant prefix once, then
 * assistant text as is and each Execute output wrapped in the execute prefix and suffix. A later
 * user message first closes the assistant sequence with the assistant suffix. When the
 * conversation does not end inside an assistant sequence, the assistant prefix is appended so the
 * model starts answering.
 *
 * <p>{@link #deepAnalyze()} is DeepAnalyze-8B's (DeepSeek-R1's) layout:
 * {@code <｜begin▁of▁sentence｜>{system}<｜User｜>{user}<｜Assistant｜>{assistant}\n<Execute>\n{output}\n</Execute>\n{assistant}…}.
 * The markers are documented; the exact whitespace DeepAnalyze-8B's template puts around a spliced
 * Execute block is not published, so {@code "\n<Execute>\n"} and {@code "\n</Execute>\n"} are the
 * SDK's best reading of the reference: they reproduce the trajectories the reference writes (a
 * recorded DeepAnalyze-8B run reads {@code …</Code>\n<Execute>\n{output}\n</Execute>\n<Understand>…}).
 * Use {@link #builder()} to change any marker.
 *
 * <p>Immutable and thread-safe. No method accepts or returns {@code null}.
 */
public final class ChatTemplate {
    private static final ChatTemplate DEEP_ANALYZE = builder().build();

    private final String beginOfSequence;
    private final String systemPrefix;
    private final String systemSuffix;
    private final String userPrefix;
    private final String userSuffix;
    private final String assistantPrefix;
    private final String assistantSuffix;
    private final String executePrefix;
    private final String executeSuffix;

    private ChatTemplate(Builder b) {
        beginOfSequence = b.beginOfSequence;
        systemPrefix = b.systemPrefix;
        systemSuffix = b.systemSuffix;
        userPrefix = b.userPrefix;
        userSuffix = b.userSuffix;
        assistantPrefix = b.assistantPrefix;
        assistantSuffix = b.assistantSuffix;
        executePrefix = b.executePrefix;
        executeSuffix = b.executeSuffix;
    }

    /** DeepAnalyze-8B's layout (DeepSeek-R1-0528-Qwen3's markers); see the class documentation. */
    public static ChatTemplate deepAnalyze() {
        return DEEP_ANALYZE;
    }

    /** A builder starting from {@link #deepAnalyze()}'s markers. */
    public static Builder builder() {
        return new Builder();
    }

    /** The prompt text for {@code messages}, ending where the model should continue. */
    public String render(List<Message> messages) {
        StringBuilder sb = new StringBuilder();
        walk(messages, (piece, isMarker) -> sb.append(piece));
        return sb.toString();
    }

    /**
     * Feeds the rendered prompt to {@code sink} piece by piece: markers with {@code true}, message
     * contents with {@code false}. {@link #render} is the concatenation of the pieces.
     */
    void walk(List<Message> messages, BiConsumer<String, Boolean> sink) {
        Objects.requireNonNull(messages, "messages");
        sink.accept(beginOfSequence, true);
        boolean inAssistant = false;
        for (Message m : messages) {
            switch (m.role()) {
                case SYSTEM, USER -> {
                    if (inAssistant) {
                        sink.accept(assistantSuffix, true);
                        inAssistant = false;
                    }
                    boolean system = m.role() == Role.SYSTEM;
                    sink.accept(system ? systemPrefix : userPrefix, true);
                    sink.accept(m.content(), false);
                    sink.accept(system ? systemSuffix : userSuffix, true);
                }
                case ASSISTANT, EXECUTE -> {
                    if (!inAssistant) {
                        sink.accept(assistantPrefix, true);
                        inAssistant = true;
                    }
                    boolean execute = m.role() == Role.EXECUTE;
                    if (execute) {
                        sink.accept(executePrefix, true);
                    }
                    sink.accept(m.content(), false);
                    if (execute) {
                        sink.accept(executeSuffix, true);
                    }
                }
            }
        }
        if (!inAssistant) {
            sink.accept(assistantPrefix, true);
        }
    }

    @Override
    public String toString() {
        return "ChatTemplate[" + beginOfSequence + "…" + userPrefix + "…" + assistantPrefix + "]";
    }

    /**
     * Builds a {@link ChatTemplate}; starts from DeepAnalyze-8B's markers. Not thread-safe. Every
     * marker may be empty, none may be {@code null}.
     */
    public static final class Builder {
        private String beginOfSequence = "<｜begin▁of▁sentence｜>";
        private String systemPrefix = "";
        private String systemSuffix = "";
        private String userPrefix = "<｜User｜>";
        private String userSuffix = "";
        private String assistantPrefix = "<｜Assistant｜>";
        private String assistantSuffix = "<｜end▁of▁sentence｜>";
        private String executePrefix = "\n<Execute>\n";
        private String executeSuffix = "\n</Execute>\n";

        private Builder() {
        }

        /** Written once at the start of the prompt. */
        public Builder beginOfSequence(String s) {
            beginOfSequence = Objects.requireNonNull(s, "beginOfSequence");
            return this;
        }

        public Builder system(String prefix, String suffix) {
            systemPrefix = Objects.requireNonNull(prefix, "prefix");
            systemSuffix = Objects.requireNonNull(suffix, "suffix");
            return this;
        }

        public Builder user(String prefix, String suffix) {
            userPrefix = Objects.requireNonNull(prefix, "prefix");
            userSuffix = Objects.requireNonNull(suffix, "suffix");
            return this;
        }

        /** The prefix opens an assistant sequence; the suffix closes it when a new user message follows. */
        public Builder assistant(String prefix, String suffix) {
            assistantPrefix = Objects.requireNonNull(prefix, "prefix");
            assistantSuffix = Objects.requireNonNull(suffix, "suffix");
            return this;
        }

        /** Wraps each Execute output inside the assistant sequence. */
        public Builder execute(String prefix, String suffix) {
            executePrefix = Objects.requireNonNull(prefix, "prefix");
            executeSuffix = Objects.requireNonNull(suffix, "suffix");
            return this;
        }

        public ChatTemplate build() {
            return new ChatTemplate(this);
        }
    }
}
