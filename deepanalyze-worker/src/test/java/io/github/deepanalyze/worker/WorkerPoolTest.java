package io.github.deepanalyze.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.deepanalyze.common.ExecutorException;
import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult.Outcome;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionSession;
import io.github.deepanalyze.execution.IsolationLevel;
import io.github.deepanalyze.spi.CodeExecutorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool: limits, reuse with clean state, warm workers, concurrency, and a close that leaves nothing behind.
 * Reuse across sessions and warm workers exist only for {@code unconfined()} executors (a confined worker is
 * started per session for its workspace), so those tests build unconfined executors explicitly.
 */
class WorkerPoolTest {
    @TempDir
    Path dir;

    private Path python;

    @BeforeEach
    void needPython() {
        python = Python.requireDataStack();
    }

    private Path workspace(String name) throws Exception {
        return Files.createDirectories(dir.resolve(name));
    }

    private static String out(ExecutionSession s, String code) {
        ExecutionResult r = s.execute(ExecutionRequest.of(code).withTimeout(Duration.ofSeconds(60)));
        assertThat(r.outcome()).as(r.toString()).isIn(Outcome.SUCCESS, Outcome.ERROR);
        return r.isSuccess() ? r.stdout() : r.error().traceback();
    }

    @Test
    void makesCallersWaitWhenAllWorkersAreBusyAndReusesTheWorkerWithCleanState() throws Exception {
        try (CPythonExecutor executor = CPythonExecutor.builder().interpreter(python).unconfined().poolSize(1).warmWorkers(1)
                .acquireTimeout(Duration.ofMillis(500)).build()) {
            Path first = workspace("first");
            Path second = workspace("second");
            ExecutionSession a = executor.openSession(first, ExecutionMode.NOTEBOOK);
            out(a, "import sys, matplotlib\nsecret = 42\nsys.modules['leftover'] = sys\nmatplotlib.rcParams['lines.linewidth'] = 9\n"
                    + "open('mine.txt', 'w').write('x')\nopen('helper.py', 'w').write('VALUE = 1')\nimport helper");
            List<Long> pidsDuringA = executor.workerPids();
            assertThatThrownBy(() -> executor.openSession(second, ExecutionMode.NOTEBOOK))
                    .isInstanceOf(ExecutorException.class).hasMessageContaining("all 1 workers stayed busy");
            a.close();

            try (ExecutionSession b = executor.openSession(second, ExecutionMode.NOTEBOOK)) {
                assertThat(executor.workerPids()).isEqualTo(pidsDuringA); // the same process, reused
                assertThat(out(b, "print(secret)")).endsWith("NameError: name 'secret' is not defined\n");
                assertThat(out(b, "import os, matplotlib\nprint(os.getcwd() == %s)\nprint(matplotlib.rcParams['lines.linewidth'])\nprint(os.path.exists('mine.txt'))"
                        .formatted(pyString(second.toRealPath().toString())))).isEqualTo("True\n1.5\nFalse\n");
                // a module the previous analysis wrote into its workspace is forgotten
                assertThat(out(b, "import helper")).endsWith("ModuleNotFoundError: No module named 'helper'\n");
            }
        }
    }

    @Test
    void keepsAWarmWorkerReadyBeforeTheFirstSession() throws Exception {
        // how long this path takes is measured by ExecutorOverheadBenchmark (bash scripts/bench.sh ExecutorOverheadBenchmark)
        try (CPythonExecutor executor = CPythonExecutor.builder().interpreter(python).unconfined().poolSize(1).warmWorkers(1).build()) {
            assertThat(Python.eventually(() -> executor.workerPids().size() == 1, Duration.ofSeconds(30))).isTrue();
            List<Long> warm = executor.workerPids();
            try (ExecutionSession s = executor.openSession(workspace("warm"), ExecutionMode.SCRIPT)) {
                // the first session runs on the worker started before it, with the libraries already imported
                assertThat(out(s, "import sys\nprint('numpy' in sys.modules, 'pandas' in sys.modules)"))
                        .isEqualTo("True True\n");
                assertThat(executor.workerPids()).isEqualTo(warm);
            }
        }
    }

