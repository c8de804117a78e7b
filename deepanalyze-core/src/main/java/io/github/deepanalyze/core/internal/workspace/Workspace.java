package io.github.deepanalyze.core.internal.workspace;

import io.github.deepanalyze.common.InvalidInputException;
import io.github.deepanalyze.prompt.DataFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The directory one analysis runs in. Inputs are copied in (never linked), so model code can
 * neither modify nor delete a user's originals.
 *
 * <p>How inputs are staged, deliberately:
 * <ul>
 *   <li>Names are kept as they are (spaces, non-ASCII, leading dashes such as {@code -rf}): the
 *       model addresses files by name, and no executor passes a file name on a command line, so a
 *       name is never taken for an option. {@code ..} or an empty name cannot name a regular file.
 *   <li>Two inputs with the same name are rejected before anything is copied.
 *   <li>A symlink to a file is staged as a copy of its target (never a link that model code could
 *       follow back to the host); a symlink to a directory is rejected like a directory; a
 *       dangling one like a missing file.
 *   <li>Read-only originals give writable copies; the originals' permissions are untouched.
 *   <li>Large files are copied by the JDK's streaming copy (in the kernel on Linux), never read
 *       into the heap: about 7 s for 2 GiB on ext4. Hard links are deliberately not offered: a
 *       hard link shares the original's inode, so model code writing the "copy" would change the
 *       user's file.
 * </ul>
 *
 * <p>Not thread-safe; one analysis owns one workspace.
 */
public final class Workspace {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;

    private Workspace(Path dir) {
        this.dir = dir;
    }

    /** The workspace directory (absolute, real path). */
    public Path dir() {
        return dir;
    }

    /**
     * Checks every input before anything is copied, so a bad input fails fast and nothing is
     * half-staged.
     *
     * @throws InvalidInputException naming the input and the fix
     */
    public static void validateInputs(Collection<Path> files) {
        Map<String, Path> byName = new HashMap<>();
        for (Path p : files) {
            Path abs = p.toAbsolutePath().normalize();
            if (!Files.exists(abs)) {
                throw new InvalidInputException("Input file not found: " + abs
                        + " (check the path; relative paths resolve against " + Path.of("").toAbsolutePath() + ")");
            }
            if (Files.isDirectory(abs)) {
                throw new InvalidInputException("Input is a directory, not a file: " + abs
                        + " (pass the files inside it, e.g. via Files.list(dir))");
            }
            if (!Files.isRegularFile(abs)) {
                throw new InvalidInputException("Input is not a regular file: " + abs + " (pass data files only)");
            }
            if (!Files.isReadable(abs)) {
                throw new InvalidInputException("Input file is not readable: " + abs + " (check its permissions)");
            }
            Path fileName = abs.getFileName();
            String name = fileName == null ? "" : fileName.toString();
            Path previous = byName.putIfAbsent(name, abs);
            if (previous != null) {
                throw new InvalidInputException("Two inputs have the same file name '" + name + "': " + previous + " and " + abs
                        + ". The model sees files by name only; copy one under a different name first");
            }
        }
    }

    /**
     * Creates a fresh, empty workspace under {@code root} and copies {@code files} into it.
     *
     * @throws InvalidInputException if an input cannot be used (see {@link #validateInputs})
     * @throws UncheckedIOException if the workspace cannot be created or written
     */
    public static Workspace create(Path root, Collection<Path> files, Instant now) {
        validateInputs(files);
        Path dir;
        try {
            Files.createDirectories(root);
            String name = "da-" + STAMP.format(now) + "-" + Long.toHexString(RANDOM.nextLong() & 0xffffffffffL);
            dir = Files.createDirectory(root.resolve(name)).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a workspace under " + root
                    + " (set a writable directory with Analyst.builder().workspaceRoot(...))", e);
        }
        Workspace ws = new Workspace(dir);
        for (Path p : files) {
            Path src = p.toAbsolutePath().normalize();
            Path dst = dir.resolve(src.getFileName().toString());
            try {
                Files.copy(src, dst); // follows a symlinked input: the workspace gets the content, never a link
                dst.toFile().setWritable(true, true);
            } catch (IOException e) {
                ws.delete();
                throw new InvalidInputException("Cannot copy input " + src + " into the workspace: " + e.getMessage(), e);
            }
        }
        return ws;
    }

    /** Wraps an existing directory (e.g. to continue a conversation in it). */
    public static Workspace existing(Path dir) {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("Workspace directory does not exist: " + dir);
        }
        try {
            return new Workspace(dir.toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The regular files at the top level of the workspace, sorted by name in Unicode code-point
     * order (Python's string order), as the reference prompt lists them.
     */
    public List<DataFile> dataFiles() {
        List<DataFile> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile()) {
                    out.add(new DataFile(p.getFileName().toString(), a.size()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list workspace " + dir, e);
        }
        out.sort((x, y) -> compareCodePoints(x.name(), y.name()));
        return out;
    }

    /** Compares strings by Unicode code points (Python's order), unlike {@link String#compareTo}. */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Deletes the workspace and everything in it; symlinks are removed, never followed. Quiet on failure. */
    public boolean delete() {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
