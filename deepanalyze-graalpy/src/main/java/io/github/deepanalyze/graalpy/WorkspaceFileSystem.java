package io.github.deepanalyze.graalpy;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.graalvm.polyglot.io.FileSystem;

/**
 * The only file system a sandboxed context sees: read-write inside the bound workspace, read-only
 * in the GraalPy language home and in the configured extra Python path entries, nothing anywhere
 * else.
 *
 * <p>Every path is made absolute, normalized and, where it exists, resolved with
 * {@link Path#toRealPath}, so {@code ..} segments and symbolic links (including links the model
 * or anybody else planted in the workspace) cannot lead outside. A path that does not exist yet is
 * judged by the real path of its nearest existing ancestor. Denials are {@link SecurityException}s,
 * which Python sees as {@code PermissionError}.
 *
 * <p>The stock {@link FileSystem#allowLanguageHomeAccess} forwards the language home read-write,
 * letting guest code rewrite the shared standard library; here it is wrapped in
 * {@link FileSystem#newReadOnlyFileSystem}.
 *
 * <p>The workspace is bound after construction ({@link #bind}), so contexts can be created and
 * warmed up in a pool before anyone knows which analysis will use them; until then all host paths
 * outside the language home are denied. Thread-safe (volatile root, one binding per context).
 */
final class WorkspaceFileSystem implements FileSystem {
    private final FileSystem host = FileSystem.newDefaultFileSystem();
    private final FileSystem home = FileSystem.newReadOnlyFileSystem(
            FileSystem.allowInternalResourceAccess(FileSystem.allowLanguageHomeAccess(FileSystem.newDenyIOFileSystem())));
    private final List<Path> readOnlyRoots;
    private volatile Path root;
    private volatile Path cwd;

    /** @param readOnlyRoots real paths of extra directories or zip files the guest may read (Python path entries) */
    WorkspaceFileSystem(List<Path> readOnlyRoots) {
        this.readOnlyRoots = List.copyOf(readOnlyRoots);
    }

    /** Binds the workspace (a real path); may be called once per context. */
    void bind(Path workspaceRealPath) {
        if (root != null) {
            throw new IllegalStateException("workspace already bound to " + root);
        }
        root = workspaceRealPath;
        cwd = workspaceRealPath;
    }

    Path root() {
        return root;
    }

    /**
     * Resolves {@code path} the way guest file access would and checks that it lies in the
     * workspace; used by the Java-backed sqlite3 and Excel readers.
     *
     * @throws SecurityException if it does not
     */
    Path checkWorkspacePath(Path path) {
        Path abs = toAbsolutePath(path);
        if (zone(abs) != Zone.WORKSPACE) {
            throw denied(path);
        }
        return abs;
    }

    private enum Zone { WORKSPACE, READ_ONLY, HOME }

    private Zone zone(Path absolute) {
        Path p = absolute.normalize();
        Path r = root;
        if (r != null && p.startsWith(r)) {
            if (!realPathOf(p).startsWith(r)) {
                throw denied(absolute);
            }
            return Zone.WORKSPACE;
        }
        for (Path ro : readOnlyRoots) {
            if (p.startsWith(ro)) {
                if (!realPathOf(p).startsWith(ro)) {
                    throw denied(absolute);
                }
                return Zone.READ_ONLY;
            }
        }
        return Zone.HOME;
    }

    /** The real path of {@code p}, or of its nearest existing ancestor joined with the rest. */
    private static Path realPathOf(Path p) {
        Path existing = p;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return p;
        }
        try {
            Path real = existing.toRealPath();
            return real.resolve(existing.relativize(p)).normalize();
        } catch (IOException e) {
            // a dangling link or a race: deny by returning something outside every root
            return Path.of("/nonexistent-denied").resolve(p.getFileName() == null ? "x" : p.getFileName().toString());
        }
    }

    private static SecurityException denied(Path path) {
        return new SecurityException("Operation not permitted: " + path + " is outside the analysis workspace");
    }

    private FileSystem read(Path path) {
        Zone z = zone(toAbsolutePath(path));
        return z == Zone.HOME ? home : host;
    }

    private FileSystem write(Path path) {
        Zone z = zone(toAbsolutePath(path));
        if (z == Zone.READ_ONLY) {
            throw new SecurityException("Operation not permitted: " + path + " is read-only");
        }
        return z == Zone.HOME ? home : host;
    }

    private Path abs(Path path) {
        return toAbsolutePath(path);
    }

    @Override
    public Path parsePath(URI uri) {
        return host.parsePath(uri);
    }

    @Override
    public Path parsePath(String path) {
        return host.parsePath(path);
    }

    @Override
    public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... linkOptions) throws IOException {
        FileSystem fs = modes.contains(AccessMode.WRITE) && zone(abs(path)) == Zone.READ_ONLY ? null : read(path);
        if (fs == null) {
            throw new SecurityException("Operation not permitted: " + path + " is read-only");
        }
        fs.checkAccess(abs(path), modes, linkOptions);
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        write(dir).createDirectory(abs(dir), attrs);
    }

    @Override
    public void delete(Path path) throws IOException {
        write(path).delete(abs(path));
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        boolean writes = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND)
                || options.contains(StandardOpenOption.CREATE) || options.contains(StandardOpenOption.CREATE_NEW)
                || options.contains(StandardOpenOption.DELETE_ON_CLOSE) || options.contains(StandardOpenOption.TRUNCATE_EXISTING);
        FileSystem fs = writes ? write(path) : read(path);
        return fs.newByteChannel(abs(path), options, attrs);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
        return read(dir).newDirectoryStream(abs(dir), filter);
    }

    @Override
    public Path toAbsolutePath(Path path) {
        if (path.isAbsolute()) {
            return path.normalize();
        }
        Path c = cwd;
        return (c != null ? c.resolve(path) : host.toAbsolutePath(path)).normalize();
    }

    @Override
    public Path toRealPath(Path path, LinkOption... linkOptions) throws IOException {
        return read(path).toRealPath(abs(path), linkOptions);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        return read(path).readAttributes(abs(path), attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        write(path).setAttribute(abs(path), attribute, value, options);
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        read(source);
        FileSystem fs = write(target);
        if (fs != host) {
            throw denied(target);
        }
        host.copy(abs(source), abs(target), options);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        FileSystem a = write(source);
        FileSystem b = write(target);
        if (a != host || b != host) {
            throw denied(a != host ? source : target);
        }
        host.move(abs(source), abs(target), options);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        throw new SecurityException("Operation not permitted: creating links is disabled in the sandbox");
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        throw new SecurityException("Operation not permitted: creating symbolic links is disabled in the sandbox");
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        return read(link).readSymbolicLink(abs(link));
    }

    @Override
    public void setCurrentWorkingDirectory(Path currentWorkingDirectory) {
        Path a = abs(currentWorkingDirectory);
        if (zone(a) != Zone.WORKSPACE) {
            throw denied(currentWorkingDirectory);
        }
        cwd = a;
    }

    @Override
    public Path getTempDirectory() {
        Path r = root;
        if (r == null) {
            throw new UnsupportedOperationException("no workspace bound");
        }
        return r;
    }

    @Override
    public boolean isSameFile(Path path1, Path path2, LinkOption... options) throws IOException {
        return toRealPath(path1, options).equals(toRealPath(path2, options));
    }
}
