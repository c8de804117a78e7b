package io.github.deepanalyze;

/**
 * Receives the events of one analysis as they happen, on the thread running the analysis.
 * Override {@link #onEvent} to see everything, or the per-phase methods for what you need; all
 * have no-op defaults.
 *
 * <p>A listener that throws never breaks a run: the exception (an {@link AssertionError} too) is
 * logged and the run goes on.
 * Listeners are called sequentially for one analysis; a listener shared by concurrent analyses
 * must be thread-safe.
 */
public interface AnalysisListener {

    /** A listener that ignores everything. */
    AnalysisListener NONE = new AnalysisListener() { };

    /** Dispatches to the per-phase methods. Override to receive every event in one place. */
    default void onEvent(AnalysisEvent event) {
        switch (event) {
            case AnalysisEvent.Started e -> onStarted(e);
            case AnalysisEvent.RoundStarted e -> onRoundStarted(e);
            case AnalysisEvent.TextDelta e -> onTextDelta(e);
            case AnalysisEvent.StepCompleted e -> onStepCompleted(e);
            case AnalysisEvent.CodeStarting e -> onCodeStarting(e);
            case AnalysisEvent.ExecutionFinished e -> onExecutionFinished(e);
            case AnalysisEvent.ArtifactCreated e -> onArtifactCreated(e);
            case AnalysisEvent.Answered e -> onAnswered(e);
            case AnalysisEvent.Problem e -> onProblem(e);
            case AnalysisEvent.Finished e -> onFinished(e);
        }
    }

    default void onStarted(AnalysisEvent.Started event) {
    }

    default void onRoundStarted(AnalysisEvent.RoundStarted event) {
    }

    default void onTextDelta(AnalysisEvent.TextDelta event) {
    }

    default void onStepCompleted(AnalysisEvent.StepCompleted event) {
    }

    default void onCodeStarting(AnalysisEvent.CodeStarting event) {
    }

    default void onExecutionFinished(AnalysisEvent.ExecutionFinished event) {
    }

    default void onArtifactCreated(AnalysisEvent.ArtifactCreated event) {
    }

    default void onAnswered(AnalysisEvent.Answered event) {
    }

    default void onProblem(AnalysisEvent.Problem event) {
    }

    default void onFinished(AnalysisEvent.Finished event) {
    }

    /** A listener that passes every event to {@code consumer}, e.g. {@code AnalysisListener.of(events::add)}. */
    static AnalysisListener of(java.util.function.Consumer<? super AnalysisEvent> consumer) {
        java.util.Objects.requireNonNull(consumer, "consumer");
        return new AnalysisListener() {
            @Override
            public void onEvent(AnalysisEvent event) {
                consumer.accept(event);
            }
        };
    }

    /**
     * A listener that forwards every event to each of {@code listeners} in order, isolating
     * failures: one that throws (a {@link RuntimeException} or an {@link Error} other than a
     * {@link VirtualMachineError}) is logged through {@link System.Logger} at {@code WARNING} and the
     * others still receive the event.
     *
     * @throws NullPointerException if {@code listeners} or one of its elements is null
     */
    static AnalysisListener composite(AnalysisListener... listeners) {
        AnalysisListener[] copy = listeners.clone();
        for (AnalysisListener l : copy) {
            java.util.Objects.requireNonNull(l, "listeners contains null");
        }
        return new AnalysisListener() {
            @Override
            public void onEvent(AnalysisEvent event) {
                for (AnalysisListener l : copy) {
                    try {
                        l.onEvent(event);
                    } catch (VirtualMachineError fatal) {
                        throw fatal;
                    } catch (RuntimeException | Error e) {
                        // a broken listener must not break the run or starve the others; say so, though
                        System.getLogger(AnalysisListener.class.getName()).log(System.Logger.Level.WARNING,
                                "AnalysisListener " + l.getClass().getName() + " threw on "
                                        + event.getClass().getSimpleName() + "; ignoring it", e);
                    }
                }
            }
        };
    }
}
