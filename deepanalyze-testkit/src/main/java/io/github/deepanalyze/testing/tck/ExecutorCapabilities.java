package io.github.deepanalyze.testing.tck;

/**
 * What an executor under test claims it can do, so {@link CodeExecutorContract} checks each claim
 * both ways: a declared capability must work, an undeclared one is skipped (or, for pandas, must
 * fail the way a missing package fails). Start from {@link #defaults()} and add what applies.
 *
 * <p>Immutable and thread-safe.
 *
 * @param pandas whether {@code import pandas} works; if not, it must end as a Python
 *     {@code ModuleNotFoundError}, never as an executor failure
 * @param notebookMode whether {@link io.github.deepanalyze.execution.ExecutionMode#NOTEBOOK} keeps
 *     globals across blocks
 * @param memoryCapBytes the memory cap the executor enforces per block (the executor under test
 *     must be configured with it), or 0 if it enforces none
 */
public record ExecutorCapabilities(boolean pandas, boolean notebookMode, long memoryCapBytes) {

    public ExecutorCapabilities {
        if (memoryCapBytes < 0) {
            throw new IllegalArgumentException("memoryCapBytes must be >= 0 (0 = no cap), got " + memoryCapBytes);
        }
    }

    /** The standard library only, NOTEBOOK mode supported, no memory cap. */
    public static ExecutorCapabilities defaults() {
        return new ExecutorCapabilities(false, true, 0);
    }

    /** A copy that claims pandas (and numpy) import. */
    public ExecutorCapabilities withPandas() {
        return new ExecutorCapabilities(true, notebookMode, memoryCapBytes);
    }

    /** A copy that claims no NOTEBOOK mode support. */
    public ExecutorCapabilities withoutNotebookMode() {
        return new ExecutorCapabilities(pandas, false, memoryCapBytes);
    }

    /** A copy that claims a memory cap of {@code bytes} per block. */
    public ExecutorCapabilities withMemoryCap(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a memory cap must be positive, got " + bytes);
        }
        return new ExecutorCapabilities(pandas, notebookMode, bytes);
    }
}
