package io.github.deepanalyze.worker;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Killing process trees and deleting scratch directories. Stateless. */
final class ProcessTrees {
    private ProcessTrees() {
    }

    /**
     * Kills {@code root} and all its descendants. Descendants are listed before anything is killed,
     * because once the root dies its children are re-parented and no longer show up as its
     * descendants. A second pass catches processes forked while the first was running. Workers in
     * their own PID namespace are covered even for daemons that escaped the tree: the namespace's
     * init dies with the root and the kernel kills everything else in it.
     */
    static void kill(ProcessHandle root, Duration wait) {
        Set<ProcessHandle> all = new LinkedHashSet<>();
        for (int pass = 0; pass < 2; pass++) {
            List<ProcessHandle> batch = new ArrayList<>();
            batch.add(root);
            for (ProcessHandle h : new ArrayList<>(all)) {
                h.descendants().forEach(batch::add);
            }
            root.descendants().forEach(batch::add);
            for (ProcessHandle h : batch) {
                if (all.add(h)) {
                    h.destroyForcibly();
                }
            }
        }
        long deadline = System.nanoTime() + wait.toNanos();
        for (ProcessHandle h : all) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception ignored) {
                // best effort: the kernel delivers SIGKILL; a zombie is reaped by its parent
            }
        }
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // leftovers in the system temp dir are harmless; never fail a close over them
        }
    }
}
