package io.github.deepanalyze.data;

import io.github.deepanalyze.prompt.InputReport;
import io.github.deepanalyze.spi.InputProfiler;
import java.nio.file.Path;

/**
 * The {@link InputProfiler} of {@code deepanalyze-data}, found by {@link java.util.ServiceLoader}:
 * profiles each staged input with {@link DataProfiler#defaults()} and reports the profile's
 * {@link DataProfile#problems()} (binary junk named {@code .csv}, ragged rows, a truncated
 * workbook, a {@code .db} that is not SQLite, …), with the {@link DataProfile} itself as the
 * report's detail and its {@link DataProfile#toPromptText()} as the description, which
 * {@link SchemaGroundedPrompt} shows the model instead of profiling the file again. Public only for
 * the service loader; an analysis with {@code deepanalyze-data} on the class path uses it unless the
 * builder sets other profilers.
 *
 * <p>Stateless and thread-safe.
 */
public final class DataInputProfiler implements InputProfiler {

    /** For the service loader. */
    public DataInputProfiler() {
    }

    @Override
    public InputReport profile(Path file) {
        DataProfile p = DataProfiler.defaults().profile(file);
        return new InputReport(String.valueOf(file.getFileName()), p.problems(), p.toPromptText(), p, InputProfiles.of(p));
    }

    @Override
    public String toString() {
        return "DataInputProfiler";
    }
}
