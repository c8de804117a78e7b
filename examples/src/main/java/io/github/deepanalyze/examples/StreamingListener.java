package io.github.deepanalyze.examples;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisEvent;
import io.github.deepanalyze.AnalysisListener;
import io.github.deepanalyze.Analyst;
import io.github.deepanalyze.StepKind;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.worker.CPythonExecutor;
import java.io.PrintStream;

/**
 * Prints the model's text live as it streams, section by section, plus what the executor does.
 *
 * <pre>
 * java -cp "examples/target/classes:examples/target/lib/*" io.github.deepanalyze.examples.StreamingListener
 * ... io.github.deepanalyze.examples.StreamingListener --model-url http://localhost:8000/v1
 * </pre>
 *
 * <p>The interesting part is {@link Printer}: an {@link AnalysisListener} receives
 * {@link AnalysisEvent.TextDelta} events carrying a few characters each, tagged with the section
 * ({@link StepKind}) they belong to. Printing a header whenever the section changes gives a
 * readable live transcript; execution results and artifacts arrive as their own events.
 * Same options as {@link ExampleOptions}.
 */
public final class StreamingListener {

    private StreamingListener() {
    }

    public static void main(String[] args) {
        ExampleOptions options = ExampleOptions.parse(args, "Generate a data science report.");
        options.printMode(System.out, "the recorded DeepAnalyze-8B run (" + options.recordedRun() + ")");
        try (CPythonExecutor executor = CPythonExecutor.builder().build();
             Analyst analyst = Analyst.builder().model(options.model(options.recordedRun())).executor(executor).build()) {
            Analysis a = analyst.analyze(options.files(ExampleOptions.RECORDED_FILES), options.question(),
                    new Printer(System.out));
            System.out.printf("%n%s after %d rounds, %.1f s; %d artifacts in %s%n", a.status(), a.rounds(),
                    a.wallTime().toMillis() / 1000.0, a.artifacts().size(), a.workspace());
        }
    }

    /**
     * Streams an analysis to a {@link PrintStream}: a {@code ── <Tag> (round n)} header when a new
     * section starts, then its text as it arrives. Events of one analysis are delivered in order on
     * one thread at a time, so the plain fields below need no locking. Use one instance per analysis.
     */
    static final class Printer implements AnalysisListener {
        private static final int MAX_OUTPUT_LINES = 12;
        private final PrintStream out;
        private StepKind section;   // the section whose text is being printed, or null
        private int round;
        private boolean atLineStart = true;
        private boolean sectionStart;  // nothing of the current section printed yet

        Printer(PrintStream out) {
            this.out = out;
        }

        @Override
        public void onStarted(AnalysisEvent.Started e) {
            out.printf("Question: %s%nFiles: %s%nWorkspace: %s%n", e.question(), e.files(), e.workspace());
        }

        @Override
        public void onTextDelta(AnalysisEvent.TextDelta e) {
            if (e.kind() != section || e.round() != round) {       // a new section starts: print its header
                section = e.kind();
                round = e.round();
                header(e.kind().openTag() + " (round " + e.round() + ")");
                sectionStart = true;
            }
            String text = sectionStart ? e.text().replaceFirst("^\n+", "") : e.text(); // no blank line under a header
            if (text.isEmpty()) {
                return;
            }
            out.print(text);
            sectionStart = false;
            atLineStart = text.endsWith("\n");
            out.flush();
        }

        @Override
        public void onCodeStarting(AnalysisEvent.CodeStarting e) {
            header("running " + e.code().code().lines().count() + " lines of Python");
        }

        @Override
        public void onExecutionFinished(AnalysisEvent.ExecutionFinished e) {
            ExecutionResult r = e.execute().result();
            header(StepKind.EXECUTE.openTag() + " " + r.outcome() + " in " + r.duration().toMillis() + " ms");
            // The text the model gets back (stdout, stderr, error); long outputs shortened here for the console.
            var lines = e.execute().text().strip().lines().toList();
            lines.stream().limit(MAX_OUTPUT_LINES).forEach(l -> out.println("  | " + l));
            if (lines.size() > MAX_OUTPUT_LINES) {
                out.println("  | ... " + (lines.size() - MAX_OUTPUT_LINES) + " more lines");
            }
        }

        @Override
        public void onArtifactCreated(AnalysisEvent.ArtifactCreated e) {
            out.printf("  + artifact %s (%s, %,d bytes)%n", e.artifact().path(), e.artifact().mediaType(), e.artifact().size());
        }

        @Override
        public void onProblem(AnalysisEvent.Problem e) {
            if (!atLineStart) {
                out.println();
            }
            out.println((e.fatal() ? "!! STOPPED: " : "!! note: ") + e.message());
            atLineStart = true;
        }

        private void header(String title) {
            if (!atLineStart) {
                out.println();
            }
            out.println("── " + title + " " + "─".repeat(Math.max(3, 60 - title.length())));
            atLineStart = true;
        }
    }
}
