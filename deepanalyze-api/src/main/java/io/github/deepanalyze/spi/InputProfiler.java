package io.github.deepanalyze.spi;

import java.nio.file.Path;
import java.util.List;

/**
 * SPI: inspects a staged input file before the first round and reports what is wrong with it
 * for analysis (binary junk named {@code .csv}, a truncated workbook, a file named {@code .db}
 * that is not SQLite). Found with {@link java.util.ServiceLoader} ({@code deepanalyze-data}
 * provides one); {@code Analyst.builder().inputProfilers(...)} overrides the discovered set.
 *
 * <p>The engine emits each problem as a non-fatal {@link io.github.deepanalyze.AnalysisEvent.Problem}
 * and keeps them in {@link io.github.deepanalyze.Analysis#inputNotes()}; the analysis always goes
 * on, since the model's code may still read a file a profiler could not.
 *
 * <p>Implementations are thread-safe and must not modify the file.
 */
@FunctionalInterface
public interface InputProfiler {

    /**
     * Problems found in {@code file} (a regular file in the workspace), each a sentence naming the
     * file and what to do; empty when the file looks usable or is not a format this profiler knows.
     * Never null. An exception is reported as a problem and does not stop the analysis.
     */
    List<String> problems(Path file);
}
