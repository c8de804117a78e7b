package io.github.deepanalyze.worker;

import io.github.deepanalyze.DeepAnalyzeException;
import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.spi.CodeExecutorProvider;
import java.util.Optional;

/**
 * Supplies a default {@link CPythonExecutor} (priority 50) when a Python 3 interpreter is found, so
 * it serves as the fallback when no in-process sandboxed executor (priority 100) is on the class
 * path. Registered in {@code META-INF/services}. Stateless and thread-safe.
 */
public final class CPythonExecutorProvider implements CodeExecutorProvider {

    /** Used by {@link java.util.ServiceLoader}. */
    public CPythonExecutorProvider() {
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public Optional<CodeExecutor> create() {
        if (CPythonExecutor.findDefaultInterpreter().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(CPythonExecutor.builder().build());
        } catch (DeepAnalyzeException e) {
            return Optional.empty();
        }
    }
}
