package io.github.deepanalyze.worker;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * matplotlib's font list for confined workers. matplotlib only uses a cache directory it can write,
 * so a shared read-only one would make every worker rebuild its font list (about a second); and a
 * shared writable one would let one analysis plant fonts for the next. Instead each worker gets a
 * private copy of the executor's cache, and the executor keeps the first list a worker built, copied
 * right after that worker became ready, before any model code ran in it. Stateless; thread-safe
 * (concurrent first workers may both build the list, which is harmless).
 */
final class MatplotlibCache {
    private MatplotlibCache() {
    }

    /** Copies the shared font lists (if any) into a worker's own config directory. */
    static void seed(Path shared, Path worker) throws IOException {
        copyFontLists(shared, worker);
    }

    /** Keeps the font list a fresh worker built, when the executor has none yet. */
    static void keep(Path worker, Path shared) {
        try {
            if (!hasFontList(shared)) {
                copyFontLists(worker, shared);
            }
        } catch (IOException e) {
            // the next worker builds its own list again: slower, not wrong
        }
    }

    private static boolean hasFontList(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "fontlist*.json")) {
            return ds.iterator().hasNext();
        }
    }

    private static void copyFontLists(Path from, Path to) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(from, "fontlist*.json")) {
            for (Path f : ds) {
                if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    // copy, then rename: a worker starting meanwhile never reads half a file
                    Path part = Files.createTempFile(to, ".fontlist", ".part");
                    Files.copy(f, part, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(part, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                }
            }
        }
    }
}
