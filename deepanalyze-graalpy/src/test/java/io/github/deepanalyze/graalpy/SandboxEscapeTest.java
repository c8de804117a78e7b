package io.github.deepanalyze.graalpy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.common.Cancellation;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult.Outcome;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Escape attempts against the default sandbox. Each one must fail cleanly (a Python error or a
 * TIMEOUT result, never a host exception), and the next block and the next session must still work.
 */
class SandboxEscapeTest {
    private static GraalPyExecutor executor;

    @TempDir
    Path workspace;

    @TempDir
    Path outside;

    private ExecutionSession session;

    @BeforeAll
    static void startExecutor() {
        executor = GraalPyExecutor.builder().poolSize(1).interruptGrace(Duration.ofSeconds(1))
                .cancelGrace(Duration.ofSeconds(1)).maxAbandonedContexts(2).build();
    }

    @AfterAll
    static void stopExecutor() {
        executor.close();
    }

    @BeforeEach
    void open() {
        session = executor.openSession(workspace, ExecutionMode.SCRIPT);
    }

    /** After every attempt a new session (a fresh context from the pool) must work. */
    @AfterEach
    void closeAndCheckTheNextSessionWorks() {
        session.close();
        try (ExecutionSession next = executor.openSession(outside, ExecutionMode.SCRIPT)) {
            ExecutionResult r = next.execute(ExecutionRequest.of("import os\nprint(6 * 7, len(os.listdir('.')) >= 0)"));
            assertThat(r.stdout()).as(r.toString()).isEqualTo("42 True\n");
        }
    }

    private ExecutionResult run(String code) {
        return session.execute(ExecutionRequest.of(code));
    }

    private ExecutionResult run(String code, Duration timeout) {
        return session.execute(new ExecutionRequest(code, timeout, 100_000, Cancellation.none()));
    }

