package io.github.deepanalyze;

import io.github.deepanalyze.common.Artifact;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Something that happened during an analysis, delivered to {@link AnalysisListener}s as it
 * happens. Closed family; every event carries the time it happened.
 */
public sealed interface AnalysisEvent {

    /** When the event happened, on the analyst's clock. */
    Instant at();

    /** The analysis started: inputs are staged in the workspace. */
    record Started(Instant at, String question, List<String> files, Path workspace) implements AnalysisEvent {
        public Started {
            files = List.copyOf(files);
        }
    }

    /** A model call is about to be made. */
    record RoundStarted(Instant at, int round) implements AnalysisEvent {
    }

    /** The model streamed more text inside a section of kind {@code kind}. */
    record TextDelta(Instant at, int round, StepKind kind, String text) implements AnalysisEvent {
        public TextDelta {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
        }
    }

    /** A step is complete (its closing tag arrived, the stream ended, or its execution finished). */
    record StepCompleted(Instant at, Step step) implements AnalysisEvent {
    }

    /** A code block is about to run. */
    record CodeStarting(Instant at, Step.Code code) implements AnalysisEvent {
    }

    /** A code block finished running (successfully or not). */
    record ExecutionFinished(Instant at, Step.Execute execute) implements AnalysisEvent {
    }

    /** A code block created or changed a file in the workspace. */
    record ArtifactCreated(Instant at, Artifact artifact) implements AnalysisEvent {
    }

    /** The model produced its final answer. */
    record Answered(Instant at, Report report) implements AnalysisEvent {
    }

    /**
     * Something went wrong but the analysis handles it (a retried model call, a truncated output,
     * an empty round) or it ends the analysis; {@code fatal} says which.
     */
    record Problem(Instant at, String message, boolean fatal) implements AnalysisEvent {
    }

    /** The analysis ended; {@code analysis} is the final result, whatever the status. */
    record Finished(Instant at, Analysis analysis) implements AnalysisEvent {
    }
}
