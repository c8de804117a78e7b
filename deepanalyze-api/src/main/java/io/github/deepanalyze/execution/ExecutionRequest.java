package io.github.deepanalyze.execution;

import io.github.deepanalyze.common.Cancellation;
import java.time.Duration;
import java.util.Objects;

/**
 * One code block to run.
 *
 * @param code the Python program
 * @param timeout wall-clock limit; when it passes the block is stopped and the result is {@link ExecutionResult.Outcome#TIMEOUT}
 * @param maxOutputChars characters of stdout and of stderr each to keep; the rest is dropped and
 *     {@link ExecutionResult#truncated()} is set (this bounds memory, not what the model sees)
 * @param cancellation cancelled when the analysis is
 */
public record ExecutionRequest(String code, Duration timeout, int maxOutputChars, Cancellation cancellation) {
    public ExecutionRequest {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(cancellation, "cancellation");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (maxOutputChars <= 0) {
            throw new IllegalArgumentException("maxOutputChars must be > 0, got " + maxOutputChars);
        }
    }

    /** A request with a 120 s timeout and a 1,000,000-character output cap. */
    public static ExecutionRequest of(String code) {
        return new ExecutionRequest(code, Duration.ofSeconds(120), 1_000_000, Cancellation.none());
    }

    public ExecutionRequest withTimeout(Duration t) {
        return new ExecutionRequest(code, t, maxOutputChars, cancellation);
    }
}
