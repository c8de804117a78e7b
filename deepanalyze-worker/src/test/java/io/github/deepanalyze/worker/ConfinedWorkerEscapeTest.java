package io.github.deepanalyze.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.deepanalyze.common.ConfigurationException;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult.Outcome;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionSession;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default CPython executor is a sandbox: every escape a model's code could try (see
 * {@link EscapeProbes}) fails with an ordinary Python error or finds nothing, and the next block
 * still runs. The same probes against an explicitly {@code unconfined()} executor show they are real.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfinedWorkerEscapeTest {
    private CPythonExecutor executor;

    @TempDir
    Path root;

    @TempDir
    Path outside;

    private Path workspace;
    private EscapeProbes probes;
    private ServerSocket hostService;

    @BeforeAll
    void start() {
        executor = CPythonExecutor.builder().interpreter(Python.requireDataStack()).poolSize(2).build();
    }

    @AfterAll
    void stop() {
        if (executor != null) {
            executor.close();
        }
    }

    @BeforeEach
    void bait() throws Exception {
        workspace = Files.createDirectories(root.resolve("analysis-" + UUID.randomUUID()));
        probes = new EscapeProbes(outside, root);
        hostService = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void cleanUp() throws Exception {
        hostService.close();
        probes.cleanUp();
    }

    private static ExecutionResult run(ExecutionSession s, String code) {
        return s.execute(ExecutionRequest.of(code).withTimeout(Duration.ofSeconds(60)));
    }

    /** Runs every probe in one session; returns the names of those that reached their goal. */
    private List<String> escapes(CPythonExecutor ex, boolean requireCleanFailure) {
        List<String> escaped = new ArrayList<>();
        try (ExecutionSession s = ex.openSession(workspace, ExecutionMode.SCRIPT)) {
            for (EscapeProbes.Probe p : probes.all(hostService.getLocalPort())) {
                ExecutionResult r = run(s, p.code());
                if (r.stdout().contains("ESCAPED") || p.hostEscaped().getAsBoolean()) {
                    escaped.add(p.name());
                }
                if (requireCleanFailure) {
                    assertThat(r.outcome()).as(p.name() + ": " + r.error()).isIn(Outcome.SUCCESS, Outcome.ERROR);
                    assertThat(run(s, "print('next block')").stdout()).as("the block after: " + p.name()).isEqualTo("next block\n");
                }
            }
        }
        return escaped;
    }

    @Test
    void everyEscapeProbeFailsCleanlyAndTheNextBlockStillRuns() throws Exception {
        List<String> escaped = escapes(executor, true);
        int total = probes.all(0).size();
        System.out.println("escape probes reaching their goal, confined default executor: " + escaped.size() + " of " + total
                + " " + escaped);
        assertThat(escaped).isEmpty();
        assertThat(EscapeProbes.sha256(probes.input)).as("the original input").isEqualTo(probes.inputSha256);
    }

    @Test
    void theSameProbesEscapeAnUnconfinedExecutorSoTheyAreReal() throws Exception {
        List<String> escaped;
        try (CPythonExecutor unconfined = CPythonExecutor.builder().interpreter(Python.requireDataStack()).unconfined()
                .poolSize(1).warmWorkers(0).build()) {
            escaped = escapes(unconfined, false);
        }
        System.out.println("escape probes reaching their goal, unconfined executor: " + escaped.size() + " of "
                + probes.all(0).size() + " " + escaped);
        assertThat(escaped).contains("read /etc/shadow", "read a secret file outside the workspace",
                "read another analysis's workspace", "write the host's /tmp");
    }

    @Test
    void signallingTheHostOrItsProcessGroupKillsNothingOutsideTheSandbox() throws Exception {
        Process neighbour = new ProcessBuilder("sleep", "300").start(); // same user, same process group as this JVM
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            for (String probe : List.of("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nprint('sent')",
                    "import os\nos.killpg(0, 9)", "import os\nos.kill(-1, 9)",
                    "import os\nos.kill(%d, 9)".formatted(ProcessHandle.current().pid()),
                    "import os\nos.kill(%d, 9)".formatted(neighbour.pid()))) {
                ExecutionResult r = run(s, probe);
                // killing its own process group ends the worker itself (CRASHED); it never reaches the host
                assertThat(r.outcome()).as(probe + ": " + r.error()).isIn(Outcome.SUCCESS, Outcome.ERROR, Outcome.CRASHED);
                assertThat(run(s, "print('next block')").stdout()).as("the block after: " + probe).isEqualTo("next block\n");
                assertThat(neighbour.isAlive()).as("a host process after: " + probe).isTrue();
            }
        } finally {
            neighbour.destroyForcibly();
        }
        assertThat(ProcessHandle.current().isAlive()).isTrue(); // and this JVM is still here to say so
    }

    @Test
    void aDaemonTheCodeDetachesDiesWithItsSession() throws Exception {
        String marker = "1000." + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000);
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            ExecutionResult r = run(s, """
                    import os
                    if os.fork() == 0:
                        os.setsid()
                        if os.fork() == 0:
                            os.execvp('sleep', ['sleep', '%s'])
                        os._exit(0)
                    print('detached')
                    """.formatted(marker));
            assertThat(r.stdout()).as("%s", r).isEqualTo("detached\n");
            assertThat(Python.eventually(() -> Python.processWithArgument(marker).isPresent(), Duration.ofSeconds(5))).isTrue();
        }
        assertThat(Python.eventually(() -> Python.processWithArgument(marker).isEmpty(), Duration.ofSeconds(5)))
                .as("the daemon after its session closed").isTrue();
    }

    @Test
    void closingTheExecutorKillsOpenSessionsWorkersAndWhatTheyStarted() throws Exception {
        String marker = "1000." + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000);
        CPythonExecutor own = CPythonExecutor.builder().interpreter(Python.requireDataStack()).poolSize(2).build();
        ExecutionSession open = own.openSession(workspace, ExecutionMode.SCRIPT);
        ExecutionResult r = run(open, "import subprocess\nsubprocess.Popen(['sleep', '%s'], start_new_session=True)\nprint('spawned')"
                .formatted(marker));
        assertThat(r.stdout()).as("%s", r).isEqualTo("spawned\n");
        List<Long> pids = own.workerPids();
        assertThat(pids).hasSize(1);

        own.close();

        assertThat(Python.gone(pids.get(0))).as("the worker").isTrue();
        assertThat(Python.eventually(() -> Python.processWithArgument(marker).isEmpty(), Duration.ofSeconds(5)))
                .as("what the code started").isTrue();
        assertThatThrownBy(() -> open.execute(ExecutionRequest.of("print(1)"))).hasMessageContaining("closed");
        assertThatThrownBy(() -> own.openSession(workspace, ExecutionMode.SCRIPT)).hasMessageContaining("closed");
    }

    @Test
    void sqliteRefusesAttachAndVacuumIntoOutsideTheWorkspace() {
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            ExecutionResult r = run(s, """
                    import sqlite3
                    c = sqlite3.connect('main.db')
                    c.execute('CREATE TABLE t (v)')
                    c.execute("ATTACH DATABASE 'inside.db' AS ok")
                    for sql in ["ATTACH DATABASE '/tmp/outside.db' AS x", "ATTACH DATABASE '../escape.db' AS y",
                                "ATTACH DATABASE 'file:/tmp/uri.db?mode=rwc' AS z", "VACUUM INTO '/tmp/copy.db'"]:
                        try:
                            c.execute(sql)
                            print('allowed', sql)
                        except sqlite3.DatabaseError as e:
                            print('refused:', e)
                    c.execute("VACUUM INTO 'copy.db'")
                    print('inside ok')
                    """);
            // sqlite words the denial "not authorized" for ATTACH and "authorization denied" for VACUUM INTO
            assertThat(r.stdout()).as("%s", r).matches("(refused: (not authorized|authorization denied)\n){4}inside ok\n");
            assertThat(workspace.resolve("inside.db")).exists();
            assertThat(workspace.resolve("copy.db")).exists();
            assertThat(root.resolve("escape.db")).doesNotExist();
        }
    }

    @Test
    void keepsLocalSocketsAndWorkerProcessesWorking() {
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            ExecutionResult r = run(s, """
                    import socket, multiprocessing
                    a, b = socket.socketpair(socket.AF_UNIX)
                    a.sendall(b'ping')
                    print(b.recv(4).decode())
                    with multiprocessing.Pool(2) as pool:
                        print(pool.map(abs, [-1, -2]))
                    """);
            assertThat(r.stdout()).as("%s", r).isEqualTo("ping\n[1, 2]\n");
        }
    }

    @Test
    void refusesToBuildWhenItCannotConfineNamingWhatIsMissing() throws Exception {
        // the system interpreter without its site packages: it runs, but cannot import the seccomp bindings
        Path noSite = outside.resolve("python-without-site");
        Files.writeString(noSite, "#!/bin/sh\nexec /usr/bin/python3 -S \"$@\"\n");
        noSite.toFile().setExecutable(true);
        assertThatThrownBy(() -> CPythonExecutor.builder().interpreter(noSite).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("python3-seccomp").hasMessageContaining("apt-get install -y bubblewrap python3-seccomp")
                .hasMessageContaining("unconfined()");
    }

    @Test
    void describesTheSandbox() {
        assertThat(executor.describe()).contains("confined (bwrap uid 65534, seccomp");
        assertThat(executor.isNetworkIsolated()).isTrue();
    }
}
