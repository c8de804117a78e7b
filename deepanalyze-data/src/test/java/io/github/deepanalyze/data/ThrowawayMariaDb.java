package io.github.deepanalyze.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A throwaway MariaDB server (Debian's {@code mariadb-install-db}, {@code mariadbd}); user {@link #USER} has {@link #PASSWORD}. */
final class ThrowawayMariaDb extends ThrowawayServer {
    private Process server;
    String version;

    @Override
    String url() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/shop";
    }

    @Override
    void startServer() throws Exception {
        Path data = dir.resolve("data");
        Path socket = dir.resolve("mysqld.sock");
        run(asServerUser(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + data, "--auth-root-authentication-method=socket",
                "--skip-test-db", "--user=" + user())));
        server = new ProcessBuilder(asServerUser(List.of("mariadbd", "--no-defaults", "--datadir=" + data, "--port=" + port,
                "--socket=" + socket, "--bind-address=127.0.0.1", "--skip-log-bin", "--innodb-buffer-pool-size=16M",
                "--pid-file=" + dir.resolve("mariadb.pid"), "--log-error=" + dir.resolve("error.log"))))
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(socket)) {
            if (!server.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("mariadbd did not start: " + Files.readString(dir.resolve("error.log")));
            }
            Thread.sleep(20);
        }
        // the unix-socket root account (socket authentication) creates the password account the tests use
        run(asServerUser(List.of("mariadb", "--no-defaults", "-S", socket.toString(), "-u", user(),
                "-e", "CREATE DATABASE shop; CREATE DATABASE archive; CREATE USER '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD
                        + "'; GRANT ALL ON shop.* TO '" + USER + "'@'127.0.0.1'; GRANT ALL ON archive.* TO '" + USER + "'@'127.0.0.1';")));
        try (Connection c = DriverManager.getConnection(url(), USER, PASSWORD)) {
            version = c.getMetaData().getDatabaseProductVersion();
        }
    }

    private static String user() {
        return isRoot() ? "postgres" : System.getProperty("user.name");
    }

    @Override
    void stopServer() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
