package io.github.deepanalyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.deepanalyze.common.ConfigurationException;
import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.execution.IsolationLevel;
import io.github.deepanalyze.spi.CodeExecutorProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ExecutorSelectionTest {
    private static final Set<String> DATA_SCIENCE = Set.of("pandas", "numpy", "matplotlib");

    private final List<String> created = new ArrayList<>();

    @Test
    void picksTheMostIsolatedExecutorThatCanImportWhatTheProfileNeeds() {
        FakeProvider graalpy = new FakeProvider("graalpy", IsolationLevel.IN_PROCESS_SANDBOX, 100, Set.of("sqlite3"));
        FakeProvider cpython = new FakeProvider("cpython", IsolationLevel.PROCESS, 50, Set.of("pandas", "numpy", "matplotlib"));

        CodeExecutor chosen = ExecutorSelection.choose(List.of(graalpy, cpython), "deepanalyze", DATA_SCIENCE, false);

        assertThat(chosen.describe()).isEqualTo("cpython");
        assertThat(created).containsExactly("cpython");
    }

    @Test
    void prefersProcessIsolationOverAHigherPriorityInProcessSandboxEvenWhenBothFit() {
        FakeProvider graalpy = new FakeProvider("graalpy", IsolationLevel.IN_PROCESS_SANDBOX, 100, Set.of("csv"));
        FakeProvider cpython = new FakeProvider("cpython", IsolationLevel.PROCESS, 50, Set.of("csv"));

        assertThat(ExecutorSelection.choose(List.of(graalpy, cpython), "custom", Set.of(), false).describe())
                .isEqualTo("cpython");
    }

    @Test
    void fallsBackToALessIsolatedLevelThatCanImportTheModules() {
        FakeProvider cpython = new FakeProvider("cpython", IsolationLevel.PROCESS, 50, Set.of("numpy"));
        FakeProvider graalpyWithPackages = new FakeProvider("graalpy+venv", IsolationLevel.IN_PROCESS_SANDBOX, 100,
                DATA_SCIENCE);

        assertThat(ExecutorSelection.choose(List.of(cpython, graalpyWithPackages), "deepanalyze", DATA_SCIENCE, false)
                .describe()).isEqualTo("graalpy+venv");
        assertThat(created).containsExactly("graalpy+venv");
    }

    @Test
    void breaksTiesWithinALevelByPriority() {
        FakeProvider low = new FakeProvider("low", IsolationLevel.PROCESS, 10, DATA_SCIENCE);
        FakeProvider high = new FakeProvider("high", IsolationLevel.PROCESS, 90, DATA_SCIENCE);

        assertThat(ExecutorSelection.choose(List.of(low, high), "deepanalyze", DATA_SCIENCE, false).describe())
                .isEqualTo("high");
    }

    @Test
    void triesTheNextFittingProviderWhenTheBestCannotCreateAnExecutor() {
        FakeProvider broken = new FakeProvider("broken", IsolationLevel.PROCESS, 50, DATA_SCIENCE).failingToCreate();
        FakeProvider sandbox = new FakeProvider("sandbox", IsolationLevel.IN_PROCESS_SANDBOX, 100, DATA_SCIENCE);

        assertThat(ExecutorSelection.choose(List.of(broken, sandbox), "deepanalyze", DATA_SCIENCE, false).describe())
                .isEqualTo("sandbox");
    }

    @Test
    void ignoresUnsandboxedProvidersUnlessAllowed() {
        FakeProvider host = new FakeProvider("host", IsolationLevel.NONE, 1000, DATA_SCIENCE);
        FakeProvider graalpy = new FakeProvider("graalpy", IsolationLevel.IN_PROCESS_SANDBOX, 100, Set.of());

        assertThatThrownBy(() -> ExecutorSelection.choose(List.of(host, graalpy), "deepanalyze", DATA_SCIENCE, false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("host [NONE]: does not isolate model code")
                .hasMessageContaining(".allowUnsandboxedExecution()");
        assertThat(ExecutorSelection.choose(List.of(host, graalpy), "deepanalyze", DATA_SCIENCE, true).describe())
                .isEqualTo("host");
    }

    @Test
    void namesTheMissingModulesOfEveryExecutorAndTheFixWhenNoneCanImportThem() {
        FakeProvider graalpy = new FakeProvider("graalpy", IsolationLevel.IN_PROCESS_SANDBOX, 100, Set.of("sqlite3"));
        FakeProvider cpython = new FakeProvider("cpython", IsolationLevel.PROCESS, 50, Set.of("numpy"));

        assertThatThrownBy(() -> ExecutorSelection.choose(List.of(graalpy, cpython), "deepanalyze", DATA_SCIENCE, false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("prompt profile 'deepanalyze' needs (matplotlib, numpy, pandas)")
                .hasMessageContaining("graalpy [IN_PROCESS_SANDBOX]: cannot import matplotlib, numpy, pandas; fix: install "
                        + "matplotlib numpy pandas for graalpy")
                .hasMessageContaining("cpython [PROCESS]: cannot import matplotlib, pandas; fix: install matplotlib pandas "
                        + "for cpython")
                .hasMessageContaining("Analyst.builder().executor(...)");
        assertThat(created).as("no executor is started when none fits").isEmpty();
    }

    @Test
    void saysSoWhenNoProviderIsOnTheClassPath() {
        assertThatThrownBy(() -> ExecutorSelection.choose(List.of(), "deepanalyze", DATA_SCIENCE, false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("none found on the class path")
                .hasMessageContaining("deepanalyze-worker");
    }

    @Test
    void aProviderThatThrowsWhileAnsweringIsReportedNotFatal() {
        FakeProvider confused = new FakeProvider("confused", IsolationLevel.PROCESS, 50, Set.of()) {
            @Override
            public Set<String> missingModules(Set<String> modules) {
                throw new IllegalStateException("probe exploded");
            }
        };
        FakeProvider graalpy = new FakeProvider("graalpy", IsolationLevel.IN_PROCESS_SANDBOX, 100, DATA_SCIENCE);

        assertThat(ExecutorSelection.choose(List.of(confused, graalpy), "deepanalyze", DATA_SCIENCE, false).describe())
                .isEqualTo("graalpy");
        assertThatThrownBy(() -> ExecutorSelection.choose(List.of(confused), "deepanalyze", DATA_SCIENCE, false))
                .hasMessageContaining("confused [PROCESS]: could not say what it can import")
                .hasMessageContaining("probe exploded");
    }

    /** A provider answering from a fixed set of importable modules; records which executors it creates. */
    private class FakeProvider implements CodeExecutorProvider {
        private final String name;
        private final IsolationLevel level;
        private final int priority;
        private final Set<String> importable;
        private boolean failCreate;

        FakeProvider(String name, IsolationLevel level, int priority, Set<String> importable) {
            this.name = name;
            this.level = level;
            this.priority = priority;
            this.importable = importable;
        }

        FakeProvider failingToCreate() {
            failCreate = true;
            return this;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public IsolationLevel isolation() {
            return level;
        }

        @Override
        public Set<String> missingModules(Set<String> modules) {
            Set<String> missing = new TreeSet<>(modules);
            missing.removeAll(importable);
            return missing;
        }

        @Override
        public String installHint(Set<String> missing) {
            return "install " + String.join(" ", new TreeSet<>(missing)) + " for " + name;
        }

        @Override
        public String describe() {
            return name;
        }

        @Override
        public Optional<CodeExecutor> create() {
            if (failCreate) {
                return Optional.empty();
            }
            created.add(name);
            return Optional.of(new Fakes.Executor(level, name));
        }
    }
}
