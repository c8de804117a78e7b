package io.github.deepanalyze.data;

import io.github.deepanalyze.common.InvalidInputException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Entry point for data profiles with the default bounds ({@link DataProfiler#defaults()}):
 * {@code DataProfiles.of(Path.of("loans.csv")).toPromptText()}.
 *
 * <p>Stateless and thread-safe. Arguments must not be null.
 */
public final class DataProfiles {
    private DataProfiles() {
    }

    /**
     * The profile of one file. Never throws for a file that exists, whatever its content.
     *
     * @throws InvalidInputException if {@code path} does not exist or is a directory
     */
    public static DataProfile of(Path path) {
        return DataProfiler.defaults().profile(path);
    }

    /**
     * The profiles of many files, in the order given.
     *
     * @throws InvalidInputException if any path does not exist or is a directory
     */
    public static List<DataProfile> ofAll(Collection<Path> paths) {
        return DataProfiler.defaults().profileAll(paths);
    }
}
