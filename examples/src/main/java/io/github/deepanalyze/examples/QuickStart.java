package io.github.deepanalyze.examples;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.Analyst;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.cli.ConsoleProgress;
import io.github.deepanalyze.core.model.OpenAiCompatibleModel;
import io.github.deepanalyze.core.model.ReplayModel;
import io.github.deepanalyze.model.LanguageModel;
import io.github.deepanalyze.report.ClaimCheck;
import io.github.deepanalyze.report.ReportDocument;
import io.github.deepanalyze.report.HtmlReport;
import io.github.deepanalyze.report.MarkdownBundle;
import io.github.deepanalyze.trace.AnalysisJson;
import io.github.deepanalyze.worker.CPythonExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The main example: a data science report on the student-loan data.
 *
 * <pre>
 * bash scripts/example.sh                                  # replay of the recorded DeepAnalyze-8B run
 * bash scripts/example.sh --model-url http://host:8000/v1  # live, against a served model
 * </pre>
 *
 * Options: {@code --model-url URL} (or env DEEPANALYZE_MODEL_URL), {@code --model NAME},
 * {@code --api-key KEY} (or env DEEPANALYZE_API_KEY), {@code --data DIR}, {@code -q QUESTION},
 * {@code --out DIR} (default {@code deepanalyze-output}).
 */
public final class QuickStart {
    /** The files of the recorded run's prompt (the reference example offered these ten). */
    static final List<String> RECORDED_FILES = List.of("bool.xlsx", "person.csv", "disabled.xlsx", "enlist.csv",
            "filed_for_bankrupcy.csv", "longest_absense_from_school.xlsx", "male.xlsx", "no_payment_due.xlsx",
            "unemployed.xlsx", "enrolled.csv");

    private QuickStart() {
    }

    public static void main(String[] args) throws IOException {
        String url = option(args, "--model-url", System.getenv("DEEPANALYZE_MODEL_URL"));
        String modelName = option(args, "--model", "DeepAnalyze-8B");
        String apiKey = option(args, "--api-key", System.getenv("DEEPANALYZE_API_KEY"));
        Path data = Path.of(option(args, "--data", "examples/data/student_loan"));
        String question = option(args, "-q", "Generate a data science report.");
        Path out = Path.of(option(args, "--out", "deepanalyze-output"));
        if (!Files.isDirectory(data)) {
            System.err.println("Data directory not found: " + data.toAbsolutePath() + " (run from the project root or pass --data DIR)");
            System.exit(2);
        }

        boolean replay = url == null || url.isBlank();
        LanguageModel model;
        List<Path> files = new ArrayList<>();
        if (replay) {
            Path trajectory = data.resolveSibling("student_loan-trajectory.md");
            System.out.println("""
                    REPLAY MODE: no --model-url given, so the model's turns come from the recorded DeepAnalyze-8B
                    run (%s). Every code block really runs, on the real data, in a CPython worker; the outputs
                    below are fresh. Pass --model-url http://host:8000/v1 to run live.
                    """.formatted(trajectory));
            model = ReplayModel.fromFile(trajectory).withStreaming(16, Duration.ofMillis(1));
            for (String f : RECORDED_FILES) {
                files.add(data.resolve(f));
            }
        } else {
            OpenAiCompatibleModel.Builder b = OpenAiCompatibleModel.builder().baseUrl(url).model(modelName);
            if (apiKey != null && !apiKey.isBlank()) {
                b.apiKey(apiKey);
            }
            model = b.build();
            try (Stream<Path> s = Files.list(data)) {
                s.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }

        try (CPythonExecutor executor = CPythonExecutor.builder().build();
             Analyst analyst = Analyst.builder().model(model).executor(executor).build()) {
            Analysis a = analyst.analyze(files, question, new ConsoleProgress(System.out));
            Files.createDirectories(out);
            Path markdown = MarkdownBundle.create().write(a, out);          // report.md + artifacts/
            HtmlReport.create().write(a, out.resolve("report.html"));       // self-contained, with the claim check
            AnalysisJson.create().write(a, out.resolve("analysis.json"));   // the whole trace, reads back equal
            ClaimCheck claims = ReportDocument.of(a).claims();
            long errors = a.steps(Step.Execute.class).stream().filter(e -> !e.result().isSuccess()).count();
            System.out.printf("%nStatus: %s (%s)%nRounds: %d, code blocks: %d (%d failed), artifacts: %d, wall time: %.1f s%n",
                    a.status(), a.reason(), a.rounds(), a.steps(Step.Code.class).size(), errors, a.artifacts().size(),
                    a.wallTime().toMillis() / 1000.0);
            System.out.printf("Report: %s (%s)%n        %s, trace %s%nClaim check: %s%nWorkspace: %s%n",
                    markdown.toAbsolutePath(), a.report().title(), out.resolve("report.html").toAbsolutePath(),
                    out.resolve("analysis.json").toAbsolutePath(), claims.summary(), a.workspace());
            System.exit(a.isAnswered() ? 0 : 1);
        }
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
