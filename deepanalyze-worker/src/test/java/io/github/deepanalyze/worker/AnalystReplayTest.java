package io.github.deepanalyze.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisStatus;
import io.github.deepanalyze.Analyst;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.openai.OpenAiCompatibleModel;
import io.github.deepanalyze.model.Role;
import io.github.deepanalyze.testing.Fixtures;
import io.github.deepanalyze.testing.RecordedTrajectory;
import io.github.deepanalyze.testing.ScriptedModelServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of the whole SDK on the real recorded run: a loopback HTTP server streams
 * DeepAnalyze-8B's recorded turns as vLLM would (stopping before {@code </Code>}), the real
 * OpenAI-compatible client and agent loop drive the analysis, and the model's real code runs on
 * the real data in a CPython worker. Each fresh Execute output must match the recording under the
 * normalisations documented in {@link StudentLoanReplayTest}.
 */
class AnalystReplayTest {
    @TempDir
    Path tmp;

    @Test
    void replaysTheRecordedRunEndToEndThroughHttpAndTheCPythonWorker() throws Exception {
        Path python = Python.requireDataStack();
        RecordedTrajectory t = Fixtures.studentLoanTrajectory();
        Path data = tmp.resolve("data");
        java.nio.file.Files.createDirectories(data);
        StudentLoanReplay.copyData(Fixtures.studentLoanData(), data);
        List<Path> files = List.of("bool.xlsx", "person.csv", "disabled.xlsx", "enlist.csv", "filed_for_bankrupcy.csv",
                "longest_absense_from_school.xlsx", "male.xlsx", "no_payment_due.xlsx", "unemployed.xlsx", "enrolled.csv")
                .stream().map(data::resolve).toList();

        try (ScriptedModelServer server = ScriptedModelServer.replaying(t);
             CPythonExecutor executor = CPythonExecutor.builder().interpreter(python).poolSize(1).build();
             Analyst analyst = Analyst.builder()
                     .model(OpenAiCompatibleModel.builder().baseUrl(server.baseUrl()).model("DeepAnalyze-8B").build())
                     .executor(executor).workspaceRoot(tmp.resolve("ws")).build()) {
            Analysis a = analyst.analyze(files, "Generate a data science report.");

            assertThat(a.status()).as(a.reason()).isEqualTo(AnalysisStatus.ANSWERED);
            assertThat(a.rounds()).isEqualTo(8);
            List<Step.Execute> executes = a.steps(Step.Execute.class);
            assertThat(executes).hasSize(7).allSatisfy(e -> assertThat(e.result().isSuccess()).isTrue());
            List<String> recorded = t.executeOutputs();
            assertThat(StudentLoanReplay.collapsedLines(executes.get(0).text()))
                    .filteredOn(l -> !l.startsWith("top "))
                    .containsExactlyElementsOf(StudentLoanReplay.collapsedLines(recorded.get(0)).stream()
                            .filter(l -> !l.startsWith("top ")).toList());
            for (int i = 1; i < 7; i++) {
                assertThat(StudentLoanReplay.normalise(executes.get(i).text())).as("block %d", i + 1)
                        .isEqualTo(StudentLoanReplay.normalise(recorded.get(i)));
            }
            // what the server received back is exactly what the trace says was sent
            for (int i = 1; i < 8; i++) {
                var last = server.request(i).lastMessage();
                assertThat(last.role()).isEqualTo(Role.EXECUTE);
                assertThat(last.content()).isEqualTo(executes.get(i - 1).text());
            }
            assertThat(a.artifacts()).extracting(x -> x.path().toString()).contains("school_distribution.png",
                    "month_distribution.png", "school_month_heatmap.png", "student_network.png", "monthly_school.png",
                    "processed_enrollment.csv", "merged_enrollment_data.csv", "fully_integrated_data.csv");
            assertThat(a.artifact("school_distribution.png")).get()
                    .satisfies(x -> assertThat(x.mediaType()).isEqualTo("image/png"));
            assertThat(a.report().title())
                    .isEqualTo("Comprehensive Analysis of Student Enrollment Patterns and Institutional Transfers");
        }
    }
}
