package io.github.deepanalyze.openai;

import io.github.deepanalyze.common.Cancellation;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits between retries. Injected so tests can observe backoff delays without waiting for them.
 * Implementations return early when {@code cancellation} fires; the caller checks it afterwards.
 */
@FunctionalInterface
interface Sleeper {

    void sleep(Duration delay, Cancellation cancellation) throws InterruptedException;

    /** Really waits, waking up as soon as the cancellation fires. */
    Sleeper SYSTEM = (delay, cancellation) -> {
        CountDownLatch cancelled = new CountDownLatch(1);
        Cancellation.Registration registration = cancellation.onCancel(cancelled::countDown);
        try {
            cancelled.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            registration.close();
        }
    };
}
