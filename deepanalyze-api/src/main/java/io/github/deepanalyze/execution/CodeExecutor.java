package io.github.deepanalyze.execution;

import java.nio.file.Path;

/**
 * SPI: runs the model's Python code. An executor is long-lived and shared by concurrent analyses
 * (it may pool interpreters or worker processes); each analysis opens its own
 * {@link ExecutionSession}. Implementations are thread-safe.
 */
public interface CodeExecutor extends AutoCloseable {

    /**
     * Opens a session whose code runs in {@code workspace} (an existing directory).
     *
     * @throws io.github.deepanalyze.ExecutorException if no interpreter could be provided
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
