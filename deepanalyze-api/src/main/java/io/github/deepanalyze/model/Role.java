package io.github.deepanalyze.model;

/**
 * Who wrote a message. {@link #EXECUTE} is DeepAnalyze's own role: the chat template of
 * DeepAnalyze-8B splices it into the assistant sequence as {@code <Execute>\n…\n</Execute>}.
 */
public enum Role {
    SYSTEM("system"),
    USER("user"),
    ASSISTANT("assistant"),
    EXECUTE("execute");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    /** The role's name in OpenAI-style chat messages. */
    public String wireName() {
        return wireName;
    }
}
