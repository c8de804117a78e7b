package io.github.deepanalyze;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a task once after a delay: how the engine enforces {@link Budget#maxWallTime()}. Inject one
 * with {@code Analyst.builder().scheduler(...)}, together with a matching {@link java.time.Clock}, to
 * control time in tests (a manual scheduler fires the deadline when the test advances its clock,
 * with no real waiting); the default, {@link #system()}, waits in real time.
 *
 * <p>Implementations are thread-safe; tasks may run on any thread and must be short (the engine's
 * deadline task only flags the analysis and cancels it). Arguments must not be null.
 */
@FunctionalInterface
public interface Scheduler {

    /**
     * Arranges for {@code task} to run once, {@code delay} from now (at once for a zero or negative delay).
     *
     * @return a handle that cancels the task if it has not run yet
     */
    Scheduled schedule(Duration delay, Runnable task);

    /** A task waiting in a {@link Scheduler}. Thread-safe. */
    @FunctionalInterface
    interface Scheduled {
        /** Stops the task from running; no effect once it ran or was cancelled. */
        void cancel();
    }

    /**
     * The real-time scheduler: the JDK's shared daemon delay thread (that of
     * {@link CompletableFuture#delayedExecutor}) keeps the time, and each task runs on a new virtual
     * thread, so a slow task (cancelling an analysis may kill a worker process) never holds up other
     * timers. A cancelled task releases what it captured at once, though its timer entry stays
     * queued until its time comes. Stateless.
     */
    static Scheduler system() {
        return (delay, task) -> {
            Objects.requireNonNull(delay, "delay");
            AtomicReference<Runnable> pending = new AtomicReference<>(Objects.requireNonNull(task, "task"));
            long nanos = delay.isNegative() ? 0 : saturatedNanos(delay);
            CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS,
                    r -> Thread.ofVirtual().name("deepanalyze-deadline").start(r)).execute(() -> {
                Runnable r = pending.getAndSet(null);
                if (r != null) {
                    r.run();
                }
            });
            return () -> pending.set(null);
        };
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
