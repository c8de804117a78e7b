package io.github.deepanalyze.worker;

import io.github.deepanalyze.Artifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a block changed in its workspace, seen from outside the executor (the engine, not the
 * executor, reports artifacts): files created or modified since a snapshot, sorted by path.
 */
final class WorkspaceChanges {
    private final Path dir;
    private final Map<Path, String> before;

    private WorkspaceChanges(Path dir) {
        this.dir = dir;
        this.before = state(dir);
    }

    static WorkspaceChanges snapshot(Path dir) {
        return new WorkspaceChanges(dir);
    }

    /** Files created or changed since the snapshot, as artifacts of {@code round}. */
    List<Artifact> since(int round) {
        List<Artifact> out = new ArrayList<>();
        state(dir).forEach((rel, stamp) -> {
            String old = before.get(rel);
            if (stamp.equals(old)) {
                return;
            }
            Path abs = dir.resolve(rel);
            String name = rel.toString();
            String type = name.endsWith(".png") ? "image/png" : name.endsWith(".csv") ? "text/csv" : "application/octet-stream";
            try {
                out.add(new Artifact(rel, abs, Files.size(abs), type,
                        old == null ? Artifact.Change.CREATED : Artifact.Change.MODIFIED, round));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return out;
    }

    private static Map<Path, String> state(Path dir) {
        Map<Path, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    m.put(dir.relativize(p), a.size() + "@" + a.lastModifiedTime());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }
}
