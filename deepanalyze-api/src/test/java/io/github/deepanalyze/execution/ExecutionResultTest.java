package io.github.deepanalyze.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.deepanalyze.execution.ExecutionResult.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutionResultTest {
    private static final Duration D = Duration.ofMillis(3);

    @Test
    void factoriesFillInTheStructuredFieldsOfEachOutcome() {
        ExecutionResult error = ExecutionResult.error("out", "", "Traceback (most recent call last):\nKeyError: 'x'", D);
        assertThat(error.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(error.error().type()).isEqualTo("KeyError");
        assertThat(error.exitCode()).isEqualTo(1);
        assertThat(error.detail()).isEmpty();

        ExecutionResult timeout = ExecutionResult.timeout("", "", Duration.ofSeconds(120), D);
        assertThat(timeout.timeLimit()).isEqualTo(Duration.ofSeconds(120));
        assertThat(timeout.error()).isNull();

        ExecutionResult crash = ExecutionResult.crashed("", "", "the Python worker process died (exit 137)", 137, D);
        assertThat(crash).extracting(ExecutionResult::outcome, ExecutionResult::detail, ExecutionResult::exitCode)
                .containsExactly(Outcome.CRASHED, "the Python worker process died (exit 137)", 137);

        assertThat(ExecutionResult.cancelled("", "", D).outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(ExecutionResult.success("", "", D).timeLimit()).isEqualTo(Duration.ZERO);
    }

    @Test
    void withersKeepEveryOtherField() {
        ExecutionResult r = ExecutionResult.timeout("a", "b", Duration.ofSeconds(2), D)
                .withTruncated(true).withStateLost(true).withArtifacts(List.of());
        assertThat(r).extracting(ExecutionResult::stdout, ExecutionResult::stderr, ExecutionResult::timeLimit,
                ExecutionResult::truncated, ExecutionResult::stateLost)
                .containsExactly("a", "b", Duration.ofSeconds(2), true, true);
    }

    @Test
    void rejectsFieldsThatContradictTheOutcomeNamingTheFix() {
        assertThatThrownBy(() -> new ExecutionResult("", "", Outcome.ERROR, null, "", 1, D, Duration.ZERO, List.of(), false, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ExecutionResult.error(");
        assertThatThrownBy(() -> new ExecutionResult("", "", Outcome.SUCCESS, PythonError.parse("ValueError: v"), "", 0, D,
                Duration.ZERO, List.of(), false, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ValueError");
        assertThatThrownBy(() -> new ExecutionResult("", "", Outcome.SUCCESS, null, "[Note]: x", 0, D, Duration.ZERO,
                List.of(), false, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stdout");
        assertThatThrownBy(() -> ExecutionResult.timeout("", "", Duration.ZERO, D))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout()");
    }
}
