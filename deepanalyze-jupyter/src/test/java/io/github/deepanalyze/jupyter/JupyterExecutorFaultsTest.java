package io.github.deepanalyze.jupyter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.deepanalyze.common.Cancellation;
import io.github.deepanalyze.common.ExecutorException;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionResult.Outcome;
import io.github.deepanalyze.execution.ExecutionSession;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Faults and rich outputs of the Jupyter executor, on a real local Jupyter Server. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JupyterExecutorFaultsTest {
    private static JupyterServer server;
    private static JupyterExecutor executor;

    @BeforeAll
    static void start() throws Exception {
        server = new JupyterServer();
        executor = server.executor().interruptGrace(Duration.ofSeconds(2)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        executor.close();
        server.close();
    }

    private static ExecutionResult run(ExecutionSession s, String code, Duration timeout) {
        return s.execute(new ExecutionRequest(code, timeout, 1_000_000, Cancellation.none()));
    }

    @Test
    void aKernelThatDiesMidBlockIsACrashAndTheNextBlockGetsAFreshKernel(@TempDir Path ws) {
        try (ExecutionSession s = executor.openSession(ws, ExecutionMode.NOTEBOOK)) {
            run(s, "x = 1", Duration.ofSeconds(30));
            ExecutionResult r = run(s, "print('before', flush=True)\nimport os\nos._exit(1)", Duration.ofSeconds(30));
            assertThat(r.outcome()).isEqualTo(Outcome.CRASHED);
            assertThat(r.detail()).contains("kernel died");
            ExecutionResult next = run(s, "print('x' in globals())", Duration.ofSeconds(30));
            assertThat(next.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(next.stdout()).isEqualTo("False\n");
            assertThat(next.stateLost()).isTrue();
        }
    }

    @Test
    void aBlockIgnoringTheInterruptIsStoppedByARestartAndTheNextBlockRuns(@TempDir Path ws) {
        try (ExecutionSession s = executor.openSession(ws, ExecutionMode.SCRIPT)) {
            ExecutionResult r = run(s, "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nprint('partial', flush=True)\ntime.sleep(60)",
                    Duration.ofSeconds(2));
            assertThat(r.outcome()).isEqualTo(Outcome.TIMEOUT);
            assertThat(r.stdout()).isEqualTo("partial\n");
            ExecutionResult next = run(s, "print('next')", Duration.ofSeconds(30));
            assertThat(next.stdout()).isEqualTo("next\n");
        }
    }

    @Test
    void aChartShownButNeverSavedBecomesAnArtifact(@TempDir Path ws) throws Exception {
        try (ExecutionSession s = executor.openSession(ws, ExecutionMode.SCRIPT)) {
            ExecutionResult r = run(s, "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()\nprint('shown')",
                    Duration.ofSeconds(60));
            assertThat(r.outcome()).as("%s", r.error()).isEqualTo(Outcome.SUCCESS);
            assertThat(r.stdout()).isEqualTo("shown\n");
            assertThat(r.artifacts()).hasSize(1);
            assertThat(r.artifacts().get(0).mediaType()).isEqualTo("image/png");
            byte[] png = Files.readAllBytes(r.artifacts().get(0).absolutePath());
            assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        }
    }

    @Test
    void errorsAreShapedLikeTheOtherExecutorsWithoutAnsiCodes(@TempDir Path ws) {
        try (ExecutionSession s = executor.openSession(ws, ExecutionMode.SCRIPT)) {
            ExecutionResult r = run(s, "print('out')\n1/0", Duration.ofSeconds(30));
            assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(r.stdout()).isEqualTo("out\n");
            assertThat(r.error().type()).isEqualTo("ZeroDivisionError");
            assertThat(r.error().message()).isEqualTo("division by zero");
            assertThat(r.error().traceback()).startsWith("Traceback (most recent call last):\n  File \"<string>\", line 2")
                    .doesNotContain("\u001B[").doesNotContain("__da_run");
        }
    }

    @Test
    void aWrongTokenIsAClearError(@TempDir Path ws) {
        try (JupyterExecutor bad = JupyterExecutor.builder().serverUrl(server.url).token("wrong").build()) {
            assertThatThrownBy(() -> bad.openSession(ws, ExecutionMode.SCRIPT)).isInstanceOf(ExecutorException.class)
                    .hasMessageContaining(server.url).hasMessageContaining("HTTP 403").hasMessageContaining(".token(");
        }
    }

    @Test
    void anUnknownKernelNameIsAClearError(@TempDir Path ws) {
        try (JupyterExecutor bad = server.executor().kernelName("julia-9").build()) {
            assertThatThrownBy(() -> bad.openSession(ws, ExecutionMode.SCRIPT)).isInstanceOf(ExecutorException.class)
                    .hasMessageContaining("no kernel named 'julia-9'").hasMessageContaining("python3")
                    .hasMessageContaining(".kernelName(");
        }
    }

    @Test
    void aServerThatIsDownIsAClearError(@TempDir Path ws) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/";
        try (JupyterExecutor down = JupyterExecutor.builder().serverUrl(url).token("t").build()) {
            assertThatThrownBy(() -> down.openSession(ws, ExecutionMode.SCRIPT)).isInstanceOf(ExecutorException.class)
                    .hasMessageContaining(url).hasMessageContaining("start it");
        }
    }
}
