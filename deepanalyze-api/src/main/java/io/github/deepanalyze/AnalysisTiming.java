package io.github.deepanalyze;

import java.time.Duration;
import java.util.Objects;

/**
 * Where an analysis's wall time went, measured by the engine on the analyst's clock. The parts do
 * not add up to {@link Analysis#wallTime()}: the rest is the loop's own work (parsing, events,
 * artifact detection, listeners).
 *
 * <p>Immutable and thread-safe; no component is null or negative. {@link #EMPTY} (all zero) stands
 * for "not measured", e.g. in traces written before this record existed.
 *
 * @param staging copying the inputs into the workspace; for an {@link AnalysisSession}, charged to its first ask
 * @param profiling running the {@link io.github.deepanalyze.spi.InputProfiler}s over the inputs (first ask only)
 * @param model waiting for the language model, over all rounds
 * @param execution running code blocks, over all blocks, as in the {@link Step.Execute#duration()}s
 * @param waitingForExecutor waiting for the executor to hand out a session (starting an interpreter or worker)
 */
public record AnalysisTiming(Duration staging, Duration profiling, Duration model, Duration execution,
                             Duration waitingForExecutor) {

    /** Nothing measured. */
    public static final AnalysisTiming EMPTY = new AnalysisTiming(Duration.ZERO, Duration.ZERO, Duration.ZERO,
            Duration.ZERO, Duration.ZERO);

    public AnalysisTiming {
        check(staging, "staging");
        check(profiling, "profiling");
        check(model, "model");
        check(execution, "execution");
        check(waitingForExecutor, "waitingForExecutor");
    }

    private static void check(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
    }
}
