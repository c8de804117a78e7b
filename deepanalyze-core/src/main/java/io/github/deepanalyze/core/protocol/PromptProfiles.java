package io.github.deepanalyze.core.protocol;

import io.github.deepanalyze.prompt.PromptProfile;

/** STUB: the real implementation replaces this. */
public final class PromptProfiles {
    private PromptProfiles() {
    }

    public static PromptProfile deepAnalyze() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public static PromptProfile instructionModel() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
