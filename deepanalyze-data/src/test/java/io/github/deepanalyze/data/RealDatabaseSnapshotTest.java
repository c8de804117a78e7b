package io.github.deepanalyze.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.deepanalyze.common.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots from real PostgreSQL and MariaDB servers (Debian packages, started on loopback by the
 * {@link ThrowawayServer} extensions) read back with pandas in {@code /usr/bin/python3}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RealDatabaseSnapshotTest {
    @RegisterExtension
    static final ThrowawayPostgres PG = new ThrowawayPostgres();
    @RegisterExtension
    static final ThrowawayMariaDb MARIA = new ThrowawayMariaDb();

    @TempDir
    Path workspace;

    @BeforeAll
    static void createData() throws Exception {
        try (Connection c = DriverManager.getConnection(PG.url(), ThrowawayServer.USER, ThrowawayServer.PASSWORD);
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA bank");
            st.execute("CREATE SCHEMA sales");
            st.execute("CREATE TYPE bank.mood AS ENUM ('low', 'high')");
            st.execute("""
                    CREATE TABLE bank.loans (id int, amount numeric(12,2), huge numeric(30,0), big bigint, paid boolean, due date,
                      created timestamp, seen timestamptz, span interval, meta json, metab jsonb, tags int[], doc bytea,
                      mood bank.mood, ref uuid, name text, ratio double precision)""");
            st.execute("""
                    INSERT INTO bank.loans VALUES
                      (1, 1234.50, 123456789012345678901234567890, 9000000000, true, '2024-01-31', '2024-01-31 10:15:00',
                       '2024-01-31 10:15:00+02', '1 day 02:00:00', '{"a": 1}', '{"b": [1, 2]}', '{1,2,3}', '\\xcafe', 'high',
                       'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '借款人 张三', 0.25),
                      (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)""");
            st.execute("CREATE TABLE sales.orders (id int, total numeric(8,2))");
            st.execute("INSERT INTO sales.orders SELECT g, g * 1.5 FROM generate_series(1, 50) g");
            st.execute("CREATE VIEW sales.big_orders AS SELECT * FROM sales.orders WHERE total > 60");
        }
        try (Connection c = DriverManager.getConnection(MARIA.url(), ThrowawayServer.USER, ThrowawayServer.PASSWORD);
                Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE shop.items (id INT, price DECIMAL(10,2), big BIGINT UNSIGNED, ok TINYINT(1), made DATE,
                      at DATETIME(3), stamp TIMESTAMP NULL, meta JSON, pic BLOB, kind ENUM('a','b'), name VARCHAR(40))
                      CHARACTER SET utf8mb4""");
            st.execute("""
                    INSERT INTO shop.items VALUES
                      (1, 9.99, 18446744073709551615, 1, '2024-01-31', '2024-01-31 10:15:00.125', '2024-01-31 10:15:00',
                       '{"a": 1}', X'CAFE', 'b', '商品 一号'),
                      (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)""");
            st.execute("CREATE TABLE archive.old (id INT)");
            st.execute("INSERT INTO archive.old VALUES (1), (2), (3)");
            st.execute("CREATE VIEW shop.cheap AS SELECT id, price FROM shop.items WHERE price < 10");
        }
    }

    /** Column name → pandas dtype and a repr of the first row's value, as read by pandas.read_sql. */
    private static String pandas(Path db, String table) throws Exception {
        String script = """
                import sqlite3, sys, pandas as pd
                df = pd.read_sql('SELECT * FROM "%s"', sqlite3.connect(sys.argv[1]))
                for c in df.columns:
                    print(c, df[c].dtype, repr(df[c].iloc[0]), sep='|')
                """.formatted(table);
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, db.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void copiesPostgresTypesSoThatPandasReadsThemWithTheExpectedDtypes() throws Exception {
        Path file = workspace.resolve("pg.sqlite");
        SnapshotResult r = JdbcSnapshot.builder().url(PG.url(), ThrowawayServer.USER, ThrowawayServer.PASSWORD)
                .table("bank.loans").table("sales.big_orders").query("per_schema", "SELECT 'sales' AS s, count(*) AS n FROM sales.orders")
                .build().writeTo(file);
        assertThat(r.tables()).extracting(SnapshotResult.Table::rowsCopied).containsExactly(2L, 10L, 1L);
        String out = pandas(file, "loans");
        assertThat(out.lines()).contains(
                "id|int64|1",
                "amount|float64|1234.5",
                "huge|object|'123456789012345678901234567890'",
                "big|float64|9000000000.0",
                "paid|float64|1.0",
                "due|object|'2024-01-31'",
                "created|object|'2024-01-31 10:15:00'",
                "seen|object|'2024-01-31 08:15:00+00:00'",
                "span|object|'1 day 02:00:00'",
                "meta|object|'{\"a\": 1}'",
                "metab|object|'{\"b\": [1, 2]}'",
                "tags|object|'{1,2,3}'",
                "doc|object|b'\\xca\\xfe'",
                "mood|object|'high'",
                "ref|object|'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'",
                "name|object|'借款人 张三'",
                "ratio|float64|0.25");
        assertThat(pandas(file, "big_orders").lines()).contains("id|int64|41", "total|float64|61.5");
        assertThat(pandas(file, "per_schema").lines()).contains("s|object|'sales'", "n|int64|50");
    }

    @Test
    void copiesMariaDbTypesSoThatPandasReadsThemWithTheExpectedDtypes() throws Exception {
        Path file = workspace.resolve("maria.sqlite");
        JdbcSnapshot.builder().url(MARIA.url(), ThrowawayServer.USER, ThrowawayServer.PASSWORD)
                .table("shop.items").table("shop.cheap").table("archive.old").build().writeTo(file);
        assertThat(pandas(file, "items").lines()).contains(
                "id|int64|1",
                "price|float64|9.99",
                "big|object|'18446744073709551615'",
                "ok|float64|1.0",
                "made|object|'2024-01-31'",
                "at|object|'2024-01-31 10:15:00.125'",
                "stamp|object|'2024-01-31 10:15:00'",
                "meta|object|'{\"a\": 1}'",
                "pic|object|b'\\xca\\xfe'",
                "kind|object|'b'",
                "name|object|'商品 一号'");
        assertThat(pandas(file, "old").lines()).contains("id|int64|1");
        assertThat(pandas(file, "cheap").lines()).contains("id|int64|1", "price|float64|9.99");
    }

    @Test
    void cutsAtTheRowLimitAndSaysWhatWasCut() throws Exception {
        Path file = workspace.resolve("cut.sqlite");
        SnapshotResult r = JdbcSnapshot.builder().url(PG.url(), ThrowawayServer.USER, ThrowawayServer.PASSWORD)
                .table("sales.orders").rowLimit(20).build().writeTo(file);
        assertThat(r.truncated()).isTrue();
        assertThat(r.notes()).singleElement().asString().contains("first 20 rows", "sales.orders");
        assertThat(pandas(file, JdbcSnapshot.NOTES_TABLE).lines()).contains("rows_copied|int64|20", "truncated|int64|1");
    }

    @Test
    void keepsThePasswordOutOfTheSnapshotAndTheErrors() throws Exception {
        Path file = workspace.resolve("secret.sqlite");
        String urlWithSecret = PG.url() + "?user=" + ThrowawayServer.USER + "&password=" + ThrowawayServer.PASSWORD;
        JdbcSnapshot s = JdbcSnapshot.builder().url(urlWithSecret).table("sales.orders").query("q", "SELECT 1 AS one").build();
        assertThat(s.toString()).doesNotContain(ThrowawayServer.PASSWORD);
        s.writeTo(file);
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain(ThrowawayServer.PASSWORD);
        assertThatThrownBy(() -> JdbcSnapshot.builder().url(urlWithSecret).table("nowhere").build().writeTo(workspace.resolve("x.sqlite")))
                .satisfies(e -> assertNoSecret(e));
    }

    private static void assertNoSecret(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(ThrowawayServer.PASSWORD);
            java.io.StringWriter w = new java.io.StringWriter();
            t.printStackTrace(new java.io.PrintWriter(w));
            assertThat(w.toString()).doesNotContain(ThrowawayServer.PASSWORD);
        }
    }

    private void assertFailsCleanly(JdbcSnapshot s, String... messageParts) throws Exception {
        Path file = workspace.resolve("bad.sqlite");
        assertThatThrownBy(() -> s.writeTo(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContainingAll(messageParts).satisfies(RealDatabaseSnapshotTest::assertNoSecret);
        try (var files = Files.list(workspace)) {
            assertThat(files.toList()).as("no snapshot or partial file left behind").isEmpty();
        }
    }

    @Test
    void wrongPasswordNamesTheSourceWithoutTheSecret() throws Exception {
        assertFailsCleanly(JdbcSnapshot.builder().url(PG.url(), ThrowawayServer.USER, "wrong-" + ThrowawayServer.PASSWORD)
                .table("sales.orders").build(), PG.url(), "credentials");
        assertFailsCleanly(JdbcSnapshot.builder().url(MARIA.url(), ThrowawayServer.USER, "wrong-" + ThrowawayServer.PASSWORD)
                .table("items").build(), MARIA.url(), "credentials");
    }

    @Test
    void unreachablePortNamesTheSource() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + ThrowawayServer.freePort() + "/postgres?connectTimeout=5";
        assertFailsCleanly(JdbcSnapshot.builder().url(url, ThrowawayServer.USER, ThrowawayServer.PASSWORD).table("t").build(), url);
    }

    @Test
    void missingTableAndFailingQueryNameTheSourceAndLeaveNoSnapshot() throws Exception {
        assertFailsCleanly(JdbcSnapshot.builder().url(PG.url(), ThrowawayServer.USER, ThrowawayServer.PASSWORD)
                .table("sales.orders").table("bank.nowhere").build(), "table bank.nowhere", PG.url());
        assertFailsCleanly(JdbcSnapshot.builder().url(MARIA.url(), ThrowawayServer.USER, ThrowawayServer.PASSWORD)
                .query("broken", "SELECT id / (SELECT nope FROM items) FROM items").build(), "query broken", MARIA.url());
    }
}
