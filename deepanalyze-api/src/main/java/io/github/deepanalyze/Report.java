package io.github.deepanalyze;

import java.util.Objects;

/**
 * The final report: the Markdown body of the model's last {@code <Answer>}.
 *
 * @param markdown the report text, exactly as the model wrote it (trimmed of surrounding blank lines)
 */
public record Report(String markdown) {
    public static final Report EMPTY = new Report("");

    public Report {
        Objects.requireNonNull(markdown, "markdown");
    }

    public boolean isEmpty() {
        return markdown.isBlank();
    }

    /** The first Markdown heading's text, or the empty string if the report has none. */
    public String title() {
        for (String line : markdown.split("\n", -1)) {
            String t = line.strip();
            if (t.startsWith("#")) {
                return t.replaceFirst("^#+\\s*", "").strip();
            }
        }
        return "";
    }
}
