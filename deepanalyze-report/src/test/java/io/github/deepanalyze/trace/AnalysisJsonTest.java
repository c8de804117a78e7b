package io.github.deepanalyze.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.common.InvalidInputException;
import io.github.deepanalyze.testing.SampleAnalyses;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalysisJsonTest {
    @TempDir
    Path dir;

    private final AnalysisJson json = AnalysisJson.create();

    @Test
    void recordedRunRoundTripsToAnEqualAnalysis() {
        Analysis original = SampleAnalyses.studentLoan(dir.resolve("ws"));
        Path file = dir.resolve("analysis.json");
        json.write(original, file);
        Analysis read = json.read(file);
        assertThat(read).isEqualTo(original);
        assertThat(read.steps(Step.Execute.class).get(1).result().artifacts()).hasSize(2);
    }

    @Test
    void failedBlockAndInstantsWithNanosecondsRoundTripThroughStreams() {
        Analysis original = SampleAnalyses.synthetic(dir.resolve("ws"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        json.withPrettyPrinting().write(original, out);
        Analysis read = json.read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(read).isEqualTo(original);
        assertThat(read.steps().get(0).startedAt().getNano()).isEqualTo(123_456_789);
    }

    @Test
    void inputNotesRoundTripAndATraceWrittenBeforeThemReadsBackWithNone() {
        Analysis plain = SampleAnalyses.synthetic(dir.resolve("ws"));
        Analysis noted = new Analysis(plain.question(), plain.files(), plain.workspace(), plain.steps(), plain.report(),
                plain.artifacts(), plain.usage(), plain.rounds(), plain.wallTime(), plain.status(), plain.reason(),
                plain.transcript(), List.of("junk.csv does not look like text"));
        assertThat(json.fromJson(json.toJson(noted))).isEqualTo(noted);

        String old = json.toJson(plain).replace(",\"inputNotes\":[]", "");
        assertThat(old).doesNotContain("inputNotes");
        assertThat(json.fromJson(old)).isEqualTo(plain);
    }

    @Test
    void theTimingBreakdownRoundTripsAndATraceWrittenBeforeItReadsBackEmpty() {
        Analysis plain = SampleAnalyses.synthetic(dir.resolve("ws"));
        io.github.deepanalyze.AnalysisTiming timing = new io.github.deepanalyze.AnalysisTiming(Duration.ofMillis(12),
                Duration.ofMillis(3), Duration.ofSeconds(7), Duration.ofMillis(97), Duration.ofMillis(9_500));
        Analysis timed = new Analysis(plain.question(), plain.files(), plain.workspace(), plain.steps(), plain.report(),
                plain.artifacts(), plain.usage(), plain.rounds(), plain.wallTime(), plain.status(), plain.reason(),
                plain.transcript(), plain.inputNotes(), timing);

        String text = json.toJson(timed);

        assertThat(text).contains("\"timing\":{\"staging\":\"PT0.012S\",\"profiling\":\"PT0.003S\",\"model\":\"PT7S\","
                + "\"execution\":\"PT0.097S\",\"waitingForExecutor\":\"PT9.5S\"}");
        assertThat(json.fromJson(text).timing()).isEqualTo(timing);
        String old = text.replaceAll(",\"timing\":\\{[^}]*}", "");
        assertThat(old).doesNotContain("timing");
        assertThat(json.fromJson(old).timing()).isEqualTo(io.github.deepanalyze.AnalysisTiming.EMPTY);
    }

    @Test
    void inputProfilesRoundTripAndOlderTracesReadBackWithNone() throws Exception {
        Analysis plain = SampleAnalyses.synthetic(dir.resolve("ws"));
        var column = new io.github.deepanalyze.common.InputProfile.Column("month", "integer", 2, List.of("1", "7"));
        var profiles = List.of(
                new io.github.deepanalyze.common.InputProfile("enrolled.csv", io.github.deepanalyze.common.InputProfile.Kind.CSV,
                        27_000, "UTF-8", List.of(new io.github.deepanalyze.common.InputProfile.Table("enrolled.csv", 1194, false,
                                List.of(column))), List.of()),
                new io.github.deepanalyze.common.InputProfile("junk.db", io.github.deepanalyze.common.InputProfile.Kind.UNREADABLE,
                        4096, "", List.of(), List.of("junk.db is not an SQLite database")));
        Analysis profiled = new Analysis(plain.question(), plain.files(), plain.workspace(), plain.steps(), plain.report(),
                plain.artifacts(), plain.usage(), plain.rounds(), plain.wallTime(), plain.status(), plain.reason(),
                plain.transcript(), plain.inputNotes(), plain.timing(), profiles);

        String text = json.toJson(profiled);

        assertThat(text).contains("\"profiles\":[{\"file\":\"enrolled.csv\",\"kind\":\"CSV\"");
        assertThat(json.fromJson(text)).isEqualTo(profiled);
        assertThat(json.fromJson(text).profiles()).isEqualTo(profiles);
        // written by 956a4c6, before profiles existed
        String old;
        try (var in = getClass().getResourceAsStream("trace-before-structured-errors.json")) {
            old = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(old).doesNotContain("profiles");
        assertThat(json.fromJson(old).profiles()).isEmpty();
    }

    @Test
    void aTraceWrittenBeforeExecutorsReturnedDataReadsBackWithStructuredResults() throws Exception {
        // written by 956a4c6 (the Execute wording in one "error" string): a success, a NameError, a timeout,
        // a crashed worker and a cancelled block
        String old;
        try (var in = getClass().getResourceAsStream("trace-before-structured-errors.json")) {
            old = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(old).contains("\"error\" : \"[Timeout]: execution exceeded 120 seconds\"");

        Analysis read = json.fromJson(old);

        List<io.github.deepanalyze.execution.ExecutionResult> results = read.steps(Step.Execute.class).stream()
                .map(Step.Execute::result).toList();
        assertThat(results).extracting(io.github.deepanalyze.execution.ExecutionResult::outcome).containsExactly(
                io.github.deepanalyze.execution.ExecutionResult.Outcome.SUCCESS,
                io.github.deepanalyze.execution.ExecutionResult.Outcome.ERROR,
                io.github.deepanalyze.execution.ExecutionResult.Outcome.TIMEOUT,
                io.github.deepanalyze.execution.ExecutionResult.Outcome.CRASHED,
                io.github.deepanalyze.execution.ExecutionResult.Outcome.CANCELLED);
        assertThat(results.get(0).error()).isNull();
        assertThat(results.get(1).error().type()).isEqualTo("NameError");
        assertThat(results.get(1).error().frames()).singleElement().extracting(f -> f.line()).isEqualTo(1);
        assertThat(results.get(2).timeLimit()).isEqualTo(Duration.ofSeconds(120));
        assertThat(results.get(3).detail()).isEqualTo("the Python worker process died while running this block (exit code 137)");
        assertThat(results.get(3).exitCode()).isEqualTo(137);
        assertThat(results.get(4).detail()).isEqualTo("the analysis was cancelled while this block ran");
        // the text the model read is kept as it was, and the upgraded trace round-trips in today's shape
        assertThat(read.steps(Step.Execute.class).get(2).text()).isEqualTo("partial\n[Timeout]: execution exceeded 120 seconds");
        assertThat(json.fromJson(json.toJson(read))).isEqualTo(read);
    }

    @Test
    void writesSchemaTypeDiscriminatorsAndRelativePathsAsPlainStrings() {
        String text = json.toJson(SampleAnalyses.synthetic(dir.resolve("ws")));
        assertThat(text).startsWith("{\"schema\":\"deepanalyze.analysis/1\"")
                .contains("\"type\":\"analyze\"", "\"type\":\"execute\"", "\"path\":\"sales.png\"", "\"wallTime\":\"PT9S\"")
                .doesNotContain("\"answered\":", "\"image\":", "file:");
    }

    @Test
    void unknownMajorVersionFailsNamingTheVersion() {
        String text = json.toJson(SampleAnalyses.synthetic(dir.resolve("ws"))).replace("deepanalyze.analysis/1", "deepanalyze.analysis/2");
        assertThatThrownBy(() -> json.fromJson(text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("deepanalyze.analysis/2")
                .hasMessageContaining("major version 1 only");
    }

    @Test
    void minorVersionAndUnknownPropertiesAreAccepted() {
        Analysis original = SampleAnalyses.synthetic(dir.resolve("ws"));
        String text = json.toJson(original).replace("deepanalyze.analysis/1", "deepanalyze.analysis/1.3")
                .replace("\"rounds\":", "\"futureField\":true,\"rounds\":");
        assertThat(json.fromJson(text)).isEqualTo(original);
    }

    @Test
    void documentWithoutSchemaIsRejected() {
        assertThatThrownBy(() -> json.fromJson("{\"analysis\":{}}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no \"schema\"");
        assertThatThrownBy(() -> json.fromJson("[1]")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void oneInstanceServesConcurrentWriters() throws Exception {
        Analysis original = SampleAnalyses.synthetic(dir.resolve("ws"));
        var pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Analysis>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                futures.add(pool.submit((Callable<Analysis>) () -> json.fromJson(json.toJson(original))));
            }
            for (Future<Analysis> f : futures) {
                assertThat(f.get()).isEqualTo(original);
            }
        } finally {
            pool.shutdown();
        }
    }
}
