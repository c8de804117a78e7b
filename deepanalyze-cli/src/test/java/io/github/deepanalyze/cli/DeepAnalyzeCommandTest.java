package io.github.deepanalyze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeepAnalyzeCommandTest {
    @TempDir
    Path tmp;

    private String captureOut(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void analyzesFilesWithAReplayedModelAndWritesTheReportFolder() throws Exception {
        Path csv = Files.writeString(tmp.resolve("sales.csv"), "region,amount\nnorth,10\nsouth,20\nnorth,5\n");
        Path trajectory = Files.writeString(tmp.resolve("run.md"), """
                <Analyze>Sum amounts per region.</Analyze>
                <Code>
                ```python
                import csv
                totals = {}
                for row in csv.DictReader(open('sales.csv')):
                    totals[row['region']] = totals.get(row['region'], 0) + int(row['amount'])
                print(totals)
                open('totals.txt', 'w').write(str(totals))
                ```
                </Code>
                <Execute>
                {'north': 15, 'south': 20}
                </Execute>
                <Answer>
                # Totals
                North sold 15 and south 20.
                </Answer>
                """);
        Path out = tmp.resolve("report");
        int[] code = new int[1];
        String stdout = captureOut(() -> code[0] = DeepAnalyzeCommand.run("analyze", csv.toString(), "-q", "Totals per region?",
                "--replay", trajectory.toString(), "--executor", "graalpy", "-o", out.toString(), "--quiet"));

        assertThat(code[0]).isEqualTo(DeepAnalyzeCommand.ANSWERED);
        assertThat(stdout.strip()).isEqualTo(out.resolve("report.md").toAbsolutePath().toString());
        assertThat(out.resolve("report.md")).content().contains("North sold 15");
        assertThat(out.resolve("report.html")).content().contains("Totals");
        assertThat(out.resolve("analysis.json")).content().contains("{'north': 15, 'south': 20}");
        assertThat(out.resolve("events.jsonl")).content().contains("\"type\":\"finished\"");
    }

    @Test
    void autoRunsTheModelsPandasCodeOnAnExecutorThatHasPandas() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs /usr/bin/python3");
        Path csv = Files.writeString(tmp.resolve("sales.csv"), "region,amount\nnorth,10\nsouth,20\nnorth,5\n");
        Path trajectory = Files.writeString(tmp.resolve("run.md"), """
                <Analyze>Sum amounts per region.</Analyze>
                <Code>
                ```python
                import pandas as pd
                print(pd.read_csv('sales.csv').groupby('region')['amount'].sum().to_dict())
                ```
                </Code>
                <Execute>
                {'north': 15, 'south': 20}
                </Execute>
                <Answer>North sold 15 and south 20.</Answer>
                """);
        Path out = tmp.resolve("report");
        int[] code = new int[1];
        captureOut(() -> code[0] = DeepAnalyzeCommand.run("analyze", csv.toString(), "-q", "Totals per region?",
                "--replay", trajectory.toString(), "-o", out.toString(), "--quiet"));

        // no --executor: not the in-process GraalPy (no pandas) but the most isolated executor that has it
        assertThat(code[0]).isEqualTo(DeepAnalyzeCommand.ANSWERED);
        assertThat(out.resolve("analysis.json")).content().contains("{'north': 15, 'south': 20}")
                .doesNotContain("ModuleNotFoundError");
    }

    @Test
    void explainsAMissingModelWithUsageExitCode() throws Exception {
        Path csv = Files.writeString(tmp.resolve("a.csv"), "x\n1\n");
        assertThat(DeepAnalyzeCommand.run("analyze", csv.toString(), "-q", "q", "--model-url", "", "-o",
                tmp.resolve("o").toString())).isEqualTo(DeepAnalyzeCommand.USAGE);
        assertThat(DeepAnalyzeCommand.run("analyze", csv.toString())).isEqualTo(DeepAnalyzeCommand.USAGE); // no -q
    }

    @Test
    void reportsAnUnusableInputFileWithItsOwnExitCode() {
        int code = DeepAnalyzeCommand.run("analyze", tmp.resolve("missing.csv").toString(), "-q", "q",
                "--replay", tmp.resolve("missing.md").toString(), "--executor", "graalpy", "-o", tmp.resolve("o").toString());
        assertThat(code).isEqualTo(DeepAnalyzeCommand.BAD_INPUT);
    }

    @Test
    void helpTeachesTheCommands() {
        String help = captureOut(() -> DeepAnalyzeCommand.run("--help"));
        assertThat(help).contains("analyze").contains("profile").contains("Exit codes");
        String analyzeHelp = captureOut(() -> DeepAnalyzeCommand.run("analyze", "--help"));
        assertThat(analyzeHelp).contains("--model-url").contains("--replay").contains("--executor");
    }

    @Test
    void profilesFilesWithoutAModel() throws Exception {
        Path csv = Files.writeString(tmp.resolve("a.csv"), "name,age\nann,31\nbob,42\n");
        String out = captureOut(() -> assertThat(DeepAnalyzeCommand.run("profile", csv.toString())).isZero());
        assertThat(out).contains("a.csv").contains("age");
    }

    @Test
    void parsesHumanDurations() {
        assertThat(DeepAnalyzeCommand.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DeepAnalyzeCommand.parseDuration("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(DeepAnalyzeCommand.parseDuration("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThat(DeepAnalyzeCommand.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    }
}