    private void assertNextBlockWorks() {
        ExecutionResult r = run("with open('ok.txt', 'w') as f:\n    f.write('fine')\nwith open('ok.txt') as f:\n    print(f.read())");
        assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.SUCCESS);
        assertThat(r.stdout()).isEqualTo("fine\n");
    }

    private void assertDenied(String code, String... expected) {
        ExecutionResult r = run(code);
        assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.ERROR);
        assertThat(r.error().traceback()).startsWith("Traceback (most recent call last):");
        assertThat(r.error().traceback()).containsAnyOf(expected);
        assertNextBlockWorks();
    }

    @Test
    void cannotReadEtcPasswd() {
        assertDenied("print(open('/etc/passwd').read())", "PermissionError");
    }

    @Test
    void cannotClimbOutWithDotDot() {
        assertDenied("print(open('../../../../../etc/hostname').read())", "PermissionError");
        assertDenied("import os\nprint(os.listdir('..'))", "PermissionError");
    }

    @Test
    void cannotWriteToAbsolutePathsOutside() throws Exception {
        Path target = outside.resolve("escape.txt");
        assertDenied("open(" + pyString(target.toString()) + ", 'w').write('x')", "PermissionError");
        assertThat(target).doesNotExist();
        assertDenied("import os\nprint(os.listdir('/'))", "PermissionError");
    }

    @Test
    void cannotFollowSymlinksPlantedInTheWorkspace() throws Exception {
        Path secret = Files.writeString(outside.resolve("secret.txt"), "top secret");
        Files.createSymbolicLink(workspace.resolve("link.txt"), secret);
        Files.createSymbolicLink(workspace.resolve("linkdir"), outside);
        assertDenied("print(open('link.txt').read())", "PermissionError");
        assertDenied("print(open('linkdir/secret.txt').read())", "PermissionError");
        assertDenied("open('linkdir/new.txt', 'w').write('x')", "PermissionError");
        assertThat(outside.resolve("new.txt")).doesNotExist();
    }

    @Test
    void cannotCreateSymlinks() {
        assertDenied("import os\nos.symlink('/etc/passwd', 'p')", "PermissionError", "Error");
    }

    @Test
    void cannotStartProcesses() {
        assertDenied("import os\nos.system('id')", "Error");
        assertDenied("import subprocess\nsubprocess.run(['id'])", "Error");
    }

    @Test
    void cannotOpenSockets() {
        assertDenied("import socket\ns = socket.socket()\ns.connect(('127.0.0.1', 22))", "Error");
    }

    @Test
    void cannotLoadNativeCodeWithCtypes() {
        assertDenied("import ctypes\nctypes.CDLL(None)", "Error");
    }

    @Test
    void cannotReachHostClassesOrOtherLanguages() {
        assertDenied("import java\njava.type('java.lang.Runtime').getRuntime().exec('id')", "Error");
        assertDenied("import polyglot\npolyglot.eval(language='js', string='1+1')", "Error");
        assertDenied("import sqlite3\nprint(sqlite3._host.getClass())", "AttributeError");
    }

    @Test
    void seesNoHostEnvironment() {
        ExecutionResult r = run("import os\nprint(sorted(os.environ))");
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(r.stdout()).doesNotContain("PATH", "HOME", "JAVA_HOME");
    }

    @Test
    void cannotWriteIntoThePythonHome() {
        assertDenied("import os\nopen(os.path.join(os.path.dirname(os.__file__), 'evil.py'), 'w').write('x=1')",
                "PermissionError", "OSError", "Error");
        ExecutionResult r = run("import os\nprint(os.path.exists(os.path.join(os.path.dirname(os.__file__), 'evil.py')))");
        assertThat(r.stdout()).isEqualTo("False\n");
    }

    @Test
    void cannotStartThreads() {
        assertDenied("import threading\nt = threading.Thread(target=print)\nt.start()", "Error");
    }

    @Test
    void stopsInfiniteLoopsAtTheTimeout() {
        ExecutionResult r = run("print('before')\nwhile True:\n    pass", Duration.ofSeconds(1));
        assertThat(r.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(r.timeLimit()).isEqualTo(Duration.ofSeconds(1));
        assertThat(r.error()).isNull();
        assertThat(r.stdout()).isEqualTo("before\n");
        assertNextBlockWorks();
    }

    @Test
    void returnsWithinBoundedTimeFromABuiltinThatIgnoresInterrupts() {
        // sum(range(10**10)) behaves the same but runs for ~20 minutes interpreted, and an abandoned
        // context delays JVM exit (polyglot's shutdown hook) until it ends; 10**8 takes ~13 s here
        int abandonedBefore = executor.stats().abandonedContexts();
        long t0 = System.nanoTime();
        ExecutionResult r = run("print(sum(range(10**8)))", Duration.ofSeconds(1));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(r.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(r.timeLimit()).isEqualTo(Duration.ofSeconds(1));
        assertThat(r.error()).isNull();
        assertThat(took).isLessThan(Duration.ofSeconds(8));
        assertThat(executor.stats().abandonedContexts()).isEqualTo(abandonedBefore + 1);
        assertNextBlockWorks();
    }

    @Test
    void reportsDeepRecursionAsRecursionError() {
        ExecutionResult r = run("def f(n):\n    return f(n + 1)\nf(0)");
        assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.ERROR);
        assertThat(r.error().type()).isEqualTo("RecursionError");
        assertNextBlockWorks();
    }

    @Test
    void survivesMemoryBombs() {
        ExecutionResult a = run("x = [0] * 10**10");
        assertThat(a.outcome()).as(a.toString()).isIn(Outcome.ERROR, Outcome.RESOURCE_EXHAUSTED);
        assertThat(a.error()).as(a.toString()).isNotNull();
        assertThat(a.error().type()).isIn("MemoryError", "OverflowError");
        ExecutionResult b = run("x = 'a' * 10**11");
        assertThat(b.outcome()).as(b.toString()).isIn(Outcome.ERROR, Outcome.RESOURCE_EXHAUSTED);
        assertNextBlockWorks();
    }

    @Test
    void capsAHundredMegabytePrint() {
        Runtime rt = Runtime.getRuntime();
        ExecutionResult r = session.execute(new ExecutionRequest(
                "import sys\nfor i in range(100):\n    sys.stdout.write('x' * 1_000_000)\nprint('done')",
                Duration.ofSeconds(120), 10_000, Cancellation.none()));
        assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.SUCCESS);
        assertThat(r.truncated()).isTrue();
        assertThat(r.stdout()).hasSize(10_000);
        assertThat(rt.totalMemory() - rt.freeMemory()).isLessThan(rt.maxMemory());
        assertNextBlockWorks();
    }

    private static String pyString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
