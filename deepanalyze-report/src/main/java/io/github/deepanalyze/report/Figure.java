package io.github.deepanalyze.report;

import io.github.deepanalyze.common.Artifact;
import java.util.Objects;
import java.util.Optional;

/**
 * An image the report refers to, e.g. {@code ![Distribution](school_distribution.png)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param alt the image's alt text (never {@code null})
 * @param destination the reference exactly as written (never {@code null})
 * @param artifact the workspace artifact it refers to, or {@code null} when the run produced no such file
 */
public record Figure(String alt, String destination, Artifact artifact) {
    public Figure {
        Objects.requireNonNull(alt, "alt");
        Objects.requireNonNull(destination, "destination");
    }

    /** The artifact, if the reference resolves to one. */
    public Optional<Artifact> resolved() {
        return Optional.ofNullable(artifact);
    }

    /** Whether the reference is a URL with a scheme ({@code https:}, {@code data:}) rather than a workspace file. */
    public boolean isExternal() {
        return destination.matches("(?i)^[a-z][a-z0-9+.-]*:.*") && !destination.matches("(?i)^[a-z]:[\\\\/].*");
    }

    /** Whether the reference names a workspace file that the run did not produce. */
    public boolean isMissing() {
        return artifact == null && !isExternal();
    }
}
