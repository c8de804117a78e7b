package io.github.deepanalyze.graalpy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.deepanalyze.common.Cancellation;
import io.github.deepanalyze.common.ExecutorException;
import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult.Outcome;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionSession;
import io.github.deepanalyze.execution.IsolationLevel;
import io.github.deepanalyze.execution.PythonError;
import io.github.deepanalyze.spi.CodeExecutorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reference semantics of the GraalPy executor (PROTOCOL.md "Running a Code block"). */
class GraalPyExecutorTest {
    private static GraalPyExecutor executor;

    @TempDir
    Path workspace;

    @BeforeAll
    static void startExecutor() {
        executor = GraalPyExecutor.builder().poolSize(1).build();
    }

    @AfterAll
    static void stopExecutor() {
        executor.close();
    }

    private ExecutionResult runOnce(String code) {
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            return s.execute(ExecutionRequest.of(code));
        }
    }

    @Test
    void capturesStdoutAndStderrSeparately() {
        ExecutionResult r = runOnce("import sys\nprint('out')\nprint('err', file=sys.stderr)\nprint('more')");
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(r.stdout()).isEqualTo("out\nmore\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.error()).isNull();
    }

    @Test
    void formatsExceptionsLikeCPython() {
        ExecutionResult r = runOnce("print('partial')\ndef f():\n    raise ValueError('boom')\nf()");
        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(r.stdout()).isEqualTo("partial\n");
        assertThat(r.error().traceback()).isEqualTo("""
                Traceback (most recent call last):
                  File "block_1.py", line 4, in <module>
                    f()
                  File "block_1.py", line 3, in f
                    raise ValueError('boom')
                ValueError: boom""");
        assertThat(r.error().type()).isEqualTo("ValueError");
        assertThat(r.error().message()).isEqualTo("boom");
        assertThat(r.error().frames()).containsExactly(
                new PythonError.Frame("block_1.py", 4, "<module>"), new PythonError.Frame("block_1.py", 3, "f"));
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void formatsSyntaxErrorsLikeCPython() {
        ExecutionResult r = runOnce("print('x'");
        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(r.error().traceback()).startsWith("  File \"block_1.py\", line 1\n    print('x'\n").endsWith("SyntaxError: '(' was never closed");
    }

    @Test
    void runsEachBlockInAFreshNamespaceInScriptMode() {
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            assertThat(s.execute(ExecutionRequest.of("x = 1\nprint(__name__)")).stdout()).isEqualTo("__main__\n");
            ExecutionResult r = s.execute(ExecutionRequest.of("print(x)"));
            assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(r.error().traceback()).endsWith("NameError: name 'x' is not defined");
        }
    }

    @Test
    void flushesFilesTheBlockLeftOpenAsCPythonWould() {
        ExecutionResult r = runOnce("open('a.txt', 'w').write('script')");
        assertThat(r.isSuccess()).as(r.toString()).isTrue();
        assertThat(workspace.resolve("a.txt")).hasContent("script");
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.NOTEBOOK)) {
            s.execute(ExecutionRequest.of("f = open('b.txt', 'w')\nf.write('one')"));
            assertThat(workspace.resolve("b.txt")).hasContent("one");
            s.execute(ExecutionRequest.of("f.write(' two')\nf.close()"));
            assertThat(workspace.resolve("b.txt")).hasContent("one two");
        }
    }

    @Test
    void keepsGlobalsInNotebookMode() {
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.NOTEBOOK)) {
            s.execute(ExecutionRequest.of("x = 41"));
            assertThat(s.execute(ExecutionRequest.of("print(x + 1)")).stdout()).isEqualTo("42\n");
        }
    }

    @Test
    void runsInTheWorkspaceDirectory() throws Exception {
        Files.writeString(workspace.resolve("data.csv"), "a,b\n1,2\n3,4\n");
        ExecutionResult r = runOnce("""
                import csv, os
                with open('data.csv') as f:
                    rows = list(csv.DictReader(f))
                print(sum(int(r['b']) for r in rows))
                with open('out.txt', 'w') as f:
                    f.write('written')
                print(os.path.realpath(os.getcwd()) == os.path.realpath(%s))
                """.formatted("'" + workspace.toRealPath() + "'"));
        assertThat(r.stdout()).as(r.toString()).isEqualTo("6\nTrue\n");
        assertThat(workspace.resolve("out.txt")).hasContent("written");
    }

    @Test
    void namesAMissingPackageAndHowToProvideIt() {
        ExecutionResult r = runOnce("import pandas as pd");
        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(r.error().type()).isEqualTo("ModuleNotFoundError");
        assertThat(r.error().message()).isEqualTo("No module named 'pandas'");
        assertThat(r.error().hint()).startsWith("the Python package 'pandas' is not installed").contains("pythonPath", "worker");
        assertThat(r.error().traceback()).endsWith("ModuleNotFoundError: No module named 'pandas'").doesNotContain("[Hint]");
    }

    @Test
    void truncatesOutputAtTheCap() {
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            ExecutionResult r = s.execute(new ExecutionRequest("print('é' * 50)", Duration.ofSeconds(30), 10, Cancellation.none()));
            assertThat(r.truncated()).isTrue();
            assertThat(r.stdout()).isEqualTo("é".repeat(10));
        }
    }

    @Test
    void stopsABlockWhenTheAnalysisIsCancelled() throws Exception {
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            Cancellation c = Cancellation.create();
            CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS).execute(c::cancel);
            ExecutionResult r = s.execute(new ExecutionRequest("import time\ntime.sleep(60)", Duration.ofSeconds(60), 1000, c));
            assertThat(r.outcome()).isEqualTo(Outcome.CANCELLED);
            assertThat(r.duration()).isLessThan(Duration.ofSeconds(10));
            assertThat(s.execute(ExecutionRequest.of("print('still here')")).stdout()).isEqualTo("still here\n");
        }
    }

    @Test
    void runsConcurrentSessionsIndependently(@TempDir Path other) throws Exception {
        try (ExecutionSession a = executor.openSession(workspace, ExecutionMode.NOTEBOOK);
             ExecutionSession b = executor.openSession(other, ExecutionMode.NOTEBOOK)) {
            CompletableFuture<ExecutionResult> ra = CompletableFuture.supplyAsync(() -> a.execute(ExecutionRequest.of(
                    "import time\nname = 'a'\ntime.sleep(0.3)\nopen('who.txt', 'w').write(name)")));
            CompletableFuture<ExecutionResult> rb = CompletableFuture.supplyAsync(() -> b.execute(ExecutionRequest.of(
                    "import time\nname = 'b'\ntime.sleep(0.3)\nopen('who.txt', 'w').write(name)")));
            assertThat(ra.get().isSuccess()).as(ra.get().toString()).isTrue();
            assertThat(rb.get().isSuccess()).as(rb.get().toString()).isTrue();
            assertThat(a.execute(ExecutionRequest.of("print(name)")).stdout()).isEqualTo("a\n");
            assertThat(b.execute(ExecutionRequest.of("print(name)")).stdout()).isEqualTo("b\n");
        }
        assertThat(workspace.resolve("who.txt")).hasContent("a");
        assertThat(other.resolve("who.txt")).hasContent("b");
    }

    @Test
    void isTheDefaultProviderWithPriority100() {
        CodeExecutorProvider provider = ServiceLoader.load(CodeExecutorProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p instanceof GraalPyExecutorProvider).findFirst().orElseThrow();
        assertThat(provider.priority()).isEqualTo(100);
        assertThat(executor.isolation()).isEqualTo(IsolationLevel.IN_PROCESS_SANDBOX);
        assertThat(executor.describe()).startsWith("graalpy (Python 3.12");
    }

    @Test
    void providerReportsTheStandardLibraryAndShimsAsImportableButNotTheDataScienceStack() {
        GraalPyExecutorProvider provider = new GraalPyExecutorProvider();
        assertThat(provider.isolation()).isEqualTo(IsolationLevel.IN_PROCESS_SANDBOX);
        assertThat(provider.missingModules(Set.of("csv", "json", "statistics", "sqlite3", "openpyxl", "pandas", "numpy",
                "matplotlib", "seaborn", "scipy", "sklearn"))).containsExactlyInAnyOrder("pandas", "numpy", "matplotlib",
                "seaborn", "scipy", "sklearn");
        assertThat(provider.installHint(Set.of("pandas"))).contains("pythonPath").contains("deepanalyze-worker");
    }

    @Test
    void refusesWorkAfterClose() {
        CodeExecutor closed = GraalPyExecutor.builder().poolSize(0).prewarm(false).build();
        closed.close();
        assertThatThrownBy(() -> closed.openSession(workspace, ExecutionMode.SCRIPT)).isInstanceOf(ExecutorException.class);
    }
}
