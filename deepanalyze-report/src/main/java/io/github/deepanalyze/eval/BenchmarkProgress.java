package io.github.deepanalyze.eval;

import java.util.Objects;

/**
 * Progress of a benchmark run, reported after each task.
 *
 * @param done tasks finished so far
 * @param total tasks in the run
 * @param correct tasks answered correctly so far
 * @param last the task that just finished (never {@code null})
 */
public record BenchmarkProgress(int done, int total, int correct, TaskResult last) {
    public BenchmarkProgress {
        Objects.requireNonNull(last, "last");
    }

    /** Accuracy so far, in [0, 1]. */
    public double accuracySoFar() {
        return done == 0 ? 0 : correct / (double) done;
    }
}
