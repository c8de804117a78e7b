package io.github.deepanalyze.report;

import io.github.deepanalyze.AnalysisEvent;
import io.github.deepanalyze.AnalysisListener;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.execution.ExecutionResult;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * Prints an analysis as it happens: one line per step with the round and elapsed time, code
 * blocks as they start, execution outcomes with the first lines of output, artifacts.
 * Not thread-safe: use one instance per analysis.
 */
public final class ConsoleProgress implements AnalysisListener {
    private final PrintStream out;
    private Instant started;

    public ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onStarted(AnalysisEvent.Started e) {
        started = e.at();
        out.printf("Analysing %d file(s) in %s%nQuestion: %s%n", e.files().size(), e.workspace(), e.question());
    }

    @Override
    public void onStepCompleted(AnalysisEvent.StepCompleted e) {
        Step s = e.step();
        if (s instanceof Step.Execute || s instanceof Step.Code) {
            return; // shown by onCodeStarting / onExecutionFinished
        }
        out.printf("[%s round %2d] %-10s %s%n", elapsed(e.at()), s.round(), s.kind(), firstLine(s.text()));
    }

    @Override
    public void onCodeStarting(AnalysisEvent.CodeStarting e) {
        long lines = e.code().code().lines().count();
        out.printf("[%s round %2d] %-10s running %d lines of Python: %s%n", elapsed(e.at()), e.code().round(), "CODE", lines,
                firstLine(e.code().code()));
    }

    @Override
    public void onExecutionFinished(AnalysisEvent.ExecutionFinished e) {
        ExecutionResult r = e.execute().result();
        out.printf("[%s round %2d] %-10s %s in %d ms: %s%n", elapsed(e.at()), e.execute().round(), "EXECUTE", r.outcome(),
                r.duration().toMillis(), firstLine(e.execute().text()));
    }

    @Override
    public void onArtifactCreated(AnalysisEvent.ArtifactCreated e) {
        out.printf("%20s artifact %s (%s, %,d bytes)%n", "", e.artifact().path(), e.artifact().mediaType(), e.artifact().size());
    }

    @Override
    public void onProblem(AnalysisEvent.Problem e) {
        out.printf("[%s] %s: %s%n", elapsed(e.at()), e.fatal() ? "STOPPED" : "note", e.message());
    }

    private String elapsed(Instant at) {
        if (started == null) {
            return "  0.0s";
        }
        Duration d = Duration.between(started, at);
        return String.format("%5.1fs", d.toMillis() / 1000.0);
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().filter(l -> !l.isBlank() && !l.startsWith("```")).findFirst().orElse("");
        return line.length() > 90 ? line.substring(0, 87) + "..." : line;
    }
}
