package io.github.deepanalyze.examples;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.Analyst;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.report.ConsoleProgress;
import io.github.deepanalyze.report.ClaimCheck;
import io.github.deepanalyze.report.HtmlReport;
import io.github.deepanalyze.report.MarkdownBundle;
import io.github.deepanalyze.report.ReportDocument;
import io.github.deepanalyze.trace.AnalysisJson;
import io.github.deepanalyze.worker.CPythonExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The main example: a data science report on the student-loan data.
 *
 * <pre>
 * bash scripts/example.sh                                  # replay of the recorded DeepAnalyze-8B run
 * bash scripts/example.sh --model-url http://host:8000/v1  # live, against a served model
 * </pre>
 *
 * Options: those of {@link ExampleOptions}, plus {@code --out DIR} (default {@code deepanalyze-output}).
 */
public final class QuickStart {

    private QuickStart() {
    }

    public static void main(String[] args) throws IOException {
        ExampleOptions options = ExampleOptions.parse(args, "Generate a data science report.");
        Path out = Path.of(ExampleOptions.option(args, "--out", "deepanalyze-output"));
        options.printMode(System.out, "the recorded DeepAnalyze-8B run (" + options.recordedRun() + ")");

        try (CPythonExecutor executor = CPythonExecutor.builder().build();
             Analyst analyst = Analyst.builder().model(options.model(options.recordedRun())).executor(executor).build()) {
            Analysis a = analyst.analyze(options.files(ExampleOptions.RECORDED_FILES), options.question(),
                    new ConsoleProgress(System.out));
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
}
