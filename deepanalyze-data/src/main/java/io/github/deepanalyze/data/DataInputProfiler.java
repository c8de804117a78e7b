package io.github.deepanalyze.data;

import io.github.deepanalyze.spi.InputProfiler;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@link InputProfiler} of {@code deepanalyze-data}, found by {@link java.util.ServiceLoader}:
 * profiles each staged input with {@link DataProfiler#defaults()} and reports the profile's
 * {@link DataProfile#problems()} (binary junk named {@code .csv}, ragged rows, a truncated
 * workbook, a {@code .db} that is not SQLite, …). Public only for the service loader; an analysis
 * with {@code deepanalyze-data} on the class path uses it unless the builder sets other profilers.
 *
 * <p>Stateless and thread-safe.
 */
public final class DataInputProfiler implements InputProfiler {

    /** For the service loader. */
    public DataInputProfiler() {
    }

    @Override
    public List<String> problems(Path file) {
        return DataProfiler.defaults().profile(file).problems();
    }

    @Override
    public String toString() {
        return "DataInputProfiler";
    }
}
