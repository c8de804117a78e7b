package io.github.deepanalyze.model;

import io.github.deepanalyze.common.Cancellation;
import java.util.List;
import java.util.Objects;

/**
 * One assistant turn to generate.
 *
 * @param messages the conversation so far; the last message is usually the user prompt or an
 *     Execute result, and the model continues the assistant sequence
 * @param stop stop strings; generation ends before the first one and the stop string is not returned
 * @param sampling sampling settings
 * @param cancellation cancelled when the analysis is; implementations abort promptly and throw
 *     {@link io.github.deepanalyze.common.AnalysisCancelledException}
 */
public record GenerationRequest(List<Message> messages, List<String> stop, SamplingOptions sampling, Cancellation cancellation) {
    public GenerationRequest {
        messages = List.copyOf(messages);
        stop = List.copyOf(stop);
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(cancellation, "cancellation");
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a generation request needs at least one message");
        }
    }
}
