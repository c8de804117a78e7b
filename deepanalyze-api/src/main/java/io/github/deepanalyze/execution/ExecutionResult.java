package io.github.deepanalyze.execution;

import io.github.deepanalyze.Artifact;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What running one code block produced.
 *
 * @param stdout everything the block printed to standard output (possibly truncated)
 * @param stderr everything it printed to standard error (possibly truncated)
 * @param outcome how the block ended
 * @param error for {@link Outcome#ERROR}: the Python traceback; for other failures: a one-line
 *     description (e.g. {@code [Timeout]: execution exceeded 120 seconds}); empty on success
 * @param exitCode the process exit status where there is one; 0 on success, 1 on a Python error, -1 if unknown
 * @param duration wall time of the block
 * @param artifacts files the block created or changed in the workspace
 * @param truncated whether stdout or stderr was cut to the request's cap
 */
public record ExecutionResult(
        String stdout,
        String stderr,
        Outcome outcome,
        String error,
        int exitCode,
        Duration duration,
        List<Artifact> artifacts,
        boolean truncated) {

    public ExecutionResult {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(duration, "duration");
        artifacts = List.copyOf(artifacts);
    }

    /** A successful run. */
    public static ExecutionResult success(String stdout, String stderr, Duration duration) {
        return new ExecutionResult(stdout, stderr, Outcome.SUCCESS, "", 0, duration, List.of(), false);
    }

    /** A run that raised a Python exception; {@code traceback} is the formatted traceback. */
    public static ExecutionResult error(String stdout, String stderr, String traceback, Duration duration) {
        return new ExecutionResult(stdout, stderr, Outcome.ERROR, traceback, 1, duration, List.of(), false);
    }

    /** A run stopped at its time limit, with the reference wording. */
    public static ExecutionResult timeout(String stdout, String stderr, Duration limit, Duration duration) {
        return new ExecutionResult(stdout, stderr, Outcome.TIMEOUT,
                "[Timeout]: execution exceeded " + limit.toSeconds() + " seconds", -1, duration, List.of(), false);
    }

    public boolean isSuccess() {
        return outcome == Outcome.SUCCESS;
    }

    /** A copy with {@code artifacts} attached. */
    public ExecutionResult withArtifacts(List<Artifact> list) {
        return new ExecutionResult(stdout, stderr, outcome, error, exitCode, duration, list, truncated);
    }

    /** A copy with the truncation flag set. */
    public ExecutionResult withTruncated(boolean t) {
        return new ExecutionResult(stdout, stderr, outcome, error, exitCode, duration, artifacts, t);
    }

    /**
     * The text the reference environment sends back to the model: raw stdout, then stderr, then
     * for a Python error {@code [Error]:} and the traceback, for other failures their one-line
     * description. No fences, no decoration.
     */
    public String feedback() {
        StringBuilder sb = new StringBuilder(stdout.length() + stderr.length() + error.length() + 16);
        sb.append(stdout);
        appendOnOwnLine(sb, stderr);
        switch (outcome) {
            case SUCCESS -> { }
            case ERROR -> appendOnOwnLine(sb, "[Error]:\n" + error);
            default -> appendOnOwnLine(sb, error);
        }
        return sb.toString();
    }

    private static void appendOnOwnLine(StringBuilder sb, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != '\n') {
            sb.append('\n');
        }
        sb.append(text);
    }

    /** How a block ended. */
    public enum Outcome {
        /** Ran to the end. */
        SUCCESS,
        /** Raised an exception (including a syntax error); {@link #error()} has the traceback. */
        ERROR,
        /** Stopped at its time limit. */
        TIMEOUT,
        /** Stopped because the analysis was cancelled. */
        CANCELLED,
        /** Exceeded a resource limit (memory, output, recursion) and was stopped. */
        RESOURCE_EXHAUSTED,
        /** The interpreter or worker died; a fresh one will serve the next block. */
        CRASHED
    }
}
