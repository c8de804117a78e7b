package io.github.deepanalyze.execution;

import io.github.deepanalyze.common.Artifact;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What running one code block produced, as data. Executors fill it in; the engine alone turns it
 * into the {@code <Execute>} text the model reads (so every executor produces the same wording),
 * and reports and evaluations read {@link #outcome()}, never that text.
 *
 * <p>Immutable and thread-safe. Only {@link #error()} may be null, and only when the block raised
 * no Python exception; strings that do not apply are empty.
 *
 * @param stdout everything the block printed to standard output, raw (possibly truncated)
 * @param stderr everything it printed to standard error, raw (possibly truncated)
 * @param outcome how the block ended
 * @param error the Python exception the block raised: always set for {@link Outcome#ERROR}, may be
 *     set for {@link Outcome#RESOURCE_EXHAUSTED} (e.g. a {@code MemoryError}), null otherwise
 * @param detail for {@link Outcome#TIMEOUT}, {@link Outcome#CANCELLED}, {@link Outcome#CRASHED} and
 *     {@link Outcome#RESOURCE_EXHAUSTED}: a plain human sentence saying what happened, e.g.
 *     {@code the Python worker process died (exit 137)}, with no decoration such as
 *     {@code [Crashed]:}; empty when there is nothing to add, and always empty for
 *     {@link Outcome#SUCCESS} and {@link Outcome#ERROR}
 * @param exitCode the process exit status where there is one; 0 on success, 1 on a Python error, -1 if unknown
 * @param duration wall time of the block
 * @param timeLimit for {@link Outcome#TIMEOUT}: the limit the block exceeded (the request's
 *     {@link ExecutionRequest#timeout()}); {@link Duration#ZERO} for other outcomes
 * @param artifacts files the block created or changed in the workspace
 * @param truncated whether stdout or stderr was cut to the request's cap
 * @param stateLost NOTEBOOK mode only: the interpreter that held earlier blocks' variables was
 *     replaced before this block ran, so those variables are gone
 */
public record ExecutionResult(
        String stdout,
        String stderr,
        Outcome outcome,
        PythonError error,
        String detail,
        int exitCode,
        Duration duration,
        Duration timeLimit,
        List<Artifact> artifacts,
        boolean truncated,
        boolean stateLost) {

    public ExecutionResult {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(timeLimit, "timeLimit");
        artifacts = List.copyOf(artifacts);
        if (outcome == Outcome.ERROR && error == null) {
            throw new IllegalArgumentException("an ERROR result needs its Python error; use ExecutionResult.error(...)");
        }
        if (error != null && outcome != Outcome.ERROR && outcome != Outcome.RESOURCE_EXHAUSTED) {
            throw new IllegalArgumentException("a " + outcome + " result cannot carry a Python error (" + error.type()
                    + "); only ERROR and RESOURCE_EXHAUSTED can");
        }
        if (!detail.isEmpty() && (outcome == Outcome.SUCCESS || outcome == Outcome.ERROR)) {
            throw new IllegalArgumentException("a " + outcome + " result has no detail, got \"" + detail
                    + "\"; put what the block printed in stdout or stderr, a Python exception in error");
        }
        if (outcome == Outcome.TIMEOUT && (timeLimit.isZero() || timeLimit.isNegative())) {
            throw new IllegalArgumentException("a TIMEOUT result needs the positive limit it exceeded, got " + timeLimit
                    + "; pass the request's timeout()");
        }
    }

    /** A block that ran to the end. */
    public static ExecutionResult success(String stdout, String stderr, Duration duration) {
        return new ExecutionResult(stdout, stderr, Outcome.SUCCESS, null, "", 0, duration, Duration.ZERO, List.of(),
                false, false);
    }

    /** A block that raised a Python exception; {@code traceback} is the formatted traceback, read with {@link PythonError#parse}. */
    public static ExecutionResult error(String stdout, String stderr, String traceback, Duration duration) {
        return error(stdout, stderr, PythonError.parse(traceback), duration);
    }

    /** A block that raised {@code error}. */
    public static ExecutionResult error(String stdout, String stderr, PythonError error, Duration duration) {
        return new ExecutionResult(stdout, stderr, Outcome.ERROR, Objects.requireNonNull(error, "error"), "", 1,
                duration, Duration.ZERO, List.of(), false, false);
    }

    /** A block stopped at its time limit {@code limit} (the request's timeout). */
    public static ExecutionResult timeout(String stdout, String stderr, Duration limit, Duration duration) {
        return new ExecutionResult(stdout, stderr, Outcome.TIMEOUT, null, "", -1, duration, limit, List.of(), false,
                false);
    }

    /** A block stopped, or never started, because the analysis was cancelled. */
    public static ExecutionResult cancelled(String stdout, String stderr, Duration duration) {
        return new ExecutionResult(stdout, stderr, Outcome.CANCELLED, null, "", -1, duration, Duration.ZERO, List.of(),
                false, false);
    }

    /**
     * A block whose interpreter or worker died.
     *
     * @param detail what happened, as a plain sentence (e.g. {@code the Python worker process died (exit 137)})
     * @param exitCode the process exit status, -1 if unknown
     */
    public static ExecutionResult crashed(String stdout, String stderr, String detail, int exitCode, Duration duration) {
        return new ExecutionResult(stdout, stderr, Outcome.CRASHED, null, detail, exitCode, duration, Duration.ZERO,
                List.of(), false, false);
    }

    /**
     * A block stopped at a resource limit.
     *
     * @param detail which limit, as a plain sentence (e.g. {@code Statement count limit of 1000 exceeded})
     */
    public static ExecutionResult resourceExhausted(String stdout, String stderr, String detail, Duration duration) {
        return new ExecutionResult(stdout, stderr, Outcome.RESOURCE_EXHAUSTED, null, detail, -1, duration, Duration.ZERO,
                List.of(), false, false);
    }

    /** A block stopped at a resource limit that Python reported as {@code error} (e.g. {@code RecursionError}). */
    public static ExecutionResult resourceExhausted(String stdout, String stderr, PythonError error, Duration duration) {
        return new ExecutionResult(stdout, stderr, Outcome.RESOURCE_EXHAUSTED, Objects.requireNonNull(error, "error"), "",
                -1, duration, Duration.ZERO, List.of(), false, false);
    }

    public boolean isSuccess() {
        return outcome == Outcome.SUCCESS;
    }

    /** A copy with {@code artifacts} attached. */
    public ExecutionResult withArtifacts(List<Artifact> list) {
        return new ExecutionResult(stdout, stderr, outcome, error, detail, exitCode, duration, timeLimit, list, truncated,
                stateLost);
    }

    /** A copy with the truncation flag set to {@code t}. */
    public ExecutionResult withTruncated(boolean t) {
        return new ExecutionResult(stdout, stderr, outcome, error, detail, exitCode, duration, timeLimit, artifacts, t,
                stateLost);
    }

    /** A copy with the {@link #stateLost()} flag set to {@code lost}. */
    public ExecutionResult withStateLost(boolean lost) {
        return new ExecutionResult(stdout, stderr, outcome, error, detail, exitCode, duration, timeLimit, artifacts,
                truncated, lost);
    }

    /** How a block ended. */
    public enum Outcome {
        /** Ran to the end. */
        SUCCESS,
        /** Raised an exception (including a syntax error); {@link ExecutionResult#error()} has it. */
        ERROR,
        /** Stopped at its time limit, {@link ExecutionResult#timeLimit()}. */
        TIMEOUT,
        /** Stopped because the analysis was cancelled. */
        CANCELLED,
        /** Exceeded a resource limit (memory, output, recursion) and was stopped. */
        RESOURCE_EXHAUSTED,
        /** The interpreter or worker died; a fresh one will serve the next block. */
        CRASHED
    }
}
