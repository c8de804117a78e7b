package io.github.deepanalyze.spi;

import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.execution.IsolationLevel;
import java.util.Optional;
import java.util.Set;

/**
 * SPI: supplies a default {@link CodeExecutor} when the builder is given none, found with
 * {@link java.util.ServiceLoader}. {@code Analyst.Builder.build()} asks every provider which of
 * the modules the prompt profile needs ({@link io.github.deepanalyze.prompt.PromptProfile#requiredModules()})
 * it cannot import, and creates the executor of the most isolated {@link #isolation() level} that
 * can import them all; {@link #priority()} breaks ties within a level.
 *
 * <p>Implementations are stateless or thread-safe; they must answer {@link #isolation()} and
 * {@link #missingModules} cheaply, without starting an interpreter pool (probing an interpreter
 * once and caching the answer is fine). Arguments and results are never null.
 */
public interface CodeExecutorProvider {

    /** Among providers of the same {@link #isolation()} level, higher wins. The built-in ones use 100 (GraalPy) and 50 (CPython). */
    int priority();

    /** The isolation level of the executors {@link #create()} returns. */
    IsolationLevel isolation();

    /**
     * Of {@code modules} (top-level Python module names such as {@code pandas}), those the executor
     * {@link #create()} would return cannot import; empty when it can import them all. A provider
     * that cannot work here at all (say, no interpreter found) returns all of them.
     */
    Set<String> missingModules(Set<String> modules);

    /**
     * What the user can do so that {@code missing} (a non-empty result of {@link #missingModules})
     * becomes importable, e.g. {@code "apt-get install python3-pandas"}; shown in the
     * {@link io.github.deepanalyze.common.ConfigurationException} that {@code build()} throws when no
     * provider fits. The default says nothing specific.
     */
    default String installHint(Set<String> missing) {
        return "make them importable by this executor";
    }

    /** A short name for messages, e.g. {@code "CPython worker (/usr/bin/python3)"}; defaults to the class name. */
    default String describe() {
        return getClass().getSimpleName();
    }

    /** A new executor, or empty if this provider cannot work here (say, a missing interpreter). */
    Optional<CodeExecutor> create();
}
