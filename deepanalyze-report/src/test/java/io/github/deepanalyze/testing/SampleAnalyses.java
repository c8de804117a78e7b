package io.github.deepanalyze.testing;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisStatus;
import io.github.deepanalyze.Report;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.StepKind;
import io.github.deepanalyze.common.Artifact;
import io.github.deepanalyze.common.TokenUsage;
import io.github.deepanalyze.core.internal.protocol.ExecuteTurn;
import io.github.deepanalyze.execution.ExecutionResult;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Analyses built directly from the API records, for tests that must not depend on the loop: the
 * real recorded student-loan run (sections split from its transcript) and a small synthetic run
 * with a table, figures and CJK text.
 */
public final class SampleAnalyses {
    private static final Pattern OPEN = Pattern.compile("<(Analyze|Understand|Code|Execute|Answer)>");
    private static final Pattern FENCE = Pattern.compile("```(?:python)?\\s*\\n(.*?)```", Pattern.DOTALL);
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00.123456789Z");

    private SampleAnalyses() {
    }

    /** The recorded student-loan run, with {@code school_distribution.png} and {@code month_distribution.png} produced by its second block. */
    public static Analysis studentLoan(Path workspace) {
        String raw = Fixtures.studentLoanTrajectoryText();
        Artifact school = png(workspace, "school_distribution.png", 2, new Color(0x3366cc));
        Artifact month = png(workspace, "month_distribution.png", 2, new Color(0xdc3912));
        List<Step> steps = fromTranscript(raw, blockIndex -> blockIndex == 2 ? List.of(school, month) : List.of());
        int rounds = (int) steps.stream().filter(s -> s instanceof Step.Execute).count() + 1;
        String report = steps.stream().filter(s -> s instanceof Step.Answer).reduce((a, b) -> b).orElseThrow().text().strip();
        return new Analysis("Generate a data science report.", List.of("enrolled.csv", "person.csv"), workspace, steps,
                new Report(report), List.of(school, month), new TokenUsage(123_456, 9_876), rounds,
                Duration.ofSeconds(312, 5_000_000), AnalysisStatus.ANSWERED, "answered", raw);
    }

    /** A small run: one successful block drawing {@code sales.png}, one failing block, and a report with a table and CJK text. */
    public static Analysis synthetic(Path workspace) {
        Artifact chart = png(workspace, "sales.png", 1, new Color(0x109618));
        String code1 = "```python\nimport pandas as pd\ndf = pd.read_csv('sales.csv')\nprint(len(df))\nprint(df['revenue'].mean())\n"
                + "plt.savefig('sales.png')\n```";
        String out1 = "1194\n3456.789\n销售额 平均值 0.19597\n";
        String code2 = "```python\nprint(undefined_name)\n```";
        String traceback = "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\nNameError: name 'undefined_name' is not defined";
        String report = """
                # 销售分析 Sales Report

                ## Overview

                The data has 1,194 rows; mean revenue is 3,456.79 and 19.6% of sales are online. The model reaches 82.3% accuracy.

                | Region | Revenue | Share |
                |--------|--------:|------:|
                | 华东 East | 1,200.5 | 19.6% |
                | West | 800 | n/a |

                ![Sales by month](sales.png)

                ![Missing chart](missing.png)

                ### Details

                Answer: 1194
                """.strip();
        ExecutionResult r1 = ExecutionResult.success(out1, "", Duration.ofMillis(420)).withArtifacts(List.of(chart));
        ExecutionResult r2 = ExecutionResult.error("", "", traceback, Duration.ofMillis(30));
        List<Step> steps = List.of(
                new Step.Analyze(1, "Load the data and count rows.", T0, Duration.ofMillis(800), true),
                new Step.Code(1, "\n" + code1 + "\n", code1.substring(10, code1.length() - 4), T0.plusSeconds(1), Duration.ofMillis(900), true),
                new Step.Execute(1, ExecuteTurn.render(r1), r1, T0.plusSeconds(2), Duration.ofMillis(420)),
                new Step.Understand(2, "1194 rows; revenue averages 3456.789.", T0.plusSeconds(3), Duration.ofMillis(300), true),
                new Step.Code(2, "\n" + code2 + "\n", "print(undefined_name)", T0.plusSeconds(4), Duration.ofMillis(100), true),
                new Step.Execute(2, ExecuteTurn.render(r2), r2, T0.plusSeconds(5), Duration.ofMillis(30)),
                new Step.Answer(3, "\n" + report + "\n", T0.plusSeconds(6), Duration.ofSeconds(2), true));
        StringBuilder transcript = new StringBuilder();
        for (Step s : steps) {
            transcript.append(s.kind().openTag()).append(s.kind() == StepKind.EXECUTE ? "\n" + s.text() + "\n" : s.text())
                    .append(s.kind().closeTag()).append('\n');
        }
        return new Analysis("How are sales distributed?", List.of("sales.csv"), workspace, steps, new Report(report),
                List.of(chart), new TokenUsage(2000, 500), 3, Duration.ofSeconds(9), AnalysisStatus.ANSWERED, "answered",
                transcript.toString());
    }

    /** Splits a tagged transcript into steps; {@code artifacts} gives the artifacts of the i-th (1-based) Execute block. */
    static List<Step> fromTranscript(String raw, java.util.function.IntFunction<List<Artifact>> artifacts) {
        List<Step> steps = new ArrayList<>();
        Matcher m = OPEN.matcher(raw);
        int pos = 0;
        int round = 1;
        int executes = 0;
        Instant t = T0;
        while (m.find(pos)) {
            String tag = m.group(1);
            String close = "</" + tag + ">";
            int end = raw.indexOf(close, m.end());
            String body = raw.substring(m.end(), end);
            Duration d = Duration.ofMillis(10L * body.length());
            switch (tag) {
                case "Analyze" -> steps.add(new Step.Analyze(round, body, t, d, true));
                case "Understand" -> steps.add(new Step.Understand(round, body, t, d, true));
                case "Answer" -> steps.add(new Step.Answer(round, body, t, d, true));
                case "Code" -> {
                    Matcher f = FENCE.matcher(body);
                    steps.add(new Step.Code(round, body, f.find() ? f.group(1).strip() : body, t, d, true));
                }
                case "Execute" -> {
                    executes++;
                    String out = body.startsWith("\n") ? body.substring(1) : body;
                    out = out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
                    ExecutionResult r = ExecutionResult.success(out, "", d).withArtifacts(artifacts.apply(executes));
                    steps.add(new Step.Execute(round, out, r, t, d));
                    round++;
                }
                default -> throw new IllegalStateException(tag);
            }
            t = t.plus(d);
            pos = end + close.length();
        }
        return steps;
    }

    /** Writes a small real PNG into {@code workspace} and describes it as an artifact. */
    public static Artifact png(Path workspace, String name, int round, Color color) {
        try {
            Files.createDirectories(workspace);
            BufferedImage img = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, 120, 80);
            g.setColor(color);
            for (int i = 0; i < 5; i++) {
                g.fillRect(10 + i * 22, 70 - (i + 1) * 12, 16, (i + 1) * 12);
            }
            g.dispose();
            Path file = workspace.resolve(name);
            Files.createDirectories(file.getParent());
            ImageIO.write(img, "png", file.toFile());
            return new Artifact(Path.of(name), file.toAbsolutePath(), Files.size(file), "image/png", Artifact.Change.CREATED, round);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
