package io.github.deepanalyze.report;

import java.util.List;
import java.util.Objects;

/**
 * A heading of the report and what it covers.
 *
 * <p>Immutable and thread-safe; no component is {@code null}.
 *
 * @param level the heading level, 1 for {@code #} to 6
 * @param heading the heading's plain text
 * @param text the plain text of the blocks directly under the heading, before its first subsection, paragraphs separated by blank lines
 * @param children the subsections (headings of a deeper level until the next heading of this level or higher)
 */
public record Section(int level, String heading, String text, List<Section> children) {
    public Section {
        Objects.requireNonNull(heading, "heading");
        Objects.requireNonNull(text, "text");
        children = List.copyOf(children);
    }
}
