package io.github.deepanalyze.model;

import java.util.function.Consumer;

/**
 * SPI: a model that generates one assistant turn, streaming text as it goes.
 *
 * <p>Implementations must be thread-safe: one instance serves concurrent analyses. They report
 * failures as {@link io.github.deepanalyze.common.ModelException} (with {@code retryable} set for
 * transient ones) and cancellation as {@link io.github.deepanalyze.common.AnalysisCancelledException}.
 */
public interface LanguageModel {

    /**
     * Generates one turn.
     *
     * @param request the conversation, stop strings and sampling settings
     * @param onText receives text deltas in order as they arrive; the concatenation equals the
     *     returned {@link Generation#text()}
     * @return the complete turn
     */
    Generation generate(GenerationRequest request, Consumer<String> onText);

    /** A short human-readable description (server and model name), for traces and errors. */
    default String describe() {
        return getClass().getSimpleName();
    }
}
