package io.github.deepanalyze.testing.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.deepanalyze.common.Cancellation;
import io.github.deepanalyze.common.InvalidInputException;
import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult.Outcome;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link CodeExecutor} keeps: the reference block semantics DeepAnalyze-8B was
 * trained with (see the SDK's {@code PROTOCOL.md}, "Running a Code block") and the SPI's misuse
 * contracts. An implementation's test extends this class, builds its executor in
 * {@link #createExecutor()} and declares what it can do in {@link #capabilities()}:
 *
 * <pre>{@code
 * class MyExecutorContractTest extends CodeExecutorContract {
 *     protected CodeExecutor createExecutor() {
 *         return MyExecutor.builder().poolSize(2).build();
 *     }
 *     protected ExecutorCapabilities capabilities() {
 *         return ExecutorCapabilities.defaults().withPandas();
 *     }
 * }
 * }</pre>
 *
 * <p>One executor serves every test of the class (created before the first, closed after the
 * last), and most tests run their blocks in one shared SCRIPT session, so slow-starting executors
 * pay once; the executor must allow two sessions open at the same time.
 * Results are checked through their data ({@code outcome}, {@code stdout}, {@code stderr},
 * {@code error}, {@code truncated}), never through rendered feedback text. Executors may leave
 * {@link ExecutionResult#artifacts()} empty: detecting new files is the engine's job, the
 * executor's is that they land in the workspace. Every test has a time limit.
 *
 * <p>Not thread-safe; JUnit runs it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class CodeExecutorContract {
    private static final int OUTPUT_CAP = 1_000_000;

    private CodeExecutor executor;
    private Path sharedWorkspace;
    private ExecutionSession sharedSession;

    /** Builds the executor under test; called once per test class. */
    protected abstract CodeExecutor createExecutor() throws Exception;

    /** What the executor under test can do; {@link ExecutorCapabilities#defaults()} unless overridden. */
    protected ExecutorCapabilities capabilities() {
        return ExecutorCapabilities.defaults();
    }

    /**
     * The path model code sees as its working directory for a session on {@code workspace}: by
     * default the workspace's real path; a sandbox that mounts the workspace at a fixed path (e.g.
     * {@code /workspace}, so nothing reveals host paths) returns that.
     */
    protected String workspaceSeenByCode(Path workspace) throws java.io.IOException {
        return workspace.toRealPath().toString();
    }

    /** The time limit of ordinary blocks (default 60 s; they finish in well under a second). */
    protected Duration blockTimeout() {
        return Duration.ofSeconds(60);
    }

    /** The executor under test, once {@link #createExecutor()} has run. */
    protected final CodeExecutor executor() {
        return executor;
    }

    @BeforeAll
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    protected final void startExecutor() throws Exception {
        sharedWorkspace = Files.createTempDirectory("executor-contract-");
        executor = createExecutor();
        assertThat(executor).as("createExecutor()").isNotNull();
        // the first block pays for starting interpreters or worker processes, here rather than in a test
        assertSucceeded(runShared("pass"));
    }

    @AfterAll
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    protected final void closeExecutor() throws Exception {
        try {
            closeSharedSession();
        } finally {
            if (executor != null) {
                executor.close();
            }
            deleteRecursively(sharedWorkspace);
        }
    }

    private static void deleteRecursively(Path dir) throws Exception {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Runs {@code code} as one block with the default time limit and output cap. */
    protected final ExecutionResult run(ExecutionSession session, String code) {
        return session.execute(new ExecutionRequest(code, blockTimeout(), OUTPUT_CAP, Cancellation.none()));
    }

    /**
     * The SCRIPT session most tests share, in a workspace of its own: a session must run any
     * number of blocks, each fresh, and opening one per test would make slow executors slower.
     * Opened on first use; {@link #keepsConcurrentSessionsApart} closes it so that two sessions
     * at once suffice.
     */
    private ExecutionSession sharedSession() {
        if (sharedSession == null) {
            sharedSession = executor.openSession(sharedWorkspace, ExecutionMode.SCRIPT);
        }
        return sharedSession;
    }

    private ExecutionResult runShared(String code) {
        return run(sharedSession(), code);
    }

    private void closeSharedSession() {
        if (sharedSession != null) {
            sharedSession.close();
            sharedSession = null;
        }
    }

    private static void assertSucceeded(ExecutionResult r) {
        assertThat(r.outcome()).as("outcome; error: %s; stderr: %s", errorText(r), r.stderr()).isEqualTo(Outcome.SUCCESS);
    }

    // ---- the reference block semantics ----

    @Test
    public void describesItselfAndItsIsolation() {
        assertThat(executor.describe()).isNotBlank();
        assertThat(executor.isolation()).isNotNull();
    }

    @Test
    public void capturesStdoutAndStderrSeparatelyEachInOrder() {
        ExecutionResult r = runShared("import sys\nprint('out')\nprint('err', file=sys.stderr)\nprint('more')\n"
                + "print('err2', file=sys.stderr)");
        assertSucceeded(r);
        assertThat(r.stdout()).isEqualTo("out\nmore\n");
        assertThat(r.stderr()).isEqualTo("err\nerr2\n");
        assertThat(r.error()).isNull();
        assertThat(r.truncated()).isFalse();
    }

    @Test
    public void runsEveryBlockInAFreshMainNamespaceInScriptMode() {
        ExecutionSession s = sharedSession();
        ExecutionResult first = run(s, "x = 41\nprint(sorted(k for k in globals() if not k.startswith('__')))");
        assertSucceeded(first);
        assertThat(first.stdout()).as("user-visible globals: nothing of the executor's own").isEqualTo("['x']\n");
        ExecutionResult second = run(s, "print(x)");
        assertThat(second.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(errorText(second).strip()).endsWith("NameError: name 'x' is not defined");
    }

    @Test
    public void runsBlocksAsTheMainModule() {
        ExecutionResult r = runShared("if __name__ == '__main__':\n    print('as a script')");
        assertSucceeded(r);
        assertThat(r.stdout()).isEqualTo("as a script\n");
    }

    @Test
    public void runsEveryBlockInTheWorkspaceAndResolvesRelativePathsThere() throws Exception {
        Files.writeString(sharedWorkspace.resolve("input.csv"), "a,b\n1,2\n3,4\n");
        // a block that changes directory does not move the next one (sandboxes may forbid leaving the workspace)
        assertSucceeded(runShared("import os\nos.makedirs('elsewhere', exist_ok=True)\nos.chdir('elsewhere')"));
        ExecutionResult r = runShared("import os\nprint(os.getcwd())\nprint(len(open('input.csv').read().splitlines()))");
        assertSucceeded(r);
        assertThat(r.stdout()).isEqualTo(workspaceSeenByCode(sharedWorkspace) + "\n3\n");
    }

    @Test
    public void leavesTheFilesABlockWritesInTheWorkspace() throws Exception {
        ExecutionResult r = runShared("""
                import os
                open('summary.txt', 'w').write('rows: 2')  # never closed: the script's end closes it, as in CPython
                os.makedirs('charts', exist_ok=True)
                with open(os.path.join('charts', 'note.txt'), 'w') as f:
                    f.write('ok')
                """);
        assertSucceeded(r);
        assertThat(Files.readString(sharedWorkspace.resolve("summary.txt"))).isEqualTo("rows: 2");
        assertThat(Files.readString(sharedWorkspace.resolve("charts/note.txt"))).isEqualTo("ok");
    }

    @Test
    public void reportsARaisedExceptionAsAnErrorWithItsTracebackAndKeepsEarlierOutput() {
        ExecutionResult r = runShared("print('before')\ndef f():\n    return 1 / 0\nf()\nprint('never')");
        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(r.stdout()).isEqualTo("before\n");
        assertThat(errorText(r)).startsWith("Traceback (most recent call last):\n");
        assertThat(errorText(r).strip()).endsWith("ZeroDivisionError: division by zero");
        assertThat(errorText(r)).as("no frames of the executor's own runner")
                .doesNotContain("runner.py", "bootstrap", "_da_run", "_exec_block");
    }

    @Test
    public void showsTheSourceLineOfEveryFrameInATraceback() {
        ExecutionResult r = runShared("""
                values = [3, 1, 2]
                def ratio(a, b):
                    return a / b
                print(ratio(values[0], values[1] - 1))
                """);
        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(errorText(r)).contains("line 4, in <module>\n    print(ratio(values[0], values[1] - 1))\n")
                .contains("line 3, in ratio\n    return a / b\n");
    }

    @Test
    public void echoesTheSourceLineOfAWarning() {
        ExecutionResult r = runShared("import warnings\nwarnings.warn('check the units')\nprint('went on')");
        assertSucceeded(r);
        assertThat(r.stdout()).isEqualTo("went on\n");
        assertThat(r.stderr()).contains(":2: UserWarning: check the units\n  warnings.warn('check the units')\n");
    }

    @Test
    public void reportsASyntaxErrorWithTheOffendingLineAndRunsNothing() {
        ExecutionResult r = runShared("print('never runs')\nprint('unclosed'\n");
        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(r.stdout()).isEmpty();
        assertThat(errorText(r)).contains("line 2").contains("print('unclosed'").contains("SyntaxError");
    }

    @Test
    public void treatsSysExitZeroAsSuccessAndOtherCodesAsErrors() {
        ExecutionSession s = sharedSession();
        ExecutionResult clean = run(s, "import sys\nprint('done')\nsys.exit(0)\nprint('never')");
        assertSucceeded(clean);
        assertThat(clean.stdout()).isEqualTo("done\n");
        ExecutionResult failed = run(s, "import sys\nsys.exit(3)");
        assertThat(failed.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(errorText(failed).strip()).endsWith("SystemExit: 3");
        assertThat(run(s, "print('still here')").stdout()).isEqualTo("still here\n");
    }

    @Test
    public void passesUnicodeThroughCodeOutputErrorsAndFileNames() throws Exception {
        ExecutionSession s = sharedSession();
        ExecutionResult r = run(s, """
                import sys
                title = '销售数据 📈 naïve'
                print(title)
                print('警告 ⚠', file=sys.stderr)
                with open('报告_✓.txt', 'w', encoding='utf-8') as f:
                    f.write(title)
                """);
        assertSucceeded(r);
        assertThat(r.stdout()).isEqualTo("销售数据 📈 naïve\n");
        assertThat(r.stderr()).isEqualTo("警告 ⚠\n");
        assertThat(Files.readString(sharedWorkspace.resolve("报告_✓.txt"))).isEqualTo("销售数据 📈 naïve");
        ExecutionResult err = run(s, "raise ValueError('缺失值 🚫')");
        assertThat(err.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(errorText(err).strip()).endsWith("ValueError: 缺失值 🚫");
    }

    @Test
    public void boundsHugeOutputByTheRequestsCapAndSaysSo() {
        int cap = 100_000;
        String code = """
                import sys
                line = 'x' * 999 + '\\n'
                for _ in range(5000):  # 5 MB
                    sys.stdout.write(line)
                print('done', file=sys.stderr)
                """;
        ExecutionSession s = sharedSession();
        ExecutionResult r = s.execute(new ExecutionRequest(code, blockTimeout(), cap, Cancellation.none()));
        assertSucceeded(r);
        assertThat(r.truncated()).isTrue();
        assertThat(r.stdout().length()).isLessThanOrEqualTo(cap);
        assertThat(r.stdout()).startsWith("x".repeat(999) + "\n" + "x".repeat(999) + "\n");
        assertThat(r.stderr()).isEqualTo("done\n");
        ExecutionResult next = run(s, "print('small')");
        assertThat(next.stdout()).isEqualTo("small\n");
        assertThat(next.truncated()).isFalse();
    }

    @Test
    public void stopsABlockAtItsTimeoutKeepingItsOutputAndRunsTheNextBlock(@TempDir Path workspace) {
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            ExecutionResult r = s.execute(new ExecutionRequest("print('partial', flush=True)\nimport time\ntime.sleep(60)",
                    Duration.ofSeconds(1), OUTPUT_CAP, Cancellation.none()));
            assertThat(r.outcome()).isEqualTo(Outcome.TIMEOUT);
            assertThat(r.stdout()).isEqualTo("partial\n");
            ExecutionResult next = run(s, "print('next')");
            assertSucceeded(next);
            assertThat(next.stdout()).isEqualTo("next\n");
        }
    }

    @Test
    public void stopsARunningBlockWhenItsRequestIsCancelledAndRunsTheNextBlock(@TempDir Path workspace) throws Exception {
        Cancellation cancellation = Cancellation.create();
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            CompletableFuture<ExecutionResult> running = CompletableFuture.supplyAsync(() -> s.execute(new ExecutionRequest(
                    "import time\nopen('started', 'w').close()\ntime.sleep(90)", Duration.ofSeconds(100), OUTPUT_CAP,
                    cancellation)));
            Path started = workspace.resolve("started");
            while (!Files.exists(started) && !running.isDone()) {
                Thread.sleep(20); // the block has not reached its sleep yet
            }
            cancellation.cancel();
            ExecutionResult r = running.get(60, TimeUnit.SECONDS);
            assertThat(r.outcome()).as("error: %s", r.error()).isEqualTo(Outcome.CANCELLED);
            ExecutionResult next = run(s, "print('next')");
            assertSucceeded(next);
            assertThat(next.stdout()).isEqualTo("next\n");
        }
    }

    @Test
    public void runsNothingForARequestCancelledBeforeItStarts() {
        Cancellation cancellation = Cancellation.create();
        cancellation.cancel();
        ExecutionResult r = sharedSession().execute(new ExecutionRequest("open('ran', 'w').close()", blockTimeout(),
                OUTPUT_CAP, cancellation));
        assertThat(r.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(sharedWorkspace.resolve("ran")).doesNotExist();
        assertThat(runShared("print('next')").stdout()).isEqualTo("next\n");
    }

    @Test
    public void importsPandasIfItClaimsToAndFailsLikeAMissingPackageIfNot() throws Exception {
        if (capabilities().pandas()) {
            ExecutionResult r = runShared("""
                    import pandas as pd
                    df = pd.DataFrame({'a': [1, 2, 3]})
                    df.to_csv('frame.csv', index=False)
                    print(df['a'].sum())
                    """);
            assertSucceeded(r);
            assertThat(r.stdout()).isEqualTo("6\n");
            assertThat(Files.readString(sharedWorkspace.resolve("frame.csv"))).isEqualTo("a\n1\n2\n3\n");
        } else {
            ExecutionResult r = runShared("import pandas");
            assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(errorText(r)).contains("ModuleNotFoundError").contains("pandas");
        }
    }

    @Test
    public void stopsABlockAtTheMemoryCapAndRunsTheNextBlock(@TempDir Path workspace) {
        long cap = capabilities().memoryCapBytes();
        assumeTrue(cap > 0, "the executor declares no memory cap");
        long chunks = 2 * cap / (64L << 20) + 1;
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            ExecutionResult r = run(s, "held = [bytearray(64 << 20) for _ in range(" + chunks + ")]\nprint('allocated')");
            assertThat(r.outcome()).isIn(Outcome.ERROR, Outcome.RESOURCE_EXHAUSTED, Outcome.CRASHED);
            assertThat(r.stdout()).doesNotContain("allocated");
            if (r.outcome() == Outcome.ERROR) {
                assertThat(errorText(r)).contains("MemoryError");
            }
            ExecutionResult next = run(s, "print('next')");
            assertSucceeded(next);
            assertThat(next.stdout()).isEqualTo("next\n");
        }
    }

    @Test
    public void keepsGlobalsAcrossBlocksInNotebookMode(@TempDir Path workspace) throws Exception {
        assumeTrue(capabilities().notebookMode(), "the executor declares no NOTEBOOK mode");
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.NOTEBOOK)) {
            assertSucceeded(run(s, "x = 41\ndef check(v):\n    if v < 0:\n        raise ValueError('negative: %d' % v)\n    return v"));
            ExecutionResult r = run(s, "import os\nprint(check(x + 1), __name__, os.getcwd())");
            assertSucceeded(r);
            assertThat(r.stdout()).isEqualTo("42 __main__ " + workspaceSeenByCode(workspace) + "\n");
            ExecutionResult failed = run(s, "check(-1)");
            assertThat(failed.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(errorText(failed)).as("each frame shows the source of the block that defined it")
                    .contains("\n    check(-1)\n").contains("\n    raise ValueError('negative: %d' % v)\n");
        }
    }

    @Test
    public void keepsConcurrentSessionsApart(@TempDir Path workspace) throws Exception {
        ExecutionMode mode = capabilities().notebookMode() ? ExecutionMode.NOTEBOOK : ExecutionMode.SCRIPT;
        Path a = Files.createDirectory(workspace.resolve("a"));
        Path b = Files.createDirectory(workspace.resolve("b"));
        closeSharedSession(); // an executor under test need only serve two sessions at once
        CyclicBarrier bothWrote = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (ExecutionSession sa = executor.openSession(a, mode); ExecutionSession sb = executor.openSession(b, mode)) {
            Future<String> fa = threads.submit(() -> ownerSeenBy(sa, "a", bothWrote));
            Future<String> fb = threads.submit(() -> ownerSeenBy(sb, "b", bothWrote));
            String expected = mode == ExecutionMode.NOTEBOOK ? "%s %s %s\n" : "none %2$s %3$s\n";
            assertThat(fa.get(100, TimeUnit.SECONDS)).isEqualTo(expected.formatted("a", workspaceSeenByCode(a), "a"));
            assertThat(fb.get(100, TimeUnit.SECONDS)).isEqualTo(expected.formatted("b", workspaceSeenByCode(b), "b"));
        } finally {
            threads.shutdownNow();
        }
    }

    private String ownerSeenBy(ExecutionSession s, String name, CyclicBarrier bothWrote) throws Exception {
        assertSucceeded(run(s, "owner = '" + name + "'\nwith open('owner.txt', 'w') as f:\n    f.write(owner)"));
        bothWrote.await(60, TimeUnit.SECONDS);
        ExecutionResult r = run(s, "import os\nprint(globals().get('owner', 'none'), os.getcwd(), open('owner.txt').read())");
        assertSucceeded(r);
        return r.stdout();
    }

    // ---- the SPI's misuse contracts: one exception type per situation, in every executor ----

    @Test
    public void rejectsBlocksOnAClosedSessionWithIllegalStateException(@TempDir Path workspace) {
        ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT);
        assertSucceeded(run(s, "print(1)"));
        s.close();
        s.close(); // idempotent
        assertThatThrownBy(() -> run(s, "print(2)")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    public void rejectsAMissingWorkspaceWithInvalidInputExceptionNamingIt(@TempDir Path workspace) {
        Path missing = workspace.resolve("no-such-dir");
        assertThatThrownBy(() -> executor.openSession(missing, ExecutionMode.SCRIPT))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(missing.toString());
    }

    @Test
    public void rejectsAWorkspaceThatIsAFileWithInvalidInputExceptionNamingIt(@TempDir Path workspace) throws Exception {
        Path file = Files.writeString(workspace.resolve("data.csv"), "a\n1\n");
        assertThatThrownBy(() -> executor.openSession(file, ExecutionMode.SCRIPT))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(file.toString());
    }

    @Test
    public void rejectsNullArgumentsWithNullPointerException(@TempDir Path workspace) {
        assertThatThrownBy(() -> executor.openSession(null, ExecutionMode.SCRIPT)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> executor.openSession(workspace, null)).isInstanceOf(NullPointerException.class);
    }

    /** The error as the model would read it: the traceback, then any detail (e.g. a crash's cause). */
    private static String errorText(ExecutionResult r) {
        String tb = r.error() == null ? "" : r.error().traceback();
        return r.detail().isEmpty() ? tb : tb + r.detail();
    }
}
