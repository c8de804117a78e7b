package io.github.deepanalyze.data;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that starts a throwaway database server from the Debian packages on loopback
 * (own temporary data directory, random port, unix socket in that directory) before a test class and
 * stops it and deletes the directory after, even when a test or the start failed. As root the server
 * runs as the {@code postgres} user ({@code runuser}), because neither server runs as root by default.
 * Register as a static field with {@code @RegisterExtension}; not thread-safe.
 */
abstract class ThrowawayServer implements BeforeAllCallback, AfterAllCallback {
    static final String USER = "analyst";
    /** A password that appears nowhere else, so a test can grep for it. */
    static final String PASSWORD = "S3cret-" + Long.toHexString(System.nanoTime()) + "-pw";

    Path dir;
    int port;
    long startMillis;

    /** The JDBC URL, without credentials. */
    abstract String url();

    abstract void startServer() throws Exception;

    abstract void stopServer() throws Exception;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        long t0 = System.nanoTime();
        dir = Files.createTempDirectory("deepanalyze-db-");
        port = freePort();
        try {
            if (isRoot()) {
                run(List.of("chown", "postgres", dir.toString()));
            }
            startServer();
        } catch (Exception | Error e) {
            afterAll(context);
            throw e;
        }
        startMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println(getClass().getSimpleName() + " started in " + startMillis + " ms on port " + port);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            stopServer();
        } catch (Exception e) {
            System.err.println("could not stop " + getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            deleteTree(dir);
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** {@code command} as the {@code postgres} user when this JVM is root. */
    static List<String> asServerUser(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> c = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        c.addAll(command);
        return c;
    }

    /** Runs {@code command} to completion (60 s at most), its output in the exception when it fails. */
    String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String[] out = new String[1];
        Thread reader = new Thread(() -> {
            try {
                out[0] = new String(p.getInputStream().readAllBytes());
            } catch (IOException e) {
                out[0] = e.toString();
            }
        });
        reader.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        reader.join(5000);
        if (p.exitValue() != 0) {
            throw new IOException(command + " exited with " + p.exitValue() + ": " + out[0]);
        }
        return out[0];
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static String bin(String glob, String name) throws IOException {
        try (Stream<Path> s = Files.list(Path.of(glob))) {
            return s.sorted(Comparator.reverseOrder()).map(p -> p.resolve("bin").resolve(name)).filter(Files::isExecutable)
                    .findFirst().orElseThrow(() -> new IOException(name + " not found under " + glob
                            + "; run scripts/setup-databases.sh")).toString();
        }
    }
}
