package io.github.deepanalyze.eval;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs benchmark tasks one after another and grades them. How a task runs is up to the caller
 * (any {@code Analyst}, a replay, a remote service), e.g.
 * <pre>{@code
 * BenchmarkRunner runner = BenchmarkRunner.builder()
 *     .taskRunner(task -> analyst.analyze(task.question(), task.files()))
 *     .progress(p -> System.err.printf("%d/%d %.0f%%%n", p.done(), p.total(), 100 * p.accuracySoFar()))
 *     .build();
 * BenchmarkResults results = runner.run(BenchmarkTask.readAll(Path.of("tasks.jsonl")));
 * results.writeMarkdown(Path.of("results.md"));
 * }</pre>
 * A task whose runner throws is recorded as {@code FAILED} and incorrect; the run goes on.
 *
 * <p>Immutable and thread-safe if its task runner and progress callback are.
 */
public final class BenchmarkRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BenchmarkRunner.class);

    private final Function<BenchmarkTask, Analysis> taskRunner;
    private final Consumer<BenchmarkProgress> progress;

    private BenchmarkRunner(Builder b) {
        this.taskRunner = b.taskRunner;
        this.progress = b.progress;
    }

    /** A builder; {@link Builder#taskRunner} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Runs and grades {@code tasks} in order. */
    public BenchmarkResults run(List<BenchmarkTask> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        List<TaskResult> results = new ArrayList<>(tasks.size());
        int correct = 0;
        for (BenchmarkTask task : tasks) {
            TaskResult r = runOne(task);
            results.add(r);
            if (r.correct()) {
                correct++;
            }
            try {
                progress.accept(new BenchmarkProgress(results.size(), tasks.size(), correct, r));
            } catch (RuntimeException e) {
                LOG.warn("the benchmark progress callback failed on task {}: {}", task.id(), e.toString());
            }
        }
        return new BenchmarkResults(results);
    }

    private TaskResult runOne(BenchmarkTask task) {
        Analysis a;
        try {
            a = Objects.requireNonNull(taskRunner.apply(task), "the task runner returned null");
        } catch (RuntimeException e) {
            LOG.warn("benchmark task {} failed: {}", task.id(), e.toString());
            return new TaskResult(task.id(), task.grader(), false, 0, "run failed: " + e, "", "FAILED", 0, 0, Duration.ZERO, 0, 0);
        }
        String answer = Graders.answerText(a);
        Grade g = a.report().isEmpty()
                ? Grade.of(false, "no answer (" + a.status() + (a.reason().isEmpty() ? "" : ": " + a.reason()) + ")")
                : Graders.named(task.grader()).grade(task.expected(), a.report().markdown());
        List<Step.Execute> runs = a.steps(Step.Execute.class);
        int failed = (int) runs.stream().filter(e -> !e.result().isSuccess()).count();
        return new TaskResult(task.id(), task.grader(), g.correct(), g.score(), g.detail(), answer, a.status().name(), a.rounds(),
                a.usage().totalTokens(), a.wallTime(), runs.size(), failed);
    }

    /** Configures a {@link BenchmarkRunner}. Not thread-safe. */
    public static final class Builder {
        private Function<BenchmarkTask, Analysis> taskRunner;
        private Consumer<BenchmarkProgress> progress = p -> { };

        private Builder() {
        }

        /** Runs one task and returns its analysis (required). */
        public Builder taskRunner(Function<BenchmarkTask, Analysis> runner) {
            this.taskRunner = Objects.requireNonNull(runner, "runner");
            return this;
        }

        /** Called after each task, on the running thread. */
        public Builder progress(Consumer<BenchmarkProgress> callback) {
            this.progress = Objects.requireNonNull(callback, "callback");
            return this;
        }

        /** The runner. */
        public BenchmarkRunner build() {
            if (taskRunner == null) {
                throw new io.github.deepanalyze.common.ConfigurationException(
                        "a benchmark runner needs a task runner; call taskRunner(task -> analyst.analyze(...))");
            }
            return new BenchmarkRunner(this);
        }
    }
}
