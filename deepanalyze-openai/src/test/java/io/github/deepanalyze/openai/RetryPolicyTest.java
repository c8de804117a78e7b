package io.github.deepanalyze.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.common.Cancellation;
import io.github.deepanalyze.common.ModelException;
import io.github.deepanalyze.openai.RetryPolicy.Decision;
import io.github.deepanalyze.openai.RetryPolicy.GiveUp;
import io.github.deepanalyze.openai.RetryPolicy.Retry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** When a failed attempt is retried and how long the client waits first; no test here really waits. */
class RetryPolicyTest {

    private static final long PLENTY_OF_TIME = Duration.ofMinutes(30).toNanos();
    private static final Clock NOON = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);

    private final List<Duration> sleeps = new ArrayList<>();

    private RetryPolicy policy(int maxRetries, DoubleSupplier jitter) {
        return new RetryPolicy(maxRetries, Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofMinutes(30),
                jitter, NOON, (delay, cancellation) -> sleeps.add(delay));
    }

    private static ModelException retryable503() {
        return new ModelException("POST http://h/v1/chat/completions failed with HTTP 503: \"overloaded\"", 503, true, null);
    }

    private static HttpHeaders retryAfter(String value) {
        return HttpHeaders.of(Map.of("Retry-After", List.of(value)), (name, v) -> true);
    }

    @Test
    void retriesARetryableFailureWithDoublingBackoffUntilTheRetriesAreUsedUp() {
        RetryPolicy policy = policy(2, () -> 1.0);

        Decision first = policy.decide(retryable503(), 1, false, null, PLENTY_OF_TIME);
        Decision second = policy.decide(retryable503(), 2, false, null, PLENTY_OF_TIME);
        Decision third = policy.decide(retryable503(), 3, false, null, PLENTY_OF_TIME);

        assertThat(first).isEqualTo(new Retry(Duration.ofMillis(500)));
        assertThat(second).isEqualTo(new Retry(Duration.ofMillis(1000)));
        assertThat(third).isInstanceOf(GiveUp.class);
        ModelException gaveUp = ((GiveUp) third).failure();
        assertThat(gaveUp.getMessage()).contains("HTTP 503", "overloaded").endsWith("(gave up after 3 attempts)");
        assertThat(gaveUp.statusCode()).isEqualTo(503);
        assertThat(gaveUp.isRetryable()).isTrue();
    }

    @Test
    void countsASingleAttemptInTheSingularWhenRetriesAreOff() {
        Decision d = policy(0, () -> 1.0).decide(retryable503(), 1, false, null, PLENTY_OF_TIME);

        assertThat(((GiveUp) d).failure().getMessage()).endsWith("(gave up after 1 attempt)");
    }

    @Test
    void givesUpAtOnceWithTheSameExceptionWhenTheFailureIsNotRetryable() {
        ModelException rejected = new ModelException("HTTP 400: context too long", 400, false, null);

        assertThat(policy(2, () -> 1.0).decide(rejected, 1, false, null, PLENTY_OF_TIME)).isEqualTo(new GiveUp(rejected));
    }

    @Test
    void neverRetriesOnceTextOfTheCallWasDelivered() {
        ModelException broke = retryable503();

        assertThat(policy(2, () -> 1.0).decide(broke, 1, true, null, PLENTY_OF_TIME)).isEqualTo(new GiveUp(broke));
    }

    @Test
    void waitsWhatTheServerAskedForInsteadOfTheBackoff() {
        assertThat(policy(2, () -> 1.0).decide(retryable503(), 1, false, Duration.ofSeconds(7), PLENTY_OF_TIME))
                .isEqualTo(new Retry(Duration.ofSeconds(7)));
        assertThat(policy(2, () -> 1.0).decide(retryable503(), 1, false, Duration.ZERO, PLENTY_OF_TIME))
                .isEqualTo(new Retry(Duration.ZERO));
    }

    @Test
    void doesNotRetryWhenTheWaitWouldOutlastTheCallTimeout() {
        Decision d = policy(2, () -> 1.0).decide(retryable503(), 1, false, null, Duration.ofMillis(100).toNanos());

        ModelException e = ((GiveUp) d).failure();
        assertThat(e.getMessage()).contains("HTTP 503")
                .endsWith("(not retried: waiting 500 ms would exceed the call timeout of PT30M)");
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void jitterKeepsEachDelayBetweenHalfAndAllOfTheBackoff() {
        assertThat(policy(2, () -> 0.0).backoff(0)).isEqualTo(Duration.ofMillis(250));
        assertThat(policy(2, () -> 0.5).backoff(0)).isEqualTo(Duration.ofMillis(375));
        assertThat(policy(2, () -> 1.0).backoff(0)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy(2, () -> 1.0).backoff(10)).as("capped at the max backoff").isEqualTo(Duration.ofSeconds(10));
        assertThat(policy(2, () -> 0.0).backoff(63)).as("no overflow for huge retry numbers").isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void readsRetryAfterAsSecondsOrAsAnHttpDate() {
        RetryPolicy policy = policy(2, () -> 1.0);

        assertThat(policy.retryAfter(retryAfter("120"))).isEqualTo(Duration.ofSeconds(120));
        assertThat(policy.retryAfter(retryAfter(" 3 "))).isEqualTo(Duration.ofSeconds(3));
        assertThat(policy.retryAfter(retryAfter("-5"))).isEqualTo(Duration.ZERO);
        assertThat(policy.retryAfter(retryAfter("Wed, 2 Dec 2026 12:00:30 GMT"))).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.retryAfter(retryAfter("Wed, 2 Dec 2026 11:00:00 GMT"))).as("a date in the past").isEqualTo(Duration.ZERO);
        assertThat(policy.retryAfter(retryAfter("soon"))).isNull();
        assertThat(policy.retryAfter(HttpHeaders.of(Map.of(), (n, v) -> true))).isNull();
    }

    @Test
    void honoursRetryAfterOnlyOn429And503() {
        RetryPolicy policy = policy(2, () -> 1.0);

        assertThat(policy.serverDelay(429, retryAfter("7"))).isEqualTo(Duration.ofSeconds(7));
        assertThat(policy.serverDelay(503, retryAfter("7"))).isEqualTo(Duration.ofSeconds(7));
        assertThat(policy.serverDelay(500, retryAfter("7"))).isNull();
        assertThat(policy.serverDelay(408, retryAfter("7"))).isNull();
    }

    @Test
    void retriesAStaleKeepAliveConnectionAtOnceButOnlyOnTheFirstAttempt() {
        RetryPolicy policy = policy(2, () -> 1.0);

        assertThat(policy.afterConnectionFailure(new IOException("connection reset"), 1)).isEqualTo(Duration.ZERO);
        assertThat(policy.afterConnectionFailure(new IOException("connection reset"), 2)).isNull();
        assertThat(policy.afterConnectionFailure(new ConnectException("refused"), 1)).isNull();
        assertThat(policy.afterConnectionFailure(new HttpConnectTimeoutException("slow"), 1)).isNull();
        assertThat(policy.afterConnectionFailure(new IllegalStateException("bug"), 1)).isNull();
    }

    @Test
    void waitsThroughTheInjectedSleeper() throws Exception {
        policy(2, () -> 1.0).sleep(Duration.ofSeconds(42), Cancellation.none());

        assertThat(sleeps).containsExactly(Duration.ofSeconds(42));
    }
}
