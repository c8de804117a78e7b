package io.github.deepanalyze;

import io.github.deepanalyze.execution.ExecutionResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One section of an analysis trace, in the order the model wrote it (or, for {@link Execute},
 * the order the environment answered). Closed family: switch over it with pattern matching.
 *
 * <p>All implementations are immutable records; {@link #text()} is the section's body exactly as
 * written, without the surrounding tags.
 */
public sealed interface Step permits Step.Analyze, Step.Understand, Step.Code, Step.Execute, Step.Answer {

    /** The 1-based model round (one model call) this step belongs to. */
    int round();

    /** The body of the section, without its tags. */
    String text();

    /** When the section started (first character received, or execution start). */
    Instant startedAt();

    /** How long the section took to stream (or to execute). */
    Duration duration();

    /** Which of the five tags this step is. */
    StepKind kind();

    /** Whether the section was closed by its end tag; {@code false} if the stream ended inside it. */
    default boolean complete() {
        return true;
    }

    /** {@code <Analyze>}: the model's plan and reasoning. Text before the first tag is treated as Analyze. */
    record Analyze(int round, String text, Instant startedAt, Duration duration, boolean complete) implements Step {
        public Analyze {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(duration, "duration");
        }

        @Override
        public StepKind kind() {
            return StepKind.ANALYZE;
        }
    }

    /** {@code <Understand>}: the model reading data or results. */
    record Understand(int round, String text, Instant startedAt, Duration duration, boolean complete) implements Step {
        public Understand {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(duration, "duration");
        }

        @Override
        public StepKind kind() {
            return StepKind.UNDERSTAND;
        }
    }

    /**
     * {@code <Code>}: a Python program to run.
     *
     * @param text the raw body between the tags
     * @param code the program actually run: the fenced block's content if the body has one, else the body
     */
    record Code(int round, String text, String code, Instant startedAt, Duration duration, boolean complete) implements Step {
        public Code {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(duration, "duration");
        }

        @Override
        public StepKind kind() {
            return StepKind.CODE;
        }
    }

    /**
     * {@code <Execute>}: the environment's answer to a code block, as sent back to the model.
     *
     * @param text exactly what the model was given between {@code <Execute>} tags
     * @param result the full, structured execution result (stdout, stderr, error, artifacts, timing)
     */
    record Execute(int round, String text, ExecutionResult result, Instant startedAt, Duration duration) implements Step {
        public Execute {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(duration, "duration");
        }

        @Override
        public StepKind kind() {
            return StepKind.EXECUTE;
        }
    }

    /** {@code <Answer>}: the final answer or report, in Markdown. */
    record Answer(int round, String text, Instant startedAt, Duration duration, boolean complete) implements Step {
        public Answer {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(duration, "duration");
        }

        @Override
        public StepKind kind() {
            return StepKind.ANSWER;
        }
    }
}
