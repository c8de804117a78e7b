package io.github.deepanalyze.graalpy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionResult.Outcome;
import io.github.deepanalyze.execution.ExecutionSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The statement budget and offline provisioning of pure-Python packages through {@code pythonPath}. */
class LimitsAndPackagesTest {
    /** A pure-Python wheel on this machine's local wheelhouse (see the env package lists). */
    private static final Path TABULATE = Path.of("/opt/pypi/files/tabulate-0.10.0-py3-none-any.whl");

    @TempDir
    Path workspace;

    @Test
    void stopsABlockAtTheStatementLimitAndRecovers() {
        try (GraalPyExecutor executor = GraalPyExecutor.builder().poolSize(0).statementLimit(20_000_000).build();
             ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            ExecutionResult r = s.execute(ExecutionRequest.of("i = 0\nwhile True:\n    i += 1").withTimeout(Duration.ofSeconds(60)));
            assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.RESOURCE_EXHAUSTED);
            assertThat(r.detail()).contains("Statement count limit of 20000000");
            assertThat(r.error()).isNull();
            ExecutionResult next = s.execute(ExecutionRequest.of("print(sum(range(1000)))"));
            assertThat(next.stdout()).as(next.toString()).isEqualTo("499500\n");
            assertThat(next.stateLost()).as("SCRIPT mode has no state to lose").isFalse();
        }
    }

    @Test
    void saysSoWhenANotebookLostItsVariablesToAFreshInterpreter() {
        try (GraalPyExecutor executor = GraalPyExecutor.builder().poolSize(0).statementLimit(20_000_000).build();
             ExecutionSession s = executor.openSession(workspace, ExecutionMode.NOTEBOOK)) {
            assertThat(s.execute(ExecutionRequest.of("x = 41")).stateLost()).isFalse();
            ExecutionResult spent = s.execute(ExecutionRequest.of("while True:\n    x += 1").withTimeout(Duration.ofSeconds(60)));
            assertThat(spent.outcome()).as(spent.toString()).isEqualTo(Outcome.RESOURCE_EXHAUSTED);
            ExecutionResult next = s.execute(ExecutionRequest.of("print('x' in globals())"));
            assertThat(next.stateLost()).isTrue();
            assertThat(next.stdout()).as("the note is the renderer's, not part of stdout").isEqualTo("False\n");
        }
    }

    @Test
    void importsPurePythonPackagesFromAWheelOnThePythonPath() {
        assumeTrue(Files.exists(TABULATE), "no local wheelhouse with " + TABULATE.getFileName());
        try (GraalPyExecutor executor = GraalPyExecutor.builder().poolSize(0).pythonPath(TABULATE).build();
             ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            ExecutionResult r = s.execute(ExecutionRequest.of("""
                    from tabulate import tabulate
                    print(tabulate([['a', 1], ['b', 22]], headers=['k', 'v']))
                    """));
            assertThat(r.stdout()).as(r.toString()).isEqualTo("k      v\n---  ---\na      1\nb     22\n");
            ExecutionResult write = s.execute(ExecutionRequest.of("open(" + "'" + TABULATE + "/x.py', 'w')"));
            assertThat(write.outcome()).isEqualTo(Outcome.ERROR);
        }
    }
}
