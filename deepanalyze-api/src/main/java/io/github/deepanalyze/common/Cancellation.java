package io.github.deepanalyze.common;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A one-way cancellation signal shared by an analysis and the model and executor calls it makes.
 * Blocking SPI calls register a callback with {@link #onCancel(Runnable)} to abort promptly
 * (close a stream, interrupt an interpreter, kill a worker).
 *
 * <p>Thread-safe. Each callback runs exactly once, even when {@link #cancel()} races with
 * {@link #onCancel}: on the thread that calls {@code cancel()}, or on the registering thread if
 * the signal was already cancelled. A callback that throws does not stop the others.
 *
 * <p>{@link #none()} is the exception: a shared signal that is never cancelled, for calls made
 * outside an analysis. Its {@code cancel()} does nothing and returns {@code false}, and it keeps
 * no callbacks. Use {@link #create()} for a signal you intend to cancel.
 *
 * <p>Null contract: {@code onCancel(null)} throws {@link NullPointerException}.
 */
public final class Cancellation {
    private static final Cancellation NONE = new Cancellation(false);

    private final boolean cancellable;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<Callback> callbacks = new CopyOnWriteArrayList<>();

    /** A new, not yet cancelled signal. */
    public static Cancellation create() {
        return new Cancellation(true);
    }

    /**
     * The signal that is never cancelled, for callers that do not need one: {@link #cancel()} on
     * it is a no-op that returns {@code false}, and callbacks registered on it never run. Shared;
     * always the same instance.
     */
    public static Cancellation none() {
        return NONE;
    }

    private Cancellation(boolean cancellable) {
        this.cancellable = cancellable;
    }

    /**
     * Cancels and runs the registered callbacks; returns {@code true} if this call did it,
     * {@code false} if it was cancelled already (or this is {@link #none()}, which never is).
     */
    public boolean cancel() {
        if (!cancellable || !cancelled.compareAndSet(false, true)) {
            return false;
        }
        for (Callback c : callbacks) {
            c.runOnce();
        }
        callbacks.clear();
        return true;
    }

    /** Whether {@link #cancel()} was called; always {@code false} for {@link #none()}. */
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
     * Registers {@code callback} to run on cancellation, or runs it now if already cancelled. The
     * returned handle unregisters it; use it in try-with-resources around a blocking call.
     */
    public Registration onCancel(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        if (!cancellable) {
            return () -> { };
        }
        Callback c = new Callback(callback);
        callbacks.add(c);
        // cancel() sets the flag before it walks the list, so a callback added too late for that
        // walk sees the flag here; runOnce keeps the two paths from both running it
        if (isCancelled()) {
            callbacks.remove(c);
            c.runOnce();
        }
        return () -> callbacks.remove(c);
    }

    /** A registered callback with its own once-only guard. */
    private static final class Callback {
        private final Runnable action;
        private final AtomicBoolean ran = new AtomicBoolean();

        Callback(Runnable action) {
            this.action = action;
        }

        void runOnce() {
            if (!ran.compareAndSet(false, true)) {
                return;
            }
            try {
                action.run();
            } catch (RuntimeException ignored) {
                // a failing abort hook must not prevent the others from running
            }
        }
    }

    /** Undoes an {@link #onCancel} registration. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