    @Test
    void replacesAWorkerAfterItsBlockBudget() throws Exception {
        try (CPythonExecutor executor = CPythonExecutor.builder().interpreter(python).poolSize(1).warmWorkers(0)
                .maxBlocksPerWorker(2).build()) {
            long firstPid;
            try (ExecutionSession s = executor.openSession(workspace("a"), ExecutionMode.SCRIPT)) {
                out(s, "pass");
                out(s, "pass");
                firstPid = executor.workerPids().get(0);
            }
            try (ExecutionSession s = executor.openSession(workspace("b"), ExecutionMode.SCRIPT)) {
                out(s, "pass");
                assertThat(executor.workerPids()).doesNotContain(firstPid);
            }
            assertThat(Python.gone(firstPid)).isTrue();
        }
    }

    @Test
    void runsConcurrentSessionsFromSeveralThreadsWithinThePoolLimit() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (CPythonExecutor executor = CPythonExecutor.builder().interpreter(python).poolSize(2).warmWorkers(2).build()) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = i;
                Path ws = workspace("t" + i);
                results.add(threads.submit(() -> {
                    try (ExecutionSession s = executor.openSession(ws, ExecutionMode.SCRIPT)) {
                        assertThat(executor.workerPids().size()).isLessThanOrEqualTo(2);
                        out(s, "open('n.txt', 'w').write('%d')".formatted(n));
                        return out(s, "import time\ntime.sleep(0.2)\nprint(open('n.txt').read())");
                    }
                }));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(i + "\n");
            }
            assertThat(executor.workerPids().size()).isLessThanOrEqualTo(2);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void closeLeavesNoWorkerAndNoProcessTheCodeStarted() throws Exception {
        String marker = "1000." + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000);
        CPythonExecutor executor = CPythonExecutor.builder().interpreter(python).unconfined().poolSize(2).warmWorkers(2).build();
        List<Long> pids;
        ExecutionSession open = executor.openSession(workspace("open"), ExecutionMode.SCRIPT);
        ExecutionResult r = open.execute(ExecutionRequest.of(
                "import subprocess, os\np = subprocess.Popen(['sleep', '" + marker + "'], start_new_session=True)\n"
                        + "os.system('sleep " + marker + "1 &')\nprint('spawned')"));
        assertThat(r.stdout()).isEqualTo("spawned\n");
        assertThat(Python.processWithArgument(marker)).isPresent();
        assertThat(Python.eventually(() -> executor.workerPids().size() == 2, Duration.ofSeconds(30))).isTrue();
        pids = executor.workerPids();

        executor.close();

        for (long pid : pids) {
            assertThat(Python.gone(pid)).as("worker " + pid).isTrue();
        }
        assertThat(Python.eventually(() -> Python.processWithArgument(marker).isEmpty(), Duration.ofSeconds(5)))
                .as("processes started by model code").isTrue();
        assertThatThrownBy(() -> open.execute(ExecutionRequest.of("print(1)"))).isInstanceOf(ExecutorException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> executor.openSession(dir, ExecutionMode.SCRIPT)).isInstanceOf(ExecutorException.class);
    }

    @Test
    void isFoundByServiceLoaderAsTheProcessIsolatedFallback() {
        List<CodeExecutorProvider> providers = ServiceLoader.load(CodeExecutorProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p instanceof CPythonExecutorProvider).toList();
        assertThat(providers).hasSize(1);
        assertThat(providers.get(0).priority()).isEqualTo(50);
        Optional<CodeExecutor> created = providers.get(0).create();
        assertThat(created).isPresent();
        try (CodeExecutor e = created.get()) {
            assertThat(e.isolation()).isEqualTo(IsolationLevel.PROCESS);
        }
    }

    @Test
    void providerProbesWhatTheInterpreterCanImportWithoutStartingAPool() {
        CPythonExecutorProvider provider = new CPythonExecutorProvider();
        assertThat(provider.isolation()).isEqualTo(IsolationLevel.PROCESS);
        assertThat(provider.missingModules(Set.of("json", "sqlite3", "deepanalyze_no_such_module")))
                .containsExactly("deepanalyze_no_such_module");
        assertThat(provider.installHint(Set.of("pandas", "sklearn")))
                .contains("apt-get install python3-pandas python3-sklearn")
                .contains("pip install pandas scikit-learn");
    }

    private static String pyString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
