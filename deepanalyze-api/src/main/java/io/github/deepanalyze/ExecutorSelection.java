package io.github.deepanalyze;

import io.github.deepanalyze.common.ConfigurationException;
import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.execution.IsolationLevel;
import io.github.deepanalyze.spi.CodeExecutorProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Picks the default executor for {@link Analyst.Builder#build()} when none is given: among the
 * providers whose executors can import every module the prompt profile needs, the most isolated
 * level wins ({@code PROCESS} over {@code IN_PROCESS_SANDBOX} over {@code NONE}), then the higher
 * {@link CodeExecutorProvider#priority()}. {@code NONE} only counts with
 * {@code allowUnsandboxedExecution()}. When nothing fits, the exception says what each provider
 * lacks and how to fix it. Stateless; takes plain inputs so tests need no {@code ServiceLoader}.
 */
final class ExecutorSelection {
    private ExecutorSelection() {
    }

    private record Candidate(CodeExecutorProvider provider, IsolationLevel isolation, Set<String> missing, String problem) {
    }

    /**
     * The executor of the best fitting provider.
     *
     * @param profileName the prompt profile's name, for the message
     * @param needed the modules the profile's model code imports
     * @throws ConfigurationException when no provider is found or none can import {@code needed}
     */
    static CodeExecutor choose(List<CodeExecutorProvider> providers, String profileName, Set<String> needed,
            boolean allowUnsandboxed) {
        if (providers.isEmpty()) {
            throw new ConfigurationException("No code executor configured and none found on the class path: add "
                    + "io.github.deepanalyze:deepanalyze-worker (CPython worker processes) or "
                    + "deepanalyze-graalpy (sandboxed in-process Python), or call .executor(...)");
        }
        Set<String> wanted = Set.copyOf(needed);
        List<Candidate> candidates = new ArrayList<>();
        for (CodeExecutorProvider p : providers) {
            candidates.add(assess(p, wanted, allowUnsandboxed));
        }
        List<Candidate> fitting = new ArrayList<>(candidates.stream()
                .filter(c -> c.problem == null && c.missing.isEmpty()).toList());
        fitting.sort(Comparator.comparing((Candidate c) -> c.isolation).reversed()
                .thenComparing(Comparator.comparingInt((Candidate c) -> c.provider.priority()).reversed()));
        Map<Candidate, String> failedToCreate = new LinkedHashMap<>();
        for (Candidate c : fitting) {
            try {
                Optional<CodeExecutor> created = c.provider.create();
                if (created.isPresent()) {
                    return created.get();
                }
                failedToCreate.put(c, "could not create an executor here (see the log)");
            } catch (RuntimeException e) {
                failedToCreate.put(c, "could not create an executor here: " + e);
            }
        }
        throw new ConfigurationException(explain(candidates, failedToCreate, profileName, wanted));
    }

    private static Candidate assess(CodeExecutorProvider p, Set<String> wanted, boolean allowUnsandboxed) {
        IsolationLevel level;
        try {
            level = p.isolation();
        } catch (RuntimeException e) {
            return new Candidate(p, IsolationLevel.NONE, Set.of(), "could not say its isolation level: " + e);
        }
        if (level == IsolationLevel.NONE && !allowUnsandboxed) {
            return new Candidate(p, level, Set.of(), "does not isolate model code (call .allowUnsandboxedExecution() "
                    + "to accept it for trusted code)");
        }
        if (wanted.isEmpty()) {
            return new Candidate(p, level, Set.of(), null);
        }
        try {
            return new Candidate(p, level, new TreeSet<>(p.missingModules(wanted)), null);
        } catch (RuntimeException e) {
            return new Candidate(p, level, Set.of(), "could not say what it can import: " + e);
        }
    }

    private static String explain(List<Candidate> candidates, Map<Candidate, String> failedToCreate, String profileName,
            Set<String> wanted) {
        StringBuilder m = new StringBuilder();
        if (wanted.isEmpty()) {
            m.append("No code executor on the class path could be created for prompt profile '").append(profileName)
                    .append("':");
        } else {
            m.append("No code executor on the class path can import what prompt profile '").append(profileName)
                    .append("' needs (").append(String.join(", ", new TreeSet<>(wanted))).append("):");
        }
        for (Candidate c : candidates) {
            m.append("\n  - ").append(describe(c.provider)).append(" [").append(c.isolation).append("]: ");
            if (c.problem != null) {
                m.append(c.problem);
            } else if (!c.missing.isEmpty()) {
                m.append("cannot import ").append(String.join(", ", c.missing)).append("; fix: ")
                        .append(hint(c.provider, c.missing));
            } else {
                m.append(failedToCreate.getOrDefault(c, "could not create an executor here"));
            }
        }
        m.append("\nFix one of the above, or pass an executor explicitly with Analyst.builder().executor(...) ")
                .append("(an explicit executor is always used as given).");
        return m.toString();
    }

    private static String describe(CodeExecutorProvider p) {
        try {
            return p.describe();
        } catch (RuntimeException e) {
            return p.getClass().getName();
        }
    }

    private static String hint(CodeExecutorProvider p, Set<String> missing) {
        try {
            return p.installHint(Set.copyOf(missing));
        } catch (RuntimeException e) {
            return "make them importable by this executor";
        }
    }
}
