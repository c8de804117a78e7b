package io.github.deepanalyze.graalpy;

import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.spi.CodeExecutorProvider;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supplies a default {@link GraalPyExecutor} (priority 100, the sandboxed in-process level) to
 * {@code Analyst.builder().build()} when the application sets no executor. Found with
 * {@link java.util.ServiceLoader}; stateless and thread-safe.
 */
public final class GraalPyExecutorProvider implements CodeExecutorProvider {
    private static final Logger LOG = LoggerFactory.getLogger(GraalPyExecutorProvider.class);

    /** For {@link java.util.ServiceLoader}. */
    public GraalPyExecutorProvider() {
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Optional<CodeExecutor> create() {
        try {
            return Optional.of(GraalPyExecutor.builder().build());
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("GraalPy is not usable here, skipping the in-process executor: {}", e.toString());
            return Optional.empty();
        }
    }
}
