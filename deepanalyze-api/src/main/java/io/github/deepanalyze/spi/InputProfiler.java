package io.github.deepanalyze.spi;

import io.github.deepanalyze.prompt.InputReport;
import java.nio.file.Path;

/**
 * SPI: inspects a staged input file once, before the first round, and reports what is wrong with
 * it for analysis (binary junk named {@code .csv}, a truncated workbook, a file named {@code .db}
 * that is not SQLite) and, optionally, a description a prompt profile can show the model. Found
 * with {@link java.util.ServiceLoader} ({@code deepanalyze-data} provides one);
 * {@code Analyst.builder().inputProfilers(...)} overrides the discovered set and
 * {@code noInputProfiling()} turns profiling off.
 *
 * <p>The engine emits each problem as a non-fatal {@code AnalysisEvent.Problem},
 * keeps them in {@code Analysis.inputNotes()}, and passes the reports to the
 * {@link io.github.deepanalyze.prompt.PromptProfile} on each {@link io.github.deepanalyze.prompt.DataFile};
 * the analysis always goes on, since the model's code may still read a file a profiler could not.
 *
 * <p>Implementations are thread-safe and must not modify the file.
 */
@FunctionalInterface
public interface InputProfiler {

    /**
     * Profiles {@code file} (a regular file in the workspace). Never null; a report with no problems
     * and no description when the file is not a format this profiler knows. An exception is reported
     * as a problem and does not stop the analysis.
     */
    InputReport profile(Path file);
}
