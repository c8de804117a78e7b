package io.github.deepanalyze.model;

import io.github.deepanalyze.common.TokenUsage;
import java.util.Objects;

/**
 * A generated assistant turn.
 *
 * @param text everything the model generated, without the stop string that ended it; a turn that
 *     stopped inside {@code <Code>} ends with {@code </Code>} re-appended by the client (PROTOCOL: servers
 *     do not return the stop string)
 * @param finishReason why generation ended
 * @param usage tokens of this call ({@code promptTokens} may be 0 when the server does not report them)
 */
public record Generation(String text, FinishReason finishReason, TokenUsage usage) {
    public Generation {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(usage, "usage");
    }
}
