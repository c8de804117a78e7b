package io.github.deepanalyze.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisStatus;
import io.github.deepanalyze.Report;
import io.github.deepanalyze.common.ConfigurationException;
import io.github.deepanalyze.common.InvalidInputException;
import io.github.deepanalyze.testing.SampleAnalyses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkRunnerTest {
    @TempDir
    Path dir;

    private Analysis answering(String report) {
        Analysis a = SampleAnalyses.synthetic(dir.resolve("ws"));
        return new Analysis(a.question(), a.files(), a.workspace(), a.steps(), new Report(report), a.artifacts(), a.usage(),
                a.rounds(), a.wallTime(), AnalysisStatus.ANSWERED, "", a.transcript());
    }

    @Test
    void countsFailedBlocksByOutcomeNotByTheirText() throws Exception {
        Analysis a = answering("Answer: 1194");
        List<io.github.deepanalyze.Step> steps = new ArrayList<>();
        for (io.github.deepanalyze.Step s : a.steps()) {
            // every block's text now carries the marker, yet only the second block failed
            steps.add(s instanceof io.github.deepanalyze.Step.Execute e
                    ? new io.github.deepanalyze.Step.Execute(e.round(), "[Error]:\n" + e.text(), e.result(), e.startedAt(), e.duration())
                    : s);
        }
        Analysis marked = new Analysis(a.question(), a.files(), a.workspace(), steps, a.report(), a.artifacts(), a.usage(),
                a.rounds(), a.wallTime(), a.status(), a.reason(), a.transcript());
        BenchmarkResults results = BenchmarkRunner.builder().taskRunner(task -> marked).build()
                .run(BenchmarkTask.readAll(taskFile()).subList(0, 1));
        assertThat(results.tasks().get(0).codeBlocks()).isEqualTo(2);
        assertThat(results.tasks().get(0).failedBlocks()).isEqualTo(1);
    }

    private Path taskFile() throws Exception {
        Path f = dir.resolve("bench/tasks.jsonl");
        Files.createDirectories(f.getParent());
        Files.writeString(f, """
                {"id": "rows", "files": ["data/sales.csv"], "question": "How many rows?", "expected": "1194", "grader": "numeric"}
                // a comment
                {"id": "fare", "question": "Mean fare?", "answer": "@mean_fare[34.65]", "grader": "dabench"}

                {"id": "schools", "question": "Which schools?", "expected": ["UCLA", "OCC"], "grader": "denotation"}
                {"id": "crash", "question": "Boom?", "expected": "x"}
                """);
        return f;
    }

    @Test
    void readsTaskFilesResolvingPathsAgainstTheirFolder() throws Exception {
        List<BenchmarkTask> tasks = BenchmarkTask.readAll(taskFile());
        assertThat(tasks).extracting(BenchmarkTask::id).containsExactly("rows", "fare", "schools", "crash");
        assertThat(tasks.get(0).files()).containsExactly(dir.resolve("bench/data/sales.csv").toAbsolutePath());
        assertThat(tasks.get(2).expected()).isEqualTo("UCLA|OCC");
        assertThat(tasks.get(3).grader()).isEqualTo("exact");
    }

    @Test
    void malformedTaskLinesAreNamed() throws Exception {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, "{\"id\":\"a\",\"question\":\"q\",\"expected\":\"1\"}\n{\"id\":\"b\",\"question\":\"q\",\"expected\":\"1\",\"grader\":\"magic\"}\n");
        assertThatThrownBy(() -> BenchmarkTask.readAll(f)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 2").hasMessageContaining("unknown grader \"magic\"");
    }

    @Test
    void runsGradesReportsProgressAndWritesTables() throws Exception {
        Map<String, Analysis> prebuilt = Map.of(
                "rows", answering("# Rows\n\nAnswer: 1,194"),
                "fare", answering("@mean_fare[34.7]"),
                "schools", answering("Answer: OCC | UCLA"));
        List<BenchmarkProgress> progress = new ArrayList<>();
        BenchmarkResults results = BenchmarkRunner.builder()
                .taskRunner(task -> {
                    if (task.id().equals("crash")) {
                        throw new IllegalStateException("model server unreachable");
                    }
                    return prebuilt.get(task.id());
                })
                .progress(progress::add)
                .build()
                .run(BenchmarkTask.readAll(taskFile()));

        assertThat(results.tasks()).extracting(TaskResult::correct).containsExactly(true, false, true, false);
        assertThat(results.accuracy()).isEqualTo(0.5);
        assertThat(results.tasks().get(3).status()).isEqualTo("FAILED");
        assertThat(results.tasks().get(3).detail()).contains("model server unreachable");
        assertThat(results.failedRuns()).isEqualTo(1);
        assertThat(results.executionErrorRate()).isEqualTo(0.5); // each synthetic run has 1 failed block of 2
        assertThat(results.meanRounds()).isEqualTo(2.25);
        assertThat(results.totalTokens()).isEqualTo(3 * 2500);
        assertThat(results.totalWallTime()).isEqualTo(Duration.ofSeconds(27));
        assertThat(progress).extracting(BenchmarkProgress::done).containsExactly(1, 2, 3, 4);
        assertThat(progress.get(2).correct()).isEqualTo(2);
        assertThat(progress.get(3).total()).isEqualTo(4);

        Path json = dir.resolve("results.json");
        Path md = dir.resolve("results.md");
        results.writeJson(json);
        results.writeMarkdown(md);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.get("schema").asText()).isEqualTo("deepanalyze.benchmark/1");
        assertThat(root.at("/summary/accuracy").asDouble()).isEqualTo(0.5);
        assertThat(root.at("/tasks/1/detail").asText()).isEqualTo("@mean_fare[34.65] got [34.7]");
        assertThat(Files.readString(md)).contains("| 4 | 50.0% |", "| rows | numeric | ✓ |", "| crash | exact | ✗ |");
    }

    @Test
    void progressCallbackThatThrowsDoesNotStopTheRun() throws Exception {
        BenchmarkResults r = BenchmarkRunner.builder().taskRunner(t -> answering("Answer: 1194"))
                .progress(p -> {
                    throw new IllegalStateException("ui closed");
                }).build().run(BenchmarkTask.readAll(taskFile()).subList(0, 1));
        assertThat(r.tasks()).hasSize(1);
    }

    @Test
    void builderWithoutTaskRunnerSaysWhatToCall() {
        assertThatThrownBy(() -> BenchmarkRunner.builder().build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("taskRunner(");
    }
}
