package io.github.deepanalyze.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisStatus;
import io.github.deepanalyze.Analyst;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.common.ModelException;
import io.github.deepanalyze.openai.ReplayModel;
import io.github.deepanalyze.testing.Fixtures;
import io.github.deepanalyze.testing.RecordedTrajectory;
import io.github.deepanalyze.testing.ScriptedExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ReplayModel driving the real engine: concurrent analyses from one instance, and a conversation that outgrows the recording. */
class ReplayModelAnalysisTest {
    @TempDir
    Path tmp;

    @Test
    void servesConcurrentReplaysFromOneInstance() throws IOException {
        RecordedTrajectory t = Fixtures.studentLoanTrajectory();
        ReplayModel model = ReplayModel.of(t.raw());
        Path csv = Files.writeString(tmp.resolve("enrolled.csv"), "name,school,month\n");
        List<CompletableFuture<Analysis>> runs = new ArrayList<>();
        List<Analyst> analysts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Analyst a = Analyst.builder().model(model).executor(ScriptedExecutor.replaying(t.executeOutputs()))
                    .allowUnsandboxedExecution().workspaceRoot(tmp.resolve("ws")).build();
            analysts.add(a);
            runs.add(a.analyzeAsync(List.of(csv), "Generate a data science report."));
        }
        for (CompletableFuture<Analysis> r : runs) {
            Analysis a = r.join();
            assertThat(a.status()).isEqualTo(AnalysisStatus.ANSWERED);
            assertThat(a.steps(Step.Code.class)).hasSize(7);
        }
    }

    @Test
    void failsClearlyWhenTheConversationOutgrowsTheRecording() throws IOException {
        ReplayModel model = ReplayModel.of("<Code>print(1)</Code>");
        Path csv = Files.writeString(tmp.resolve("a.csv"), "x\n1\n");
        Analysis a = Analyst.builder().model(model).executor(ScriptedExecutor.replaying(List.of("1", "1")))
                .allowUnsandboxedExecution().workspaceRoot(tmp.resolve("ws")).build().analyze(List.of(csv), "q");
        assertThat(a.status()).isEqualTo(AnalysisStatus.MODEL_ERROR);
        assertThat(a.reason()).contains("only 1 turns");
        assertThatThrownBy(() -> ReplayModel.of("<Execute>never closed")).isInstanceOf(IllegalArgumentException.class);
    }
}
