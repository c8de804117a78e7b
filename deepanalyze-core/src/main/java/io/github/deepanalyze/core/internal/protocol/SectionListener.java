package io.github.deepanalyze.core.internal.protocol;

import io.github.deepanalyze.StepKind;

/** Receives a {@link TagStreamParser}'s output as it is recognised. All methods default to no-ops. */
public interface SectionListener {

    /** A section of {@code kind} opened (its opening tag was recognised, or text arrived before any tag). */
    default void onOpen(StepKind kind) {
    }

    /** More body text of the currently open section. Concatenated deltas equal the section's body. */
    default void onText(StepKind kind, String delta) {
    }

    /** A section ended: its closing tag arrived, another section started, or the stream finished. */
    default void onClose(Section section) {
    }
}
