package io.github.deepanalyze.graalpy;

import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.execution.IsolationLevel;
import io.github.deepanalyze.spi.CodeExecutorProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supplies a default {@link GraalPyExecutor} ({@link IsolationLevel#IN_PROCESS_SANDBOX}, priority
 * 100) to {@code Analyst.builder().build()} when the application sets no executor. It can import
 * the standard library, the Java-backed {@code sqlite3} and the read-only {@code openpyxl} shim,
 * known without starting a context; so it is chosen only for prompt profiles whose code needs
 * nothing else (not pandas, numpy or matplotlib). Found with {@link java.util.ServiceLoader};
 * stateless and thread-safe.
 */
public final class GraalPyExecutorProvider implements CodeExecutorProvider {
    private static final Logger LOG = LoggerFactory.getLogger(GraalPyExecutorProvider.class);

    /** What the default executor (no {@code pythonPath}) imports: GraalPy's standard library plus the SDK's shims. */
    static final Set<String> IMPORTABLE = importable();

    /** For {@link java.util.ServiceLoader}. */
    public GraalPyExecutorProvider() {
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public IsolationLevel isolation() {
        return IsolationLevel.IN_PROCESS_SANDBOX;
    }

    @Override
    public Set<String> missingModules(Set<String> modules) {
        Set<String> missing = new TreeSet<>();
        for (String m : modules) {
            if (!IMPORTABLE.contains(m)) {
                missing.add(m);
            }
        }
        return Set.copyOf(missing);
    }

    @Override
    public String installHint(Set<String> missing) {
        return "in-process GraalPy has only the standard library, sqlite3 and a read-only openpyxl; build "
                + "GraalPyExecutor.builder().pythonPath(<site-packages with pure-Python packages>) and pass it to "
                + ".executor(...), or add deepanalyze-worker with a CPython that has them";
    }

    @Override
    public String describe() {
        return "in-process GraalPy (deepanalyze-graalpy)";
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

    private static Set<String> importable() {
        Set<String> names = new HashSet<>(Set.of("sqlite3", "openpyxl"));
        try (InputStream in = GraalPyExecutorProvider.class.getResourceAsStream("stdlib-modules.txt")) {
            if (in == null) {
                throw new IllegalStateException("missing resource stdlib-modules.txt in deepanalyze-graalpy");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            r.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(names::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(names);
    }
}
