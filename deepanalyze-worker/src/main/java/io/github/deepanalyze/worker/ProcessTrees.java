package io.github.deepanalyze.worker;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Killing process trees and deleting scratch directories. Stateless. */
final class ProcessTrees {
    private ProcessTrees() {
    }

    /**
     * Kills every root and all their descendants at once, then waits until they are gone or
     * {@code wait} has passed. Descendants are listed before anything is killed, because once a
     * root dies its children are re-parented and no longer show up as its descendants. A second
     * pass catches processes forked while the first was running. Workers in their own PID
     * namespace are covered even for daemons that escaped the tree: the namespace's init dies with
     * the root and the kernel kills everything else in it.
     *
     * <p>The wait polls every few milliseconds and counts a zombie as gone (it holds no resources
     * and is reaped by whoever inherits it), so it ends as soon as the kernel has delivered the
     * signals; {@link ProcessHandle#onExit()} would poll a process that is not our child only
     * every 300 ms or more. An interrupt ends the wait early and stays set.
     */
    static void kill(Collection<ProcessHandle> roots, Duration wait) {
        Set<ProcessHandle> all = new LinkedHashSet<>(roots);
        for (int pass = 0; pass < 2; pass++) {
            // one scan of the process table per pass: ProcessHandle.descendants() would scan it once per process
            Map<Long, List<ProcessHandle>> children = childrenByParent();
            Set<ProcessHandle> tree = new LinkedHashSet<>();
            for (ProcessHandle h : all) {
                collect(h.pid(), children, tree);
            }
            tree.addAll(all);
            for (ProcessHandle h : tree) {
                h.destroyForcibly(); // a no-op for a process already gone; checks the start time against PID reuse
            }
            all.addAll(tree);
        }
        awaitGone(all, wait);
    }

    private static Map<Long, List<ProcessHandle>> childrenByParent() {
        Map<Long, List<ProcessHandle>> children = new HashMap<>();
        ProcessHandle.allProcesses().forEach(h -> h.parent()
                .ifPresent(p -> children.computeIfAbsent(p.pid(), k -> new ArrayList<>()).add(h)));
        return children;
    }

    private static void collect(long pid, Map<Long, List<ProcessHandle>> children, Set<ProcessHandle> into) {
        for (ProcessHandle child : children.getOrDefault(pid, List.of())) {
            if (into.add(child)) {
                collect(child.pid(), children, into);
            }
        }
    }

    private static void awaitGone(Collection<ProcessHandle> processes, Duration wait) {
        List<ProcessHandle> pending = new ArrayList<>(processes);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            pending.removeIf(ProcessTrees::gone);
            if (pending.isEmpty() || System.nanoTime() - deadline >= 0) {
                return;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // best effort: SIGKILL is delivered without us
                return;
            }
        }
    }

    /** Exited, or a zombie (Linux {@code /proc/<pid>/stat} state Z or X). */
    static boolean gone(ProcessHandle h) {
        if (!h.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
            int end = stat.lastIndexOf(')'); // the command name in parentheses may itself hold spaces and parentheses
            char state = end < 0 || end + 2 >= stat.length() ? '?' : stat.charAt(end + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return !h.isAlive(); // no /proc (not Linux) or the process vanished meanwhile
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
