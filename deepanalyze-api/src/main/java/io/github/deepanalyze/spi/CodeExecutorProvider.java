package io.github.deepanalyze.spi;

import io.github.deepanalyze.execution.CodeExecutor;
import java.util.Optional;

/**
 * SPI: supplies a default {@link CodeExecutor} when the builder is given none, found with
 * {@link java.util.ServiceLoader}. The available provider with the highest {@link #priority()} wins.
 */
public interface CodeExecutorProvider {

    /** Higher wins. Sandboxed in-process executors use 100, process-isolated ones 50. */
    int priority();

    /** A new executor, or empty if this provider cannot work here (say, a missing interpreter). */
    Optional<CodeExecutor> create();
}
