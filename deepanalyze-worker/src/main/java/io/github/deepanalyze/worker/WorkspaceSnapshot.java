package io.github.deepanalyze.worker;

import io.github.deepanalyze.Artifact;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Path to (size, modification time) of the regular files in a workspace, as the reference diffs
 * them around each block. Bounded so a block that writes a million files cannot stall the host.
 */
final class WorkspaceSnapshot {
    private static final int MAX_FILES = 20_000;
    private static final int MAX_DEPTH = 12;

    private final Path root;
    private final Map<Path, long[]> files;

    private WorkspaceSnapshot(Path root, Map<Path, long[]> files) {
        this.root = root;
        this.files = files;
    }

    static WorkspaceSnapshot take(Path root) {
        Map<Path, long[]> files = new HashMap<>();
        try {
            Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        files.put(root.relativize(file), new long[] {attrs.size(), attrs.lastModifiedTime().toMillis()});
                    }
                    return files.size() >= MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // an unreadable workspace yields no artifacts, not a failed block
        }
        return new WorkspaceSnapshot(root, files);
    }

    /** Files created or changed between {@code this} (before) and {@code after}. */
    List<Artifact> changesTo(WorkspaceSnapshot after, int round) {
        List<Artifact> out = new ArrayList<>();
        after.files.forEach((rel, now) -> {
            long[] was = files.get(rel);
            if (was == null || was[0] != now[0] || was[1] != now[1]) {
                out.add(new Artifact(rel, root.resolve(rel), now[0], mediaType(rel.getFileName().toString()),
                        was == null ? Artifact.Change.CREATED : Artifact.Change.MODIFIED, round));
            }
        });
        out.sort((a, b) -> a.path().toString().compareTo(b.path().toString()));
        return out;
    }

    static String mediaType(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        String ext = dot < 0 ? "" : n.substring(dot + 1);
        return switch (ext) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "svg" -> "image/svg+xml";
            case "webp" -> "image/webp";
            case "pdf" -> "application/pdf";
            case "csv" -> "text/csv";
            case "tsv" -> "text/tab-separated-values";
            case "txt", "log" -> "text/plain";
            case "md" -> "text/markdown";
            case "html", "htm" -> "text/html";
            case "json" -> "application/json";
            case "xlsx" -> "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            case "xls" -> "application/vnd.ms-excel";
            case "parquet" -> "application/vnd.apache.parquet";
            case "sqlite", "db" -> "application/vnd.sqlite3";
            default -> "application/octet-stream";
        };
    }
}
