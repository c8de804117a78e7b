package io.github.deepanalyze.testing;

import io.github.deepanalyze.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A clock that moves only when a test says so, and the {@link Scheduler} that runs on it: a task
 * scheduled for {@code delay} runs, on the test's thread, inside the {@link #advance(Duration)} call
 * that reaches its time. Pass the same instance to {@code Analyst.builder().clock(c).scheduler(c)}
 * and a wall-clock budget is reached in microseconds, deterministically.
 *
 * <pre>{@code
 * ManualClock time = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
 * Analyst analyst = Analyst.builder()...clock(time).scheduler(time).build();
 * AnalysisTask task = analyst.start(files, "q", listener);
 * // wait until the model is busy, then:
 * time.advance(Duration.ofMinutes(30));  // the deadline fires now
 * }</pre>
 *
 * <p>Thread-safe. Arguments must not be null.
 */
public final class ManualClock extends Clock implements Scheduler {
    private final ZoneId zone;
    private final Object lock = new Object();
    private final List<Task> tasks = new ArrayList<>();
    private Instant now;
    private long sequence;

    /** A clock at {@code start} in UTC. */
    public ManualClock(Instant start) {
        this(start, ZoneOffset.UTC);
    }

    private ManualClock(Instant start, ZoneId zone) {
        this.now = Objects.requireNonNull(start, "start");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    private record Task(Instant due, long order, Runnable body) {
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(task, "task");
        Task t;
        synchronized (lock) {
            t = new Task(now.plus(delay.isNegative() ? Duration.ZERO : delay), sequence++, task);
            tasks.add(t);
        }
        return () -> {
            synchronized (lock) {
                tasks.remove(t);
            }
        };
    }

    /** Moves the time forward by {@code d} and runs, in due order, every task whose time has come. */
    public void advance(Duration d) {
        if (Objects.requireNonNull(d, "d").isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + d);
        }
        List<Task> due = new ArrayList<>();
        synchronized (lock) {
            now = now.plus(d);
            for (Task t : tasks) {
                if (!t.due().isAfter(now)) {
                    due.add(t);
                }
            }
            tasks.removeAll(due);
        }
        due.sort(Comparator.comparing(Task::due).thenComparingLong(Task::order));
        for (Task t : due) {
            t.body().run();
        }
    }

    /** How many scheduled tasks have not run and were not cancelled. */
    public int pending() {
        synchronized (lock) {
            return tasks.size();
        }
    }

    @Override
    public Instant instant() {
        synchronized (lock) {
            return now;
        }
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view of the same time in another zone; it shares this clock's time but not its scheduler. */
    @Override
    public Clock withZone(ZoneId zone) {
        ManualClock outer = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId z) {
                return outer.withZone(z);
            }

            @Override
            public Instant instant() {
                return outer.instant();
            }
        };
    }

    @Override
    public String toString() {
        return "ManualClock[" + instant() + "]";
    }
}
