package io.github.deepanalyze.graalpy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionResult.Outcome;
import io.github.deepanalyze.execution.ExecutionSession;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A block that floods stdout and stderr until it times out leaves the session usable (issue 11):
 * what the interrupted block left in Python's stream buffers must not reach the next block.
 */
class OutputFloodTest {
    @TempDir
    Path workspace;

    @Test
    void theBlockAfterAStdoutFloodThatTimedOutRunsNormally() {
        try (GraalPyExecutor executor = GraalPyExecutor.builder().poolSize(0).build();
             ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            ExecutionResult flood = s.execute(ExecutionRequest.of("""
                    import sys
                    for _ in range(10**7):
                        sys.stdout.write('x' * 100)
                        sys.stderr.write('y' * 10)
                    """).withTimeout(Duration.ofSeconds(3)));
            assertThat(flood.outcome()).as("%s", flood).isEqualTo(Outcome.TIMEOUT);

            ExecutionResult next = s.execute(ExecutionRequest.of("print('after', 6 * 7)"));

            assertThat(next.outcome()).as("%s", next).isEqualTo(Outcome.SUCCESS);
            assertThat(next.stdout()).as("nothing of the flood leaks into the next block").isEqualTo("after 42\n");
            assertThat(next.stderr()).isEmpty();
            assertThat(next.truncated()).isFalse();
        }
    }
}
