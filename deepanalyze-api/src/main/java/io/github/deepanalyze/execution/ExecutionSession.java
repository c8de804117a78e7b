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
     * an {@link io.github.deepanalyze.common.ExecutorException} means the executor itself failed.
     *
     * @throws IllegalStateException if this session is closed (a programming error: open a new session)
     * @throws io.github.deepanalyze.common.ExecutorException if the executor failed or was closed
     */
    ExecutionResult execute(ExecutionRequest request);

    /** Releases the interpreter or worker; idempotent. Later {@link #execute} calls throw {@link IllegalStateException}. */
    @Override
    void close();
}
