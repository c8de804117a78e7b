package io.github.deepanalyze.core.internal.workspace;

import io.github.deepanalyze.common.Artifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The regular files of a workspace with their size and modification time, as the reference
 * environment records them before and after each code block; {@link #changesSince} turns two
 * snapshots into artifacts. Symlinks are not followed. Immutable.
 */
public final class WorkspaceSnapshot {
    /** Stop walking after this many files, so a block that writes 10^6 files cannot stall the loop. */
    static final int MAX_FILES = 20_000;

    private final Path root;
    private final Map<Path, Stamp> files;

    private WorkspaceSnapshot(Path root, Map<Path, Stamp> files) {
        this.root = root;
        this.files = files;
    }

    private record Stamp(long size, long modifiedNanos) {
    }

    /** Snapshots every regular file under {@code root} (recursively, symlinks not followed). */
    public static WorkspaceSnapshot of(Path root) {
        Map<Path, Stamp> files = new HashMap<>();
        try {
            Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), 16, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        long nanos = attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
                        files.put(root.relativize(file), new Stamp(attrs.size(), nanos));
                    }
                    return files.size() >= MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE; // vanished or unreadable: not an artifact
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list workspace " + root, e);
        }
        return new WorkspaceSnapshot(root, files);
    }

    /** Files present now that were absent, or differ in size or modification time, in {@code before}; sorted by path. */
    public List<Artifact> changesSince(WorkspaceSnapshot before, int round) {
        List<Artifact> out = new ArrayList<>();
        for (Map.Entry<Path, Stamp> e : files.entrySet()) {
            Stamp old = before.files.get(e.getKey());
            if (old != null && old.equals(e.getValue())) {
                continue;
            }
            Path rel = e.getKey();
            out.add(new Artifact(rel, root.resolve(rel), e.getValue().size(), MediaTypes.of(rel.getFileName().toString()),
                    old == null ? Artifact.Change.CREATED : Artifact.Change.MODIFIED, round));
        }
        out.sort((a, b) -> a.path().toString().compareTo(b.path().toString()));
        return out;
    }

    /** Number of files recorded. */
    public int size() {
        return files.size();
    }
}
