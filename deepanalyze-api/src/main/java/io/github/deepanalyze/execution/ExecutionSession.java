package io.github.deepanalyze.execution;

import java.nio.file.Path;

/**
 * The code-running side of one analysis: blocks run one after another in one workspace.
 * Not thread-safe: one analysis uses it from one thread at a time. {@link #close()} releases the
 * interpreter or worker; it never deletes the workspace.
 */
public interface ExecutionSession extends AutoCloseable {

    /** The directory code runs in; relative paths in code resolve against it. */
    Path workspace();

    /**
     * Runs one block. Errors in the code, timeouts and cancellation are results, not exceptions;
     * an {@link io.github.deepanalyze.ExecutorException} means the executor itself failed.
     */
    ExecutionResult execute(ExecutionRequest request);

    @Override
    void close();
}
