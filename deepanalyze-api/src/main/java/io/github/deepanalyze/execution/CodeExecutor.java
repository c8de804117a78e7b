package io.github.deepanalyze.execution;

import java.nio.file.Path;

/**
 * SPI: runs the model's Python code. An executor is long-lived and shared by concurrent analyses
 * (it may pool interpreters or worker processes); each analysis opens its own
 * {@link ExecutionSession}. Implementations are thread-safe.
 *
 * <p>Every implementation throws the same exception for the same misuse, so the engine and users
 * can rely on it (the executor contract kit in {@code deepanalyze-testkit} pins these):
 * <ul>
 *   <li>a {@code null} argument: {@link NullPointerException};</li>
 *   <li>a workspace that does not exist or is not a directory: {@link io.github.deepanalyze.common.InvalidInputException}
 *       naming the path;</li>
 *   <li>a closed executor, or one that cannot provide an interpreter: {@link io.github.deepanalyze.common.ExecutorException};</li>
 *   <li>{@link ExecutionSession#execute} on a closed session: {@link IllegalStateException}.</li>
 * </ul>
 */
public interface CodeExecutor extends AutoCloseable {

    /**
     * Opens a session whose code runs in {@code workspace} (an existing directory).
     *
     * @throws NullPointerException if an argument is null
     * @throws io.github.deepanalyze.common.InvalidInputException if {@code workspace} does not exist or is not a directory
     * @throws io.github.deepanalyze.common.ExecutorException if the executor is closed or no interpreter could be provided
     */
    ExecutionSession openSession(Path workspace, ExecutionMode mode);

    /** What this executor isolates; see the implementation's documentation for details. */
    IsolationLevel isolation();

    /** A short description for traces, e.g. {@code "cpython-worker /usr/bin/python3 (3.11.2)"}. */
    default String describe() {
        return getClass().getSimpleName();
    }

    /** Releases pooled interpreters and workers. Sessions still open fail on their next block. */
    @Override
    void close();
}
