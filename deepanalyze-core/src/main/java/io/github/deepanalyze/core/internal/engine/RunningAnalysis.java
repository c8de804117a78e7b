package io.github.deepanalyze.core.internal.engine;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisTask;
import io.github.deepanalyze.common.Cancellation;
import java.util.concurrent.CompletableFuture;

/** The handle of one started analysis. Thread-safe. */
final class RunningAnalysis implements AnalysisTask {
    private final Cancellation cancellation;
    private final CompletableFuture<Analysis> result = new CompletableFuture<>();

    RunningAnalysis(Cancellation cancellation) {
        this.cancellation = cancellation;
    }

    @Override
    public void cancel() {
        cancellation.cancel();
    }

    @Override
    public boolean isCancelled() {
        return cancellation.isCancelled();
    }

    @Override
    public CompletableFuture<Analysis> result() {
        return result;
    }

    Cancellation cancellation() {
        return cancellation;
    }

    CompletableFuture<Analysis> completion() {
        return result;
    }
}
