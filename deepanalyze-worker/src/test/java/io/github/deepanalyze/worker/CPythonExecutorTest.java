package io.github.deepanalyze.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.PythonError;
import io.github.deepanalyze.execution.ExecutionResult.Outcome;
import io.github.deepanalyze.execution.ExecutionSession;
import io.github.deepanalyze.execution.IsolationLevel;
import java.nio.file.Files;
import java.util.List;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Block semantics of the CPython worker: the reference's "independent script" behaviour and its wording. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CPythonExecutorTest {
    private CPythonExecutor executor;

    @TempDir
    Path workspace;

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

    private ExecutionResult run(ExecutionSession s, String code) {
        return s.execute(ExecutionRequest.of(code).withTimeout(Duration.ofSeconds(60)));
    }

    @Test
    void separatesStdoutFromStderrAndKeepsTheirOrder() {
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            ExecutionResult r = run(s, """
                    import sys, os, subprocess
                    print("one")
                    print("oops", file=sys.stderr)
                    os.write(1, b"two\\n")
                    subprocess.run(["echo", "three"])
                    print("four")
                    """);
            assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(r.stdout()).isEqualTo("one\ntwo\nthree\nfour\n");
            assertThat(r.stderr()).isEqualTo("oops\n");
            assertThat(r.error()).isNull();
            assertThat(r.truncated()).isFalse();
        }
    }

    @Test
    void runsEveryBlockInAFreshMainNamespaceInScriptMode() {
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            assertThat(run(s, "x = 41\nprint(__name__)").stdout()).isEqualTo("__main__\n");
            ExecutionResult second = run(s, "print(x)");
            assertThat(second.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(second.error().traceback()).endsWith("NameError: name 'x' is not defined\n");
        }
    }

    @Test
    void keepsGlobalsAcrossBlocksInNotebookMode() {
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.NOTEBOOK)) {
            run(s, "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3]})");
            assertThat(run(s, "print(df['a'].sum())").stdout()).isEqualTo("6\n");
        }
    }

    @Test
    void formatsTracebacksLikeTheInterpreterWithoutTheRunnersFrames() {
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            ExecutionResult r = run(s, "print('before')\ndef f():\n    return 1 / 0\nf()\n");
            assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(r.stdout()).isEqualTo("before\n");
            assertThat(r.error().traceback()).isEqualTo("""
                    Traceback (most recent call last):
                      File "block_1.py", line 4, in <module>
                        f()
                      File "block_1.py", line 3, in f
                        return 1 / 0
                               ~~^~~
                    ZeroDivisionError: division by zero
                    """);
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.error().type()).isEqualTo("ZeroDivisionError");
            assertThat(r.error().message()).isEqualTo("division by zero");
            assertThat(r.error().frames()).extracting(PythonError.Frame::line, PythonError.Frame::function)
                    .containsExactly(tuple(4, "<module>"), tuple(3, "f"));
        }
    }

    @Test
    void reportsASyntaxErrorWithoutATracebackHeader() {
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            ExecutionResult r = run(s, "print('never runs')\nprint('unclosed'\n");
            assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(r.stdout()).isEmpty();
            assertThat(r.error().traceback()).startsWith("  File \"block_1.py\", line 2\n    print('unclosed'\n").endsWith("SyntaxError: '(' was never closed\n");
            assertThat(r.error().type()).isEqualTo("SyntaxError");
            assertThat(r.error().frames()).singleElement().extracting(PythonError.Frame::line).isEqualTo(2);
        }
    }

    @Test
    void treatsSystemExitZeroAsSuccessAndNonZeroAsError() {
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            assertThat(run(s, "import sys\nprint('bye')\nsys.exit(0)").outcome()).isEqualTo(Outcome.SUCCESS);
            ExecutionResult r = run(s, "import sys\nsys.exit('fatal')");
            assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(r.error().type()).isEqualTo("SystemExit");
            assertThat(r.error().message()).isEqualTo("fatal");
            assertThat(run(s, "print('still alive')").stdout()).isEqualTo("still alive\n");
        }
    }

    @Test
    void runsInTheWorkspaceWithHeadlessMatplotlibAndWritesItsFilesThere() throws Exception {
        Files.writeString(workspace.resolve("data.csv"), "a,b\n1,2\n3,4\n");
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            ExecutionResult r = run(s, """
                    import os, pandas as pd, matplotlib, matplotlib.pyplot as plt
                    print(os.getcwd())
                    print(matplotlib.get_backend())
                    df = pd.read_csv('data.csv')
                    df.plot(x='a', y='b')
                    plt.savefig('chart.png')
                    df.to_csv('data.csv', index=False, sep=';')
                    """);
            assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.SUCCESS);
            assertThat(r.stdout()).isEqualTo("/workspace\nagg\n"); // the workspace's fixed path in the sandbox
            // artifact detection is the engine's job; the executor's part is that the files land in the workspace
            assertThat(r.artifacts()).isEmpty();
            assertThat(Files.readAllBytes(workspace.resolve("chart.png"))).startsWith(0x89, 'P', 'N', 'G');
            assertThat(Files.readString(workspace.resolve("data.csv"))).isEqualTo("a;b\n1;2\n3;4\n");
            // figures left open by one block do not leak into the next
            assertThat(run(s, "import matplotlib.pyplot as plt\nprint(len(plt.get_fignums()))").stdout()).isEqualTo("0\n");
        }
    }

    @Test
    void prefersAFontWithChineseGlyphsWhenOneIsInstalled() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Python.run(
                "import matplotlib.font_manager as fm, sys; sys.exit(0 if any('CJK' in f.name for f in fm.fontManager.ttflist) else 1)"),
                "no CJK font installed (apt-get install fonts-noto-cjk)");
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            ExecutionResult r = run(s, """
                    import warnings, matplotlib
                    import matplotlib.pyplot as plt
                    print(any('CJK' in n for n in matplotlib.rcParams['font.sans-serif']))
                    print(matplotlib.rcParams['axes.unicode_minus'])
                    with warnings.catch_warnings(record=True) as caught:
                        warnings.simplefilter('always')
                        plt.figure(); plt.title('学生贷款 分布'); plt.savefig('cjk.png')
                    print(sum('missing from current font' in str(w.message) for w in caught))
                    """);
            assertThat(r.stdout()).as(r.toString()).isEqualTo("True\nFalse\n0\n");
        }
    }

    @Test
    void keepsTheProtocolIntactWhenCodeWritesToTheRealStdoutOrReadsStdin() {
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            ExecutionResult r = run(s, """
                    import sys, os
                    sys.__stdout__.write('{"v":1,"id":1,"type":"result"}\\n'); sys.__stdout__.flush()
                    os.write(1, b'not json\\n')
                    print(repr(sys.stdin.read()))
                    """);
            assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.SUCCESS);
            assertThat(r.stdout()).isEqualTo("{\"v\":1,\"id\":1,\"type\":\"result\"}\nnot json\n''\n");
            assertThat(run(s, "print('next')").stdout()).isEqualTo("next\n");
        }
    }

    @Test
    void roundTripsNonAsciiText() {
        try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            assertThat(run(s, "print('学生 → ✓ \\U0001F600')").stdout()).isEqualTo("学生 → ✓ \uD83D\uDE00\n");
        }
    }

    @Test
    void declaresProcessIsolationAndDescribesItself() {
        assertThat(executor.isolation()).isEqualTo(IsolationLevel.PROCESS);
        assertThat(executor.describe()).startsWith("cpython-worker /usr/bin/python3 (3.");
    }
}
