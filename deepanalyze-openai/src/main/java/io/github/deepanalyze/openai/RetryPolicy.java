package io.github.deepanalyze.openai;

import io.github.deepanalyze.common.Cancellation;
import io.github.deepanalyze.common.ModelException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.DoubleSupplier;

/**
 * When to try a failed attempt again, and how long to wait first. A failure is retried only if it
 * is {@linkplain ModelException#isRetryable() retryable}, no text of the call has been delivered
 * (deltas are never delivered twice), fewer than {@code maxRetries} retries were made, and the wait
 * ends before the call timeout. The wait is the server's hint when there is one ({@code Retry-After}
 * on 429 and 503; zero after a stale pooled connection on the first attempt), else exponential
 * backoff with jitter.
 *
 * <p>Time is injected: the {@link Sleeper} that waits, the {@link Clock} that {@code Retry-After}
 * dates are measured against and the jitter source, so tests decide without waiting. Immutable and
 * thread-safe if the injected parts are.
 */
final class RetryPolicy {

    /** What to do about a failed attempt. */
    sealed interface Decision permits Retry, GiveUp { }

    /** Wait {@code delay}, then send the request again. */
    record Retry(Duration delay) implements Decision { }

    /** Stop and throw {@code failure} (the attempt's own exception, or one saying why it was not retried). */
    record GiveUp(ModelException failure) implements Decision { }

    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration callTimeout;
    private final DoubleSupplier jitter;
    private final Clock clock;
    private final Sleeper sleeper;

    /**
     * @param jitter values in [0, 1); 1 keeps the full backoff, 0 halves it
     * @param callTimeout only named in the message of a retry that would outlast it
     */
    RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration callTimeout,
            DoubleSupplier jitter, Clock clock, Sleeper sleeper) {
        this.maxRetries = maxRetries;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.callTimeout = callTimeout;
        this.jitter = jitter;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** How many retries follow a first attempt at most. */
    int maxRetries() {
        return maxRetries;
    }

    /**
     * Decides about attempt number {@code attempt} (1-based), which failed with {@code failure}.
     *
     * @param delivered whether any text of the call reached the caller
     * @param serverHint the wait the server asked for ({@link #serverDelay}, {@link #afterConnectionFailure}), or {@code null}
     * @param nanosLeft time left until the call timeout
     */
    Decision decide(ModelException failure, int attempt, boolean delivered, Duration serverHint, long nanosLeft) {
        if (!failure.isRetryable() || delivered) {
            return new GiveUp(failure);
        }
        if (attempt > maxRetries) {
            return new GiveUp(new ModelException(failure.getMessage() + " (gave up after " + attempt
                    + (attempt == 1 ? " attempt)" : " attempts)"), failure.statusCode(), true, failure.getCause()));
        }
        Duration delay = serverHint != null ? serverHint : backoff(attempt - 1);
        if (delay.toNanos() > nanosLeft) {
            return new GiveUp(new ModelException(failure.getMessage() + " (not retried: waiting " + delay.toMillis()
                    + " ms would exceed the call timeout of " + callTimeout + ")", failure.statusCode(), true, failure.getCause()));
        }
        return new Retry(delay);
    }

    /** The delay before retry number {@code retry} (0-based): exponential, capped, with jitter in [50%, 100%]. */
    Duration backoff(int retry) {
        long base = initialBackoff.toMillis() << Math.min(retry, 20);
        long capped = Math.min(Math.max(base, 0), maxBackoff.toMillis());
        return Duration.ofMillis(capped / 2 + Math.round(jitter.getAsDouble() * (capped - capped / 2)));
    }

    /** The wait a failed HTTP {@code status} asks for: {@code Retry-After} on 429 and 503, else {@code null}. */
    Duration serverDelay(int status, HttpHeaders headers) {
        return status == 429 || status == 503 ? retryAfter(headers) : null;
    }

    /**
     * The wait after a request failed before any response: zero on the first attempt for a plain
     * I/O failure (most likely a pooled keep-alive connection the server had closed, so retry at
     * once), else {@code null} (back off). Refused connections and connect timeouts back off.
     */
    Duration afterConnectionFailure(Throwable cause, int attempt) {
        boolean staleConnection = cause instanceof IOException
                && !(cause instanceof ConnectException) && !(cause instanceof HttpConnectTimeoutException);
        return attempt == 1 && staleConnection ? Duration.ZERO : null;
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date, or {@code null} if absent or unreadable. */
    Duration retryAfter(HttpHeaders headers) {
        String value = headers.firstValue("Retry-After").orElse(null);
        if (value == null || value.isBlank()) {
            return null;
        }
        value = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    /** Waits {@code delay} before a retry, returning early when {@code cancellation} fires. */
    void sleep(Duration delay, Cancellation cancellation) throws InterruptedException {
        sleeper.sleep(delay, cancellation);
    }
}
