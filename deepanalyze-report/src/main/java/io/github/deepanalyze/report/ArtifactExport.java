package io.github.deepanalyze.report;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.common.Artifact;
import io.github.deepanalyze.common.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Copies an analysis's artifacts out of its workspace, keeping their relative paths, so they
 * survive a {@code DELETE_*} {@link io.github.deepanalyze.WorkspaceRetention}. Call it when the
 * analysis returns (with {@code KEEP}) or from a listener's {@code onFinished}, which runs before
 * the workspace is deleted:
 *
 * <pre>{@code
 * AnalysisListener export = new AnalysisListener() {
 *     public void onFinished(AnalysisEvent.Finished e) {
 *         ArtifactExport.copy(e.analysis(), Path.of("out"));
 *     }
 * };
 * }</pre>
 *
 * <p>Stateless and thread-safe. Arguments must not be null.
 */
public final class ArtifactExport {
    private ArtifactExport() {
    }

    /**
     * Copies every artifact of {@code analysis} still present in its workspace into {@code dir}
     * (created if needed), replacing files of the same name there.
     *
     * @return the copies, in the analysis's artifact order; artifacts deleted since are skipped
     * @throws UncheckedIOException if {@code dir} cannot be created or written
     */
    public static List<Path> copy(Analysis analysis, Path dir) {
        Objects.requireNonNull(analysis, "analysis");
        return copy(analysis.artifacts(), dir);
    }

    /** As {@link #copy(Analysis, Path)}, for any artifacts (e.g. of several asks of a session). */
    public static List<Path> copy(Collection<Artifact> artifacts, Path dir) {
        Objects.requireNonNull(artifacts, "artifacts");
        Objects.requireNonNull(dir, "dir");
        Path target = dir.toAbsolutePath().normalize();
        List<Path> out = new ArrayList<>();
        try {
            Files.createDirectories(target);
            for (Artifact a : artifacts) {
                Path rel = a.path().normalize();
                Path dst = target.resolve(rel).normalize();
                if (rel.isAbsolute() || !dst.startsWith(target)) {
                    throw new InvalidInputException("Artifact path " + a.path() + " leaves the export directory "
                            + target + "; export only artifacts recorded by the engine");
                }
                // symlinks are not followed: model code could point one at any host file
                if (!Files.isRegularFile(a.absolutePath(), LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Files.createDirectories(dst.getParent());
                Files.copy(a.absolutePath(), dst, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
                out.add(dst);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot export artifacts to " + target + " (choose a writable directory)", e);
        }
        return List.copyOf(out);
    }
}
