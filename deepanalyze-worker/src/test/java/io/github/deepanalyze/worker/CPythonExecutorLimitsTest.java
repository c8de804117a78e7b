package io.github.deepanalyze.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.deepanalyze.common.Cancellation;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult.Outcome;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionSession;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Hard limits: time, memory, output, environment, network, and processes the code starts. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CPythonExecutorLimitsTest {
    private static final Duration LIMIT = Duration.ofSeconds(1);
    private CPythonExecutor executor;

    @TempDir
    Path workspace;

    @BeforeAll
    void start() {
        executor = CPythonExecutor.builder().interpreter(Python.requireDataStack()).poolSize(2)
                .timeoutGrace(Duration.ofSeconds(1)).memoryLimitBytes(2L << 30).build();
    }

    @AfterAll
    void stop() {
        if (executor != null) {
            executor.close();
        }
    }

    private static ExecutionResult run(ExecutionSession s, String code, Duration timeout) {
        return s.execute(ExecutionRequest.of(code).withTimeout(timeout));
    }

    @Test
    void stopsSleepsLoopsAndLongBuiltinsAtTheTimeLimitAndTheNextBlockRuns() {
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            for (String code : List.of(
                    "import time\nprint('started', flush=True)\ntime.sleep(60)",
                    "while True:\n    pass",
                    "print(sum(range(10**10)))",
                    "import time\nwhile True:\n    try:\n        time.sleep(60)\n    except BaseException:\n        pass")) {
                long t0 = System.nanoTime();
                ExecutionResult r = run(s, code, LIMIT);
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                assertThat(r.outcome()).as(code).isEqualTo(Outcome.TIMEOUT);
                assertThat(r.timeLimit()).as(code).isEqualTo(LIMIT);
                assertThat(took).as(code).isLessThan(Duration.ofSeconds(8));
                assertThat(run(s, "print('next')", Duration.ofSeconds(30)).stdout()).as("after " + code).isEqualTo("next\n");
            }
        }
    }

    @Test
    void keepsWhatATimedOutBlockPrintedEvenWhenTheWorkerIsKilled() {
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            ExecutionResult r = run(s, "print('partial')\nprint(sum(range(10**10)))", LIMIT);
            assertThat(r.outcome()).isEqualTo(Outcome.TIMEOUT);
            assertThat(r.stdout()).isEqualTo("partial\n");
            assertThat(r.timeLimit()).isEqualTo(LIMIT);
            assertThat(r.error()).isNull();
        }
    }

    @Test
    void flagsTheNextNotebookBlockWhenKillingTheWorkerLostItsVariables() {
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.NOTEBOOK)) {
            assertThat(run(s, "kept = 'yes'", Duration.ofSeconds(30)).stateLost()).isFalse();
            assertThat(run(s, "print(sum(range(10**10)))", LIMIT).outcome()).isEqualTo(Outcome.TIMEOUT);
            ExecutionResult next = run(s, "print('kept' in globals())", Duration.ofSeconds(30));
            assertThat(next.stateLost()).isTrue();
            assertThat(next.stdout()).isEqualTo("False\n");
            assertThat(run(s, "print(1)", Duration.ofSeconds(30)).stateLost()).as("only the first block on the new worker").isFalse();
        }
    }

    @Test
    void keepsNotebookStateWhenTheTimeoutStopsTheCodeCooperatively() {
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.NOTEBOOK)) {
            run(s, "kept = 'yes'", Duration.ofSeconds(30));
            assertThat(run(s, "import time\ntime.sleep(60)", LIMIT).outcome()).isEqualTo(Outcome.TIMEOUT);
            ExecutionResult after = run(s, "print(kept)", Duration.ofSeconds(30));
            assertThat(after.stdout()).isEqualTo("yes\n");
            assertThat(after.stateLost()).isFalse();
        }
    }

    @Test
    void turnsAMemoryBombIntoAnErrorAndTheWorkerRecovers() {
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            ExecutionResult big = run(s, "x = bytearray(8 * 1024**3)", Duration.ofSeconds(30));
            assertThat(big.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(big.error().type()).isEqualTo("MemoryError");
            assertThat(big.error().traceback()).endsWith("MemoryError\n");
            ExecutionResult creeping = run(s, "chunks = []\nwhile True:\n    chunks.append(bytearray(50 * 1024**2))",
                    Duration.ofSeconds(60));
            assertThat(creeping.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(creeping.error().type()).isEqualTo("MemoryError");
            ExecutionResult numpy = run(s, "import numpy as np\na = np.ones((60000, 60000))", Duration.ofSeconds(30));
            assertThat(numpy.error().type()).as(numpy.toString()).endsWith("_ArrayMemoryError"); // numpy qualifies the name
            assertThat(run(s, "import pandas as pd\nprint(pd.Series([1, 2]).sum())", Duration.ofSeconds(30)).stdout())
                    .isEqualTo("3\n");
        }
    }

    @Test
    void capsAHundredMegabytePrintAndFlagsTheTruncation() {
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            ExecutionRequest req = new ExecutionRequest("print('x' * 100_000_000)\nimport sys\nprint('e' * 50, file=sys.stderr)",
                    Duration.ofSeconds(60), 10_000, Cancellation.none());
            ExecutionResult r = s.execute(req);
            assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(r.stdout()).hasSize(10_000).matches("x+");
            assertThat(r.stderr()).hasSize(51);
            assertThat(r.truncated()).isTrue();
            ExecutionRequest viaSubprocess = new ExecutionRequest(
                    "import subprocess\nsubprocess.run(['head', '-c', '5000000', '/dev/zero'])", Duration.ofSeconds(60), 1000,
                    Cancellation.none());
            ExecutionResult sub = s.execute(viaSubprocess);
            assertThat(sub.stdout()).hasSize(1000);
            assertThat(sub.truncated()).isTrue();
        }
    }

    @Test
    void showsTheCodeOnlyAScrubbedEnvironment() {
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            ExecutionResult r = run(s, "import os\nfor k in sorted(os.environ): print(k, '=', os.environ[k])", Duration.ofSeconds(30));
            List<String> names = Arrays.stream(r.stdout().split("\n")).map(l -> l.split(" = ")[0]).toList();
            assertThat(names).containsOnly("PATH", "LANG", "LC_ALL", "HOME", "TMPDIR", "MPLBACKEND", "MPLCONFIGDIR",
                    "PYTHONDONTWRITEBYTECODE", "PYTHONIOENCODING", "PYTHONNOUSERSITE", "OPENBLAS_NUM_THREADS",
                    "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS");
            // names the host also has (JAVA_HOME, CI, tokens ...) are all absent; HOME and TMPDIR are private
            assertThat(r.stdout()).contains("HOME = " + System.getProperty("java.io.tmpdir"));
            assertThat(r.stdout()).doesNotContain("JAVA_HOME").doesNotContain(System.getProperty("user.home") + "\n");
        }
    }

    @Test
    void blocksTheNetworkWhenNamespacesAreAvailable() throws Exception {
        assumeTrue(executor.isNetworkIsolated(), "unshare cannot create a network namespace here");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            server.setSoTimeout(200);
            ExecutionResult r = run(s, """
                    import socket
                    try:
                        s = socket.socket()  # confined workers: PermissionError here already (seccomp)
                        s.settimeout(3)
                        s.connect(('127.0.0.1', %d))
                        print('connected')
                    except OSError as e:
                        print('refused', type(e).__name__)
                    """.formatted(server.getLocalPort()), Duration.ofSeconds(30));
            assertThat(r.stdout()).startsWith("refused");
            assertThat(executor.describe()).contains("network isolated");
        }
    }

    @Test
    void killsProcessesTheCodeStartedWhenItsBlockTimesOut() throws Exception {
        String marker = "1000." + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000);
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            ExecutionResult r = run(s, "import subprocess, time\nsubprocess.Popen(['sleep', '" + marker + "'])\ntime.sleep(60)", LIMIT);
            assertThat(r.outcome()).isEqualTo(Outcome.TIMEOUT);
            assertThat(Python.eventually(() -> Python.processWithArgument(marker).isEmpty(), Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void cancellationStopsARunningBlockPromptly() {
        Cancellation cancel = Cancellation.create();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            timer.schedule(cancel::cancel, 500, TimeUnit.MILLISECONDS);
            long t0 = System.nanoTime();
            ExecutionResult r = s.execute(new ExecutionRequest("print(sum(range(10**10)))", Duration.ofSeconds(60), 1000, cancel));
            assertThat(r.outcome()).isEqualTo(Outcome.CANCELLED);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            assertThat(run(s, "print('after')", Duration.ofSeconds(30)).stdout()).isEqualTo("after\n");
        } finally {
            timer.shutdownNow();
        }
    }
}
