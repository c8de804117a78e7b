package io.github.deepanalyze.data;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

/** A throwaway PostgreSQL server (Debian's {@code initdb}, {@code pg_ctl}); user {@link #USER} has {@link #PASSWORD}. */
final class ThrowawayPostgres extends ThrowawayServer {
    private static final String ADMIN = "admin";

    String version;

    @Override
    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    @Override
    void startServer() throws Exception {
        String initdb = bin("/usr/lib/postgresql", "initdb");
        String pgCtl = bin("/usr/lib/postgresql", "pg_ctl");
        java.nio.file.Path pw = dir.resolve("pw");
        Files.writeString(pw, PASSWORD + "\n");
        if (isRoot()) {
            run(List.of("chown", "postgres", pw.toString()));
        }
        run(asServerUser(List.of(initdb, "-D", dir.resolve("data").toString(), "-U", ADMIN, "--pwfile=" + pw,
                "--auth=scram-sha-256", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")));
        Files.delete(pw);
        run(asServerUser(List.of(pgCtl, "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(), "-w",
                "-t", "30", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start")));
        try (Connection c = DriverManager.getConnection(url(), ADMIN, PASSWORD); Statement st = c.createStatement()) {
            st.execute("CREATE USER " + USER + " PASSWORD '" + PASSWORD + "'");
            st.execute("GRANT CREATE ON DATABASE postgres TO " + USER);
            st.execute("GRANT ALL ON SCHEMA public TO " + USER);
            version = c.getMetaData().getDatabaseProductVersion();
        }
    }

    @Override
    void stopServer() throws Exception {
        if (Files.exists(dir.resolve("data/postmaster.pid"))) {
            run(asServerUser(List.of(bin("/usr/lib/postgresql", "pg_ctl"), "-D", dir.resolve("data").toString(), "-m",
                    "immediate", "-w", "stop")));
        }
    }
}
