package io.github.deepanalyze.core.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.PythonError;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExecuteTurnTest {
    private static final Duration D = Duration.ofMillis(5);
    private static final String TRACEBACK = "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\n"
            + "ZeroDivisionError: division by zero\n";

    @Test
    void rendersASuccessAsTheRawStdout() {
        assertThat(ExecuteTurn.render(ExecutionResult.success("rows: 5\n", "", D))).isEqualTo("rows: 5\n");
        assertThat(ExecuteTurn.render(ExecutionResult.success("", "", D))).isEmpty();
    }

    @Test
    void putsStderrOnItsOwnLineAfterStdout() {
        assertThat(ExecuteTurn.render(ExecutionResult.success("out", "warn\n", D))).isEqualTo("out\nwarn\n");
        assertThat(ExecuteTurn.render(ExecutionResult.success("out\n", "warn\n", D))).isEqualTo("out\nwarn\n");
        assertThat(ExecuteTurn.render(ExecutionResult.success("", "warn\n", D))).isEqualTo("warn\n");
    }

    @Test
    void rendersAPythonErrorAfterTheStreamsWithTheReferenceMarker() {
        ExecutionResult r = ExecutionResult.error("partial", "warn\n", TRACEBACK, D);
        assertThat(ExecuteTurn.render(r)).isEqualTo("partial\nwarn\n[Error]:\n" + TRACEBACK);
        assertThat(ExecuteTurn.render(ExecutionResult.error("", "", TRACEBACK, D))).isEqualTo("[Error]:\n" + TRACEBACK);
    }

    @Test
    void putsTheExecutorsHintOnItsOwnLineAfterTheTraceback() {
        PythonError missing = PythonError.parse("Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\n"
                + "ModuleNotFoundError: No module named 'pandas'").withHint("install pandas");
        assertThat(ExecuteTurn.render(ExecutionResult.error("", "", missing, D))).isEqualTo("[Error]:\n" + missing.traceback()
                + "\n[Hint]: install pandas");
        PythonError endsWithNewline = PythonError.parse("MemoryError\n").withHint("print less");
        assertThat(ExecuteTurn.render(ExecutionResult.resourceExhausted("", "", endsWithNewline, D)))
                .isEqualTo("MemoryError\n[Hint]: print less");
    }

    @Test
    void rendersATimeoutWithTheRequestsLimitInWholeSeconds() {
        ExecutionResult r = ExecutionResult.timeout("partial\n", "", Duration.ofSeconds(120), D);
        assertThat(ExecuteTurn.render(r)).isEqualTo("partial\n[Timeout]: execution exceeded 120 seconds");
        assertThat(ExecuteTurn.render(ExecutionResult.timeout("", "", Duration.ofMillis(1500), D)))
                .isEqualTo("[Timeout]: execution exceeded 1 seconds");
    }

    @Test
    void appendsATimeoutsDetail() {
        ExecutionResult r = new ExecutionResult("", "", ExecutionResult.Outcome.TIMEOUT, null, "the worker was killed", -1, D,
                Duration.ofSeconds(2), java.util.List.of(), false, false);
        assertThat(ExecuteTurn.render(r)).isEqualTo("[Timeout]: execution exceeded 2 seconds; the worker was killed");
    }

    @Test
    void rendersACancelledBlock() {
        assertThat(ExecuteTurn.render(ExecutionResult.cancelled("", "", Duration.ZERO)))
                .isEqualTo("[Cancelled]: the analysis was cancelled");
        assertThat(ExecuteTurn.render(ExecutionResult.cancelled("1\n2", "", D)))
                .isEqualTo("1\n2\n[Cancelled]: the analysis was cancelled");
    }

    @Test
    void rendersACrashWithItsDetail() {
        ExecutionResult r = ExecutionResult.crashed("half\n", "", "the Python worker process died while running this block "
                + "(exit 137); a fresh worker runs the next block", 137, D);
        assertThat(ExecuteTurn.render(r)).isEqualTo("half\n[Crashed]: the Python worker process died while running this "
                + "block (exit 137); a fresh worker runs the next block");
        assertThat(ExecuteTurn.render(ExecutionResult.crashed("", "", "", -1, D))).startsWith("[Crashed]: ");
    }

    @Test
    void rendersAResourceLimitAsItsDetailOrAsThePythonException() {
        assertThat(ExecuteTurn.render(ExecutionResult.resourceExhausted("", "", "Statement count limit of 1000 exceeded", D)))
                .isEqualTo("[ResourceExhausted]: Statement count limit of 1000 exceeded");
        PythonError recursion = PythonError.parse("RecursionError: maximum recursion depth exceeded");
        assertThat(ExecuteTurn.render(ExecutionResult.resourceExhausted("deep\n", "", recursion, D)))
                .isEqualTo("deep\nRecursionError: maximum recursion depth exceeded");
    }

    @Test
    void notesANotebookThatLostItsVariablesBeforeTheOutput() {
        ExecutionResult r = ExecutionResult.error("", "", "NameError: name 'df' is not defined", D).withStateLost(true);
        assertThat(ExecuteTurn.render(r)).isEqualTo("[Note]: the previous block's interpreter was discarded; notebook "
                + "variables were reset.\n[Error]:\nNameError: name 'df' is not defined");
        assertThat(ExecuteTurn.render(ExecutionResult.success("ok\n", "", D).withStateLost(true)))
                .isEqualTo(ExecuteTurn.STATE_LOST_NOTE + "ok\n");
    }

    @Test
    void leavesTheExecutorsTruncationFlagOutOfTheText() {
        ExecutionResult capped = ExecutionResult.success("x".repeat(10), "", D).withTruncated(true);
        assertThat(ExecuteTurn.render(capped)).isEqualTo("x".repeat(10));
    }

    @Test
    void keepsOutputWithinTheBudgetAsIs() {
        ExecuteTurn.Rendered r = ExecuteTurn.render(ExecutionResult.success("short\n", "", D), 1_000);
        assertThat(r.text()).isEqualTo("short\n");
        assertThat(r.shortened()).isFalse();
        assertThat(r.fullLength()).isEqualTo(6);
    }

    @Test
    void shortensLongOutputToHeadAndTailSayingHowMuchWasCut() {
        String stdout = "HEAD\n" + "x".repeat(10_000) + "\n";
        ExecuteTurn.Rendered r = ExecuteTurn.render(ExecutionResult.error(stdout, "", TRACEBACK, D), 1_000);
        int full = stdout.length() + "[Error]:\n".length() + TRACEBACK.length();
        assertThat(r.shortened()).isTrue();
        assertThat(r.fullLength()).isEqualTo(full);
        assertThat(r.text()).startsWith("HEAD\n").endsWith("ZeroDivisionError: division by zero\n")
                .contains("characters omitted: the output had " + full + " characters").hasSizeLessThanOrEqualTo(1_000);
    }

    @Test
    void neverCutsASurrogatePairInHalf() {
        String emoji = "😀".repeat(2_000);
        String s = ExecuteTurn.shorten(emoji, 500);
        String head = s.substring(0, s.indexOf("\n...["));
        String tail = s.substring(s.indexOf("]...\n") + 5);
        assertThat(head.codePoints()).allMatch(cp -> cp == "😀".codePointAt(0));
        assertThat(tail.codePoints()).allMatch(cp -> cp == "😀".codePointAt(0));
    }
}
