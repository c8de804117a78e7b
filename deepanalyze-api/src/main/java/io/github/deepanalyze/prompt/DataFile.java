package io.github.deepanalyze.prompt;

import java.util.List;
import java.util.Objects;

/**
 * An input file as the prompt describes it. Immutable and thread-safe.
 *
 * @param name the file name in the workspace
 * @param sizeBytes its size in bytes
 * @param reports what the input profilers ({@code InputProfiler}s) found in it, one per profiler in
 *        configuration order; empty when profiling is off, no profiler is installed, or the file was not an input
 *        of the conversation's first question; null is taken as empty
 */
public record DataFile(String name, long sizeBytes, List<InputReport> reports) {
    public DataFile {
        Objects.requireNonNull(name, "name");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must be >= 0: " + name);
        }
        reports = reports == null ? List.of() : List.copyOf(reports);
    }

    /** A file with no profiler reports. */
    public DataFile(String name, long sizeBytes) {
        this(name, sizeBytes, List.of());
    }

    /** A copy carrying {@code list} as its reports. */
    public DataFile withReports(List<InputReport> list) {
        return new DataFile(name, sizeBytes, list);
    }

    /** The first non-empty {@link InputReport#description()} of its reports, or empty. */
    public String description() {
        for (InputReport r : reports) {
            if (!r.description().isBlank()) {
                return r.description();
            }
        }
        return "";
    }
}
