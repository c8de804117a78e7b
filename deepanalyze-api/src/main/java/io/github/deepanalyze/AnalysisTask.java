package io.github.deepanalyze;

import io.github.deepanalyze.common.DeepAnalyzeException;
import io.github.deepanalyze.common.InvalidInputException;
import java.util.concurrent.CompletableFuture;

/**
 * A running analysis. {@link #result()} completes with the {@link Analysis} whatever its status,
 * including {@link AnalysisStatus#CANCELLED} after {@link #cancel()}; it completes exceptionally
 * only if the analysis could not start (bad input), with an {@link InvalidInputException}.
 *
 * <p>Thread-safe.
 */
public interface AnalysisTask {

    /** Asks the analysis to stop as soon as possible: the model stream is closed and running code is interrupted. */
    void cancel();

    /** Whether {@link #cancel()} was called. */
    boolean isCancelled();

    /** Completes when the analysis ends. */
    CompletableFuture<Analysis> result();

    /**
     * A future of the result whose {@link CompletableFuture#cancel(boolean) cancel} also cancels this
     * analysis (cancelling {@link #result()} itself would not). Once cancelled, the future yields no
     * {@link Analysis}; use {@link #result()} or {@link #await()} for the partial trace.
     */
    default CompletableFuture<Analysis> asFuture() {
        CompletableFuture<Analysis> view = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                AnalysisTask.this.cancel();
                return super.cancel(mayInterruptIfRunning);
            }
        };
        result().whenComplete((a, e) -> {
            if (e != null) {
                view.completeExceptionally(e);
            } else {
                view.complete(a);
            }
        });
        return view;
    }

    /** Waits for the analysis to end and returns it; if the waiting thread is interrupted, cancels and waits for the partial trace. */
    default Analysis await() {
        try {
            return result().get();
        } catch (InterruptedException e) {
            cancel();
            Analysis a = result().join();
            Thread.currentThread().interrupt();
            return a;
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new DeepAnalyzeException("analysis failed: " + c, c);
        }
    }
}
