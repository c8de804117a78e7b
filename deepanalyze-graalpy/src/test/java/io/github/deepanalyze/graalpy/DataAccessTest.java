package io.github.deepanalyze.graalpy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionResult.Outcome;
import io.github.deepanalyze.execution.ExecutionSession;
import io.github.deepanalyze.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java-backed sqlite3 and openpyxl modules, on copies of the student-loan fixtures. */
class DataAccessTest {
    private static GraalPyExecutor executor;

    @TempDir
    Path workspace;

    @TempDir
    Path outside;

    private ExecutionSession session;

    @BeforeAll
    static void startExecutor() {
        executor = GraalPyExecutor.builder().poolSize(1).build();
    }

    @AfterAll
    static void stopExecutor() {
        executor.close();
    }

    @BeforeEach
    void stageData() throws IOException {
        Path data = Fixtures.studentLoanData();
        try (Stream<Path> files = Files.list(data)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path copy = workspace.resolve(f.getFileName());
                Files.write(copy, Files.readAllBytes(f)); // a writable copy; the fixture stays untouched
            }
        }
        session = executor.openSession(workspace, ExecutionMode.SCRIPT);
    }

    @AfterEach
    void close() {
        session.close();
    }

    private ExecutionResult ok(String code) {
        ExecutionResult r = session.execute(ExecutionRequest.of(code));
        assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.SUCCESS);
        return r;
    }

    @Test
    void listsTheTablesOfTheFixtureDatabase() {
        ExecutionResult r = ok("""
                import sqlite3
                conn = sqlite3.connect('student_loan.sqlite')
                print(conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall())
                """);
        assertThat(r.stdout()).isEqualTo("[('bool',), ('person',), ('disabled',), ('enlist',), ('filed_for_bankrupcy',), "
                + "('longest_absense_from_school',), ('male',), ('no_payment_due',), ('unemployed',), ('enrolled',)]\n");
    }

    @Test
    void queriesWithParametersCursorsAndDescription() {
        ExecutionResult r = ok("""
                import sqlite3
                with sqlite3.connect('student_loan.sqlite') as conn:
                    cur = conn.cursor()
                    cur.execute('SELECT COUNT(*) FROM enrolled')
                    print(cur.fetchone()[0])
                    cur.execute('SELECT name, school, month FROM enrolled WHERE school = ? ORDER BY name LIMIT 3', ('ucb',))
                    print([d[0] for d in cur.description])
                    print(cur.fetchmany(2))
                    print(len(cur.fetchall()))
                    conn.row_factory = sqlite3.Row
                    row = conn.execute('SELECT name, month FROM enrolled WHERE name = :n', {'n': 'student10'}).fetchone()
                    print(row['name'], row[1], row.keys())
                """);
        assertThat(r.stdout()).isEqualTo("""
                1194
                ['name', 'school', 'month']
                [('student10', 'ucb', 2), ('student101', 'ucb', 1)]
                1
                student10 1 ['name', 'month']
                """);
    }

    @Test
    void writesWithTransactionsInMemoryAndOnDisk() {
        ExecutionResult r = ok("""
                import sqlite3
                conn = sqlite3.connect(':memory:')
                conn.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v REAL, s TEXT, b BLOB)')
                cur = conn.executemany('INSERT INTO t (v, s, b) VALUES (?, ?, ?)', [(1.5, 'a', b'xy'), (None, 'b', None)])
                print(cur.rowcount, conn.in_transaction)
                conn.commit()
                print(conn.execute('INSERT INTO t (v) VALUES (3)').lastrowid)
                conn.rollback()
                print(conn.execute('SELECT * FROM t').fetchall())
                try:
                    conn.execute('SELECT nope FROM t')
                except sqlite3.OperationalError as e:
                    print('OperationalError:', e)
                disk = sqlite3.connect('new.db')
                disk.executescript('CREATE TABLE x (a); INSERT INTO x VALUES (1); INSERT INTO x VALUES (2);')
                disk.close()
                print(sqlite3.connect('new.db').execute('SELECT SUM(a) FROM x').fetchone())
                """);
        assertThat(r.stdout()).isEqualTo("""
                2 True
                3
                [(1, 1.5, 'a', b'xy'), (2, None, 'b', None)]
                OperationalError: no such column: nope
                (3,)
                """);
        assertThat(workspace.resolve("new.db")).exists();
    }

    @Test
    void cannotOpenOrAttachDatabasesOutsideTheWorkspace() throws IOException {
        Path secret = outside.resolve("secret.db");
        Files.createSymbolicLink(workspace.resolve("link.db"), secret);
        ExecutionResult r = ok("""
                import sqlite3
                for path in ['/etc/passwd', '../x.db', '%s', 'link.db']:
                    try:
                        sqlite3.connect(path)
                        print('opened', path)
                    except PermissionError:
                        print('denied')
                conn = sqlite3.connect(':memory:')
                for sql in ["ATTACH DATABASE '%s' AS s", "VACUUM INTO '%s'"]:
                    try:
                        conn.execute(sql)
                        print('ran', sql)
                    except sqlite3.Error as e:
                        print(type(e).__name__)
                """.formatted(secret, secret, secret));
        assertThat(r.stdout()).isEqualTo("denied\ndenied\ndenied\ndenied\nOperationalError\nOperationalError\n");
        assertThat(secret).doesNotExist();
    }

    @Test
    void readsExcelWorkbooksWithOpenpyxl() {
        ExecutionResult r = ok("""
                import openpyxl
                wb = openpyxl.load_workbook('enrolled.xlsx', read_only=True, data_only=True)
                print(wb.sheetnames)
                ws = wb[wb.sheetnames[0]]
                print(ws.max_row, ws.max_column)
                for row in ws.iter_rows(max_row=3, values_only=True):
                    print(row)
                print(ws.cell(2, 1).value, ws['B2'].value)
                """);
        assertThat(r.stdout()).startsWith("['");
        assertThat(r.stdout()).contains("1195 3\n", "('name', 'school', 'month')\n", "('student10', 'smc', 1)\n",
                "student10 smc\n");
    }

    @Test
    void refusesWorkbooksOutsideTheWorkspace() {
        ExecutionResult r = session.execute(ExecutionRequest.of("import openpyxl\nopenpyxl.load_workbook('/etc/passwd')"));
        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(r.error().traceback()).contains("PermissionError");
    }
}
