package io.github.deepanalyze.worker;

import io.github.deepanalyze.common.DeepAnalyzeException;
import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.execution.IsolationLevel;
import io.github.deepanalyze.spi.CodeExecutorProvider;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supplies a default {@link CPythonExecutor} ({@link IsolationLevel#PROCESS}, priority 50) when a
 * Python 3 interpreter is found ({@link CPythonExecutor#findDefaultInterpreter()}). What it can
 * import is probed once per interpreter with {@code importlib.util.find_spec} in a short
 * subprocess and cached, so {@code Analyst.builder().build()} picks it, the most isolated level,
 * whenever that interpreter has the modules the prompt profile needs (pandas, numpy, matplotlib for
 * DeepAnalyze-8B). Registered in {@code META-INF/services}. Stateless and thread-safe.
 */
public final class CPythonExecutorProvider implements CodeExecutorProvider {
    private static final Logger LOG = LoggerFactory.getLogger(CPythonExecutorProvider.class);
    /** Debian/Ubuntu package names where they differ from {@code python3-<module>}. */
    private static final Map<String, String> APT_NAMES = Map.of("sklearn", "python3-sklearn", "yaml", "python3-yaml",
            "PIL", "python3-pil", "bs4", "python3-bs4");
    /** pip distribution names where they differ from the module name. */
    private static final Map<String, String> PIP_NAMES = Map.of("sklearn", "scikit-learn", "yaml", "pyyaml",
            "PIL", "pillow", "bs4", "beautifulsoup4");

    /** Used by {@link java.util.ServiceLoader}. */
    public CPythonExecutorProvider() {
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public IsolationLevel isolation() {
        return IsolationLevel.PROCESS;
    }

    @Override
    public Set<String> missingModules(Set<String> modules) {
        Optional<Path> python = CPythonExecutor.findDefaultInterpreter();
        if (python.isEmpty()) {
            return Set.copyOf(modules);
        }
        return ModuleProbe.missing(python.get(), modules);
    }

    @Override
    public String installHint(Set<String> missing) {
        Optional<Path> python = CPythonExecutor.findDefaultInterpreter();
        if (python.isEmpty()) {
            return "no python3 found at /usr/bin/python3 or on PATH; install Python 3 with them, e.g. apt-get install "
                    + "python3 " + names(missing, APT_NAMES, "python3-");
        }
        return "install them for " + python.get() + ", e.g. apt-get install " + names(missing, APT_NAMES, "python3-")
                + " (or " + python.get() + " -m pip install " + names(missing, PIP_NAMES, "") + ")";
    }

    @Override
    public String describe() {
        return "CPython worker (deepanalyze-worker, "
                + CPythonExecutor.findDefaultInterpreter().map(Path::toString).orElse("no python3 found") + ")";
    }

    @Override
    public Optional<CodeExecutor> create() {
        if (CPythonExecutor.findDefaultInterpreter().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(CPythonExecutor.builder().build());
        } catch (DeepAnalyzeException e) {
            LOG.warn("the CPython worker executor is not usable here, skipping it: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static String names(Set<String> modules, Map<String, String> special, String prefix) {
        Set<String> out = new TreeSet<>();
        for (String m : modules) {
            out.add(special.getOrDefault(m, prefix + m));
        }
        return String.join(" ", out);
    }
}
