package io.github.deepanalyze.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.github.deepanalyze.common.ConfigurationException;
import io.github.deepanalyze.common.InvalidInputException;
import io.github.deepanalyze.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots from a real embedded H2 database (and an SQLite file) into SQLite, read back with sqlite-jdbc. */
class JdbcSnapshotTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path workspace;

    private JdbcDataSource h2;
    private Connection keepAlive;

    @BeforeEach
    void createSourceDatabase() throws Exception {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + getClass().getSimpleName() + System.nanoTime() + ";DB_CLOSE_DELAY=0");
        keepAlive = h2.getConnection();
        try (Statement st = keepAlive.createStatement()) {
            st.execute("CREATE SCHEMA bank");
            st.execute("""
                    CREATE TABLE bank.loans (
                      id INT PRIMARY KEY, amount DECIMAL(10,2), big BIGINT, paid BOOLEAN, due DATE,
                      created TIMESTAMP, note VARCHAR(100), ratio DOUBLE PRECISION, doc VARBINARY(16), whole NUMERIC(12,0))""");
            st.execute("""
                    INSERT INTO bank.loans VALUES
                      (1, 1234.50, 9000000000, TRUE, DATE '2024-01-31', TIMESTAMP '2024-01-31 10:15:00', 'first', 0.25, X'CAFE', 42),
                      (2, NULL, NULL, FALSE, NULL, TIMESTAMP '2024-02-01 08:00:00.123', NULL, NULL, NULL, NULL),
                      (3, 10.00, 3, NULL, DATE '2024-03-01', NULL, 'it''s', 1.5, X'00', 7)""");
        }
    }

    @AfterEach
    void dropSourceDatabase() throws Exception {
        keepAlive.close();
    }

    private static List<List<Object>> rows(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            List<List<Object>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        }
    }

    @Test
    void copiesATableWithSqliteTypesAndIsoDates() throws Exception {
        Path file = workspace.resolve("bank.sqlite");

        SnapshotResult r = JdbcSnapshot.builder().dataSource(h2).table("bank.loans").clock(CLOCK).build().writeTo(file);

        assertThat(r.truncated()).isFalse();
        assertThat(r.notes()).isEmpty();
        SnapshotResult.Table loans = r.tables().get(0);
        assertThat(loans.name()).isEqualTo("loans");
        assertThat(loans.rowsCopied()).isEqualTo(3);
        assertThat(loans.columns()).extracting(Column::name, Column::declaredType).containsExactly(
                tuple("ID", "INTEGER"), tuple("AMOUNT", "REAL"), tuple("BIG", "INTEGER"), tuple("PAID", "INTEGER"),
                tuple("DUE", "TEXT"), tuple("CREATED", "TEXT"), tuple("NOTE", "TEXT"), tuple("RATIO", "REAL"),
                tuple("DOC", "BLOB"), tuple("WHOLE", "INTEGER"));
        assertThat(rows(file, "SELECT typeof(ID), typeof(AMOUNT), typeof(BIG), typeof(PAID), typeof(DUE), typeof(CREATED),"
                + " typeof(NOTE), typeof(RATIO), typeof(DOC), typeof(WHOLE) FROM loans WHERE ID = 1"))
                .containsExactly(List.of("integer", "real", "integer", "integer", "text", "text", "text", "real", "blob", "integer"));
        assertThat(rows(file, "SELECT ID, AMOUNT, BIG, PAID, DUE, CREATED, NOTE, RATIO, hex(DOC), WHOLE FROM loans ORDER BY ID"))
                .containsExactly(
                        List.of(1, 1234.5, 9_000_000_000L, 1, "2024-01-31", "2024-01-31 10:15:00", "first", 0.25, "CAFE", 42),
                        java.util.Arrays.asList(2, null, null, 0, null, "2024-02-01 08:00:00.123", null, null, "", null),
                        java.util.Arrays.asList(3, 10.0, 3, null, "2024-03-01", null, "it's", 1.5, "00", 7));
        assertThat(rows(file, "SELECT name, source, rows_copied, row_limit, truncated, note, taken_at FROM _snapshot_notes"))
                .containsExactly(List.of("loans", "bank.loans", 3, 100_000, 0, "", "2026-11-25T12:00:00Z"));
        assertThat(Files.list(workspace)).containsExactly(file);
    }

    @Test
    void cutsAtTheRowLimitAndNotesItInTheResultAndTheFile() throws Exception {
        Path file = workspace.resolve("cut.sqlite");

        SnapshotResult r = JdbcSnapshot.builder().url(h2.getURL(), "", "")
                .query("big_loans", "SELECT id, amount FROM bank.loans ORDER BY id")
                .rowLimit(2).clock(CLOCK).build().writeTo(file);

        assertThat(r.truncated()).isTrue();
        assertThat(r.tables()).extracting(SnapshotResult.Table::rowsCopied, SnapshotResult.Table::truncated)
                .containsExactly(tuple(2L, true));
        assertThat(r.notes()).singleElement().asString()
                .contains("big_loans holds only the first 2 rows", "row limit 2", "raise the row limit");
        assertThat(rows(file, "SELECT count(*) FROM big_loans")).containsExactly(List.of(2));
        assertThat(rows(file, "SELECT truncated, note FROM _snapshot_notes")).containsExactly(List.of(1, r.notes().get(0)));
    }

    @Test
    void snapshotIsProfiledLikeAnyOtherSqliteInput() throws Exception {
        Path file = workspace.resolve("from_sqlite.sqlite");
        Path source = Fixtures.studentLoanData().resolve("student_loan.sqlite");

        JdbcSnapshot.builder().url("jdbc:sqlite:" + source).table("enrolled").table("person").rowLimit(500).build().writeTo(file);
        var profile = (DataProfile.Database) DataProfiles.of(file);

        assertThat(profile.tables()).extracting(DatabaseTable::name, DatabaseTable::rowCount)
                .containsExactly(tuple("_snapshot_notes", 2L), tuple("enrolled", 500L), tuple("person", 500L));
        assertThat(profile.tables().get(1).columns()).extracting(Column::name, Column::declaredType)
                .containsExactly(tuple("name", "TEXT"), tuple("school", "TEXT"), tuple("month", "INTEGER"));
    }

    @Test
    void failedQueryNamesItAndLeavesNoFileBehind() {
        Path file = workspace.resolve("bad.sqlite");
        JdbcSnapshot snapshot = JdbcSnapshot.builder().dataSource(h2).table("bank.loans").query("oops", "SELECT nope FROM bank.loans").build();

        assertThatThrownBy(() -> snapshot.writeTo(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("query oops failed on the source database")
                .hasMessageContaining("check the table name or the SQL");
        assertThat(workspace).isEmptyDirectory();
    }

    @Test
    void unreachableDatabaseIsReportedWithoutThePassword() {
        JdbcSnapshot snapshot = JdbcSnapshot.builder().url("jdbc:nosuchdb://host/db?user=a&password=hunter2").table("t").build();

        assertThatThrownBy(() -> snapshot.writeTo(workspace.resolve("x.sqlite")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("could not connect to the source database")
                .hasMessageContaining("driver is on the class path")
                .hasMessageNotContaining("hunter2");
        assertThat(snapshot.toString()).doesNotContain("hunter2");
    }

    @Test
    void refusesToOverwriteAnExistingFile() throws Exception {
        Path file = Files.writeString(workspace.resolve("keep.sqlite"), "precious");

        assertThatThrownBy(() -> JdbcSnapshot.builder().dataSource(h2).table("bank.loans").build().writeTo(file))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("already exists");
        assertThat(Files.readString(file)).isEqualTo("precious");
    }

    @Test
    void buildSaysEverythingThatIsWrong() {
        assertThatThrownBy(() -> JdbcSnapshot.builder().rowLimit(0).table("a; DROP TABLE b").query("x", "SELECT 1")
                .query("X", "SELECT 2").query("_snapshot_notes", "SELECT 3").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no source")
                .hasMessageContaining("is not a table name")
                .hasMessageContaining("both become table \"X\"")
                .hasMessageContaining("reserved table name")
                .hasMessageContaining("rowLimit must be at least 1");
    }
}
