package io.github.deepanalyze.core.internal.protocol;

import io.github.deepanalyze.StepKind;
import java.util.Objects;

/**
 * One tagged section of model output.
 *
 * @param kind which tag
 * @param body the text between the tags, exactly as written
 * @param closed whether the closing tag was seen (false when the stream ended inside the section)
 */
public record Section(StepKind kind, String body, boolean closed) {
    public Section {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(body, "body");
    }
}
