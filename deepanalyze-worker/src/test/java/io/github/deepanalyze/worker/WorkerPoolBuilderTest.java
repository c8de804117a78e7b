package io.github.deepanalyze.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.deepanalyze.common.ConfigurationException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The pool settings both worker executors share: one set of names, one way to reject a bad value. */
class WorkerPoolBuilderTest {

    /** Every shared setter, applied to a builder of either executor. */
    private static final List<Function<WorkerPoolBuilder<?>, Object>> BAD_VALUES = List.of(
            b -> b.poolSize(0),
            b -> b.warmWorkers(-1),
            b -> b.acquireTimeout(Duration.ZERO),
            b -> b.timeoutGrace(Duration.ofSeconds(-1)),
            b -> b.maxBlocksPerWorker(-1));

    private static final List<String> MESSAGES = List.of(
            "poolSize must be >= 1, got 0",
            "warmWorkers must be >= 0, got -1",
            "acquireTimeout must be positive, got PT0S",
            "timeoutGrace must be positive, got PT-1S",
            "maxBlocksPerWorker must be >= 0, got -1");

    @Test
    void rejectsABadPoolSettingWithAConfigurationExceptionNamingItInBothExecutors() {
        for (int i = 0; i < BAD_VALUES.size(); i++) {
            Function<WorkerPoolBuilder<?>, Object> setter = BAD_VALUES.get(i);
            assertThatThrownBy(() -> setter.apply(CPythonExecutor.builder()))
                    .isInstanceOf(ConfigurationException.class).hasMessageStartingWith(MESSAGES.get(i));
            assertThatThrownBy(() -> setter.apply(GraalPyWorkerExecutor.builder()))
                    .isInstanceOf(ConfigurationException.class).hasMessageStartingWith(MESSAGES.get(i));
        }
    }

    @Test
    void rejectsRuntimeLimitsBelowWhatTheRuntimeNeedsToStart() {
        assertThatThrownBy(() -> CPythonExecutor.builder().memoryLimitBytes(1 << 20))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("memoryLimitBytes must be 0 (no limit) or >= 256 MiB");
        assertThatThrownBy(() -> CPythonExecutor.builder().maxWorkerRssBytes(-1))
                .isInstanceOf(ConfigurationException.class).hasMessage("maxWorkerRssBytes must be >= 0, got -1");
        assertThatThrownBy(() -> GraalPyWorkerExecutor.builder().heapBytes(1 << 20))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("heapBytes must be >= 268435456");
        assertThatThrownBy(() -> GraalPyWorkerExecutor.builder().startupTimeout(Duration.ZERO))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("startupTimeout must be positive");
    }

    @Test
    void refusesMoreWarmWorkersThanThePoolHoldsWhenBuilding() {
        assumeTrue(Files.isExecutable(Python.SYSTEM), "needs /usr/bin/python3");
        // the shared setters return the executor's own builder, so its own settings chain after them
        CPythonExecutor.Builder cpython = CPythonExecutor.builder().poolSize(1).warmWorkers(2).interpreter(Python.SYSTEM);
        assertThatThrownBy(cpython::build).isInstanceOf(ConfigurationException.class)
                .hasMessage("warmWorkers (2) exceeds poolSize (1); lower warmWorkers(...) or raise poolSize(...)");
        GraalPyWorkerExecutor.Builder graalpy = GraalPyWorkerExecutor.builder().warmWorkers(2).heapBytes(1L << 30);
        assertThatThrownBy(graalpy::build).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("warmWorkers (2) exceeds poolSize (1)");
    }

    @Test
    void describeSaysWhenAndWhyTheNetworkIsNotIsolated() {
        assumeTrue(Files.isExecutable(Python.SYSTEM), "needs /usr/bin/python3");
        // isolateNetwork only concerns unconfined workers: a confined one always has its own empty network namespace
        try (CPythonExecutor open = CPythonExecutor.builder().interpreter(Python.SYSTEM).unconfined().warmWorkers(0)
                .isolateNetwork(false).build()) {
            assertThat(open.isNetworkIsolated()).isFalse();
            assertThat(open.describe()).contains("network NOT isolated (isolateNetwork(false))");
        }
        try (CPythonExecutor isolated = CPythonExecutor.builder().interpreter(Python.SYSTEM).unconfined().warmWorkers(0).build()) {
            assertThat(isolated.describe()).contains(isolated.isNetworkIsolated()
                    ? "network isolated (unshare)" : "network NOT isolated (unshare cannot create namespaces here");
        }
        try (CPythonExecutor confined = CPythonExecutor.builder().interpreter(Python.SYSTEM).isolateNetwork(false).build()) {
            assertThat(confined.isNetworkIsolated()).isTrue();
            assertThat(confined.describe()).contains("network isolated (confined");
        }
    }
}
