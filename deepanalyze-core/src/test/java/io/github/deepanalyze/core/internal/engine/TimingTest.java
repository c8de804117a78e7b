package io.github.deepanalyze.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisSession;
import io.github.deepanalyze.AnalysisTiming;
import io.github.deepanalyze.Analyst;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionSession;
import io.github.deepanalyze.execution.IsolationLevel;
import io.github.deepanalyze.testing.ManualClock;
import io.github.deepanalyze.testing.ScriptedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the time of an analysis went, measured on the analyst's clock, with no real waiting. */
class TimingTest {
    @TempDir
    Path tmp;
    Path csv;
    final ManualClock time = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

    @BeforeEach
    void data() throws IOException {
        csv = Files.writeString(Files.createDirectories(tmp.resolve("in")).resolve("sales.csv"), "region,amount\nn,1\n");
    }

    /** Takes 9.6 s to hand out a session (a cold interpreter) and 97 ms per block, on the manual clock. */
    private CodeExecutor slowToStart() {
        return new CodeExecutor() {
            @Override
            public ExecutionSession openSession(Path workspace, ExecutionMode mode) {
                time.advance(Duration.ofMillis(9_600));
                return new ExecutionSession() {
                    @Override
                    public Path workspace() {
                        return workspace;
                    }

                    @Override
                    public ExecutionResult execute(ExecutionRequest request) {
                        time.advance(Duration.ofMillis(97));
                        return ExecutionResult.success("1\n", "", Duration.ofMillis(97));
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public IsolationLevel isolation() {
                return IsolationLevel.NONE;
            }

            @Override
            public void close() {
            }
        };
    }

    private Analyst analyst(ScriptedModel model) {
        return Analyst.builder().model(model).executor(slowToStart()).allowUnsandboxedExecution()
                .workspaceRoot(tmp.resolve("ws")).clock(time).scheduler(time).noInputProfiling().build();
    }

    @Test
    void anExecuteStepLastsAsLongAsItsBlockNotTheWaitForASession() {
        Analysis a = analyst(ScriptedModel.of("<Code>print(1)</Code>", "<Code>print(1)</Code>", "<Answer>ok</Answer>"))
                .analyze(List.of(csv), "q");

        assertThat(a.steps(Step.Execute.class)).extracting(Step::duration)
                .containsExactly(Duration.ofMillis(97), Duration.ofMillis(97));
        AnalysisTiming t = a.timing();
        assertThat(t.waitingForExecutor()).isEqualTo(Duration.ofMillis(9_600));
        assertThat(t.execution()).isEqualTo(Duration.ofMillis(194));
        assertThat(a.wallTime()).isEqualTo(Duration.ofMillis(9_600 + 194));
    }

    @Test
    void aSessionChargesStagingAndProfilingToItsFirstAskOnly() {
        // every reading of this clock is one millisecond after the previous one
        java.time.Clock ticking = new java.time.Clock() {
            private final java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();

            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.EPOCH.plusMillis(reads.incrementAndGet());
            }
        };
        Analyst analyst = Analyst.builder().model(ScriptedModel.of("<Answer>one</Answer>", "<Answer>two</Answer>"))
                .executor(slowToStart()).allowUnsandboxedExecution().workspaceRoot(tmp.resolve("ws")).clock(ticking)
                .inputProfilers(file -> io.github.deepanalyze.prompt.InputReport.of(file.getFileName().toString(),
                        List.of(), "", null))
                .build();
        try (AnalysisSession s = analyst.openSession(List.of(csv))) {
            Analysis first = s.ask("first");
            Analysis second = s.ask("second");

            assertThat(first.timing().staging()).isEqualTo(Duration.ofMillis(1));
            assertThat(first.timing().profiling()).isPositive();
            assertThat(first.timing().model()).isPositive();
            assertThat(second.timing().staging()).isZero();
            assertThat(second.timing().profiling()).isZero();
            assertThat(second.timing().model()).isPositive();
        }
    }
}
