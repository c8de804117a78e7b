package io.github.deepanalyze.prompt;

import java.util.Objects;

/**
 * An input file as the prompt describes it.
 *
 * @param name the file name in the workspace
 * @param sizeBytes its size in bytes
 */
public record DataFile(String name, long sizeBytes) {
    public DataFile {
        Objects.requireNonNull(name, "name");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must be >= 0: " + name);
        }
    }
}
