package io.github.deepanalyze;

/** The five action tags of the DeepAnalyze protocol, in the order the model usually uses them. */
public enum StepKind {
    ANALYZE("Analyze"),
    UNDERSTAND("Understand"),
    CODE("Code"),
    EXECUTE("Execute"),
    ANSWER("Answer");

    private final String tag;

    StepKind(String tag) {
        this.tag = tag;
    }

    /** The tag name as the model writes it, e.g. {@code "Analyze"}. */
    public String tagName() {
        return tag;
    }

    /** The opening tag, e.g. {@code "<Code>"}. */
    public String openTag() {
        return "<" + tag + ">";
    }

    /** The closing tag, e.g. {@code "</Code>"}. */
    public String closeTag() {
        return "</" + tag + ">";
    }

    /** The kind whose tag name is exactly {@code name}, or {@code null}. */
    public static StepKind fromTagName(String name) {
        for (StepKind k : values()) {
            if (k.tag.equals(name)) {
                return k;
            }
        }
        return null;
    }
}
