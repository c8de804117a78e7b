package io.github.deepanalyze.common;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file that model code created or changed in the workspace.
 *
 * @param path the file's path relative to the workspace, e.g. {@code school_distribution.png}
 * @param absolutePath where the file is on disk (inside the workspace; gone once the workspace is deleted)
 * @param size size in bytes after the block ran
 * @param mediaType a MIME type guessed from the name, e.g. {@code image/png}
 * @param change whether the block created the file or modified an existing one
 * @param round the round whose code block produced it
 */
public record Artifact(Path path, Path absolutePath, long size, String mediaType, Change change, int round) {
    public Artifact {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(absolutePath, "absolutePath");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(change, "change");
    }

    /** Whether this artifact is an image a report can embed. */
    public boolean isImage() {
        return mediaType.startsWith("image/");
    }

    /** How a block touched the file. */
    public enum Change {
        CREATED,
        MODIFIED
    }
}
