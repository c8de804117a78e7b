package io.github.deepanalyze;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A one-way cancellation signal shared by an analysis and the model and executor calls it makes.
 * Blocking SPI calls register a callback with {@link #onCancel(Runnable)} to abort promptly
 * (close a stream, interrupt an interpreter, kill a worker).
 *
 * <p>Thread-safe. Callbacks run once, on the thread that calls {@link #cancel()}, or immediately
 * on registration if already cancelled; a callback that throws does not stop the others.
 */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

    /** A new, not yet cancelled signal. */
    public static Cancellation create() {
        return new Cancellation();
    }

    /** A signal that is never cancelled, for callers that do not need one. */
    public static Cancellation none() {
        return new Cancellation();
    }

    private Cancellation() {
    }

    /** Cancels; returns {@code true} if this call did it, {@code false} if it was cancelled already. */
    public boolean cancel() {
        if (!cancelled.compareAndSet(false, true)) {
            return false;
        }
        for (Runnable r : callbacks) {
            runQuietly(r);
        }
        return true;
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Throws {@link AnalysisCancelledException} if cancelled. */
    public void throwIfCancelled() {
        if (isCancelled()) {
            throw new AnalysisCancelledException("the analysis was cancelled");
        }
    }

    /**
     * Registers {@code callback} to run on cancellation. The returned handle unregisters it;
     * use it in try-with-resources around a blocking call.
     */
    public Registration onCancel(Runnable callback) {
        callbacks.add(callback);
        if (isCancelled() && callbacks.remove(callback)) {
            runQuietly(callback);
        }
        return () -> callbacks.remove(callback);
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ignored) {
            // a failing abort hook must not prevent the others from running
        }
    }

    /** Undoes an {@link #onCancel} registration. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
