package io.github.deepanalyze.data;

import io.github.deepanalyze.common.ConfigurationException;
import io.github.deepanalyze.common.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Copies rows from a live database into an SQLite file, so that a model analyses a snapshot like
 * any other SQLite input and its code never sees the database, its connection or its credentials.
 * Works with any JDBC source (MySQL, PostgreSQL, Hive, ClickHouse, …) whose driver is on the class path.
 *
 * <pre>{@code
 * SnapshotResult r = JdbcSnapshot.builder()
 *         .dataSource(pool)
 *         .table("public.loans")
 *         .query("late_2024", "SELECT * FROM payments WHERE due < paid AND year = 2024")
 *         .rowLimit(200_000)
 *         .build()
 *         .writeTo(workspace.resolve("loans.sqlite"));
 * }</pre>
 *
 * <p>Each table or query becomes one SQLite table with at most {@link Builder#rowLimit(long) rowLimit}
 * rows; when a source has more, the result says so and a row in the {@code _snapshot_notes} table
 * (name, source, rows_copied, row_limit, truncated, note, taken_at) tells the model. Types map to
 * SQLite's: integers and booleans (0/1) to {@code INTEGER}; floating-point and decimal numbers with
 * a fraction to {@code REAL}; dates, times and timestamps to ISO-8601 {@code TEXT}
 * ({@code 2024-01-31}, {@code 2024-01-31 10:15:00}); binary to {@code BLOB}; everything else to {@code TEXT}.
 * The source connection is opened read-only (a hint the driver may ignore: grant the account read
 * access only). The file is written beside the target and moved into place when complete.
 *
 * <p>Immutable and thread-safe once built; every {@link #writeTo} opens its own connections.
 * Arguments must not be null.
 */
public final class JdbcSnapshot {
    /** The table of notes on truncated tables, read by the model like any other table. */
    public static final String NOTES_TABLE = "_snapshot_notes";

    private static final Pattern SOURCE_TABLE =
            Pattern.compile("(?:[A-Za-z_][A-Za-z0-9_$]*|\"[^\"]+\"|`[^`]+`)(?:\\.(?:[A-Za-z_][A-Za-z0-9_$]*|\"[^\"]+\"|`[^`]+`)){0,2}");
    private static final Pattern TARGET_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int BATCH = 1000;

    private final DataSource dataSource;
    private final String url;
    private final String user;
    private final String password;
    private final Map<String, String> sources; // target name -> SQL
    private final Map<String, String> descriptions; // target name -> table name or SQL as given
    private final long rowLimit;
    private final Clock clock;

    private JdbcSnapshot(Builder b) {
        this.dataSource = b.dataSource;
        this.url = b.url;
        this.user = b.user;
        this.password = b.password;
        this.sources = Map.copyOf(b.sources);
        this.descriptions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.descriptions));
        this.rowLimit = b.rowLimit;
        this.clock = b.clock;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Copies every table and query into a new SQLite file at {@code target}.
     *
     * @throws InvalidInputException if {@code target} exists or its directory does not, if the
     *     database cannot be reached, or a table or query fails there (the message names it and the fix)
     */
    public SnapshotResult writeTo(Path target) {
        Objects.requireNonNull(target, "target");
        Path file = target.toAbsolutePath().normalize();
        if (Files.exists(file)) {
            throw new InvalidInputException(file + " already exists; snapshot into a new file, or delete it first");
        }
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InvalidInputException("the directory of " + file + " does not exist; create it first");
        }
        Path partial = dir.resolve(file.getFileName() + ".partial");
        try {
            Files.deleteIfExists(partial);
            SnapshotResult result;
            try (Connection out = DriverManager.getConnection("jdbc:sqlite:" + partial); Connection in = openSource()) {
                result = copy(in, out, file);
            }
            try {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file);
            }
            return result;
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new UncheckedIOException("could not write the snapshot " + file + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            deleteQuietly(partial);
            throw new InvalidInputException("could not write the snapshot " + file + " (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            deleteQuietly(partial);
            throw e;
        }
    }

    private Connection openSource() {
        try {
            Connection c = dataSource != null ? dataSource.getConnection() : DriverManager.getConnection(url, user, password);
            try {
                c.setReadOnly(true);
            } catch (SQLException ignored) {
                // a hint only; some drivers refuse it
            }
            return c;
        } catch (SQLException e) {
            String detail = secretFree(String.valueOf(e.getMessage()));
            String message = "could not connect to the source database "
                    + (dataSource != null ? "(DataSource " + dataSource.getClass().getName() + ")" : redact(url)) + ": "
                    + detail + "; check the URL, the credentials and that the JDBC driver is on the class path";
            // drivers often repeat the URL, password included, in their messages: keep such a cause out of logs
            return throwWithoutSecrets(message, e, detail.equals(String.valueOf(e.getMessage())));
        }
    }

    private static Connection throwWithoutSecrets(String message, SQLException cause, boolean causeIsClean) {
        throw causeIsClean ? new InvalidInputException(message, cause) : new InvalidInputException(message);
    }

    private String secretFree(String s) {
        String r = url == null ? s : s.replace(url, redact(url));
        r = redact(r);
        return password == null || password.isEmpty() ? r : r.replace(password, "***");
    }

    private SnapshotResult copy(Connection in, Connection out, Path file) throws SQLException {
        out.setAutoCommit(false);
        List<SnapshotResult.Table> tables = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String takenAt = clock.instant().toString();
        try (Statement ddl = out.createStatement()) {
            ddl.execute("CREATE TABLE " + NOTES_TABLE + " (name TEXT, source TEXT, rows_copied INTEGER, row_limit INTEGER,"
                    + " truncated INTEGER, note TEXT, taken_at TEXT)");
        }
        for (Map.Entry<String, String> e : descriptions.entrySet()) {
            String name = e.getKey();
            SnapshotResult.Table t = copyOne(in, out, name, sources.get(name), e.getValue());
            tables.add(t);
            try (PreparedStatement ps = out.prepareStatement("INSERT INTO " + NOTES_TABLE + " VALUES (?,?,?,?,?,?,?)")) {
                ps.setString(1, t.name());
                ps.setString(2, t.source());
                ps.setLong(3, t.rowsCopied());
                ps.setLong(4, rowLimit);
                ps.setInt(5, t.truncated() ? 1 : 0);
                ps.setString(6, t.note());
                ps.setString(7, takenAt);
                ps.executeUpdate();
            }
            if (t.truncated()) {
                notes.add(t.note());
            }
        }
        out.commit();
        return new SnapshotResult(file, tables, notes);
    }

    private SnapshotResult.Table copyOne(Connection in, Connection out, String name, String sql, String source) throws SQLException {
        String what = sources.get(name).equals(source) ? "query " + name : "table " + source;
        try (Statement st = in.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            st.setFetchSize(BATCH);
            if (rowLimit < Integer.MAX_VALUE) {
                st.setMaxRows((int) rowLimit + 1);
            }
            ResultSet rs;
            try {
                rs = st.executeQuery(sql);
            } catch (SQLException e) {
                throw new InvalidInputException("the " + what + " failed on the source database " + sourceName() + " ("
                        + secretFree(String.valueOf(e.getMessage())) + "); check the table name or the SQL");
            }
            try (rs) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                SqliteColumnKind[] kinds = new SqliteColumnKind[n];
                List<Column> columns = new ArrayList<>(n);
                Set<String> used = new HashSet<>();
                StringBuilder create = new StringBuilder("CREATE TABLE ").append(quote(name)).append(" (");
                StringBuilder insert = new StringBuilder("INSERT INTO ").append(quote(name)).append(" VALUES (");
                for (int i = 1; i <= n; i++) {
                    kinds[i - 1] = SqliteColumnKind.of(md.getColumnType(i), md.getColumnTypeName(i), md.getPrecision(i), md.getScale(i));
                    String col = uniqueName(md.getColumnLabel(i), i, used);
                    columns.add(new Column(col, kinds[i - 1].columnType(), kinds[i - 1].sqliteType(), -1));
                    create.append(i > 1 ? ", " : "").append(quote(col)).append(' ').append(kinds[i - 1].sqliteType());
                    insert.append(i > 1 ? ",?" : "?");
                }
                try (Statement ddl = out.createStatement()) {
                    ddl.execute(create.append(')').toString());
                }
                long copied = 0;
                boolean truncated = false;
                try (PreparedStatement ps = out.prepareStatement(insert.append(')').toString())) {
                    int pending = 0;
                    while (rs.next()) {
                        if (copied >= rowLimit) {
                            truncated = true;
                            break;
                        }
                        for (int i = 1; i <= n; i++) {
                            kinds[i - 1].bind(ps, i, rs);
                        }
                        ps.addBatch();
                        copied++;
                        if (++pending == BATCH) {
                            ps.executeBatch();
                            pending = 0;
                        }
                    }
                    if (pending > 0) {
                        ps.executeBatch();
                    }
                }
                String note = truncated
                        ? name + " holds only the first " + copied + " rows of the " + what + ": the source has more (row limit "
                                + rowLimit + "). Results computed from it describe this sample, not the whole " + what
                                + "; raise the row limit or aggregate in a query to cover all rows"
                        : "";
                return new SnapshotResult.Table(name, source, columns, copied, truncated, note);
            }
        }
    }

    private String sourceName() {
        return dataSource != null ? "(DataSource " + dataSource.getClass().getName() + ")" : redact(url);
    }

    private static String uniqueName(String label, int index, Set<String> used) {
        String base = label == null || label.isBlank() ? "column_" + index : label;
        String n = base;
        for (int k = 2; !used.add(n.toLowerCase(Locale.ROOT)); k++) {
            n = base + "_" + k;
        }
        return n;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The URL without anything that may hold a password (query parameters, user info). */
    private static String redact(String url) {
        String u = url.replaceAll("(?i)(password|pwd)=[^;&]*", "$1=***");
        return u.replaceAll("//[^/@]*@", "//***@");
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the partial file has a .partial suffix and is never mistaken for a snapshot
        }
    }

    @Override
    public String toString() {
        return "JdbcSnapshot[" + (dataSource != null ? dataSource.getClass().getSimpleName() : redact(url)) + ", tables="
                + descriptions.keySet() + ", rowLimit=" + rowLimit + "]";
    }

    /**
     * Configures a {@link JdbcSnapshot}: one source ({@link #dataSource} or {@link #url}), at least one
     * {@link #table} or {@link #query}, and optionally a row limit (default 100,000 per table) and a clock.
     * Not thread-safe; {@link #build()} validates and says what to change.
     */
    public static final class Builder {
        private DataSource dataSource;
        private String url;
        private String user;
        private String password;
        private final Map<String, String> sources = new LinkedHashMap<>();
        private final Map<String, String> descriptions = new LinkedHashMap<>();
        private final List<String> errors = new ArrayList<>();
        private long rowLimit = 100_000;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Reads through {@code dataSource} (a pool, say); the snapshot never closes the pool. */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /** Reads from {@code jdbcUrl} through {@link DriverManager}, credentials in the URL or none. */
        public Builder url(String jdbcUrl) {
            return url(jdbcUrl, null, null);
        }

        /** Reads from {@code jdbcUrl} through {@link DriverManager} as {@code user}. */
        public Builder url(String jdbcUrl, String user, String password) {
            this.url = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            this.user = user;
            this.password = password;
            return this;
        }

        /**
         * Copies the whole table {@code name} (up to the row limit), optionally qualified
         * ({@code schema.table}) or quoted; the SQLite table takes its last, unquoted part as name.
         */
        public Builder table(String name) {
            Objects.requireNonNull(name, "name");
            if (!SOURCE_TABLE.matcher(name).matches()) {
                errors.add("table(\"" + name + "\") is not a table name; use query(name, sql) for anything but a"
                        + " plain or schema-qualified table name");
                return this;
            }
            String last = name.substring(name.lastIndexOf('.') + 1).replaceAll("^[\"`]|[\"`]$", "");
            return add(last, "SELECT * FROM " + name, name);
        }

        /** Copies the rows of {@code sql} (up to the row limit) into the SQLite table {@code name}. */
        public Builder query(String name, String sql) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sql, "sql");
            if (!TARGET_NAME.matcher(name).matches()) {
                errors.add("query name \"" + name + "\" is not a simple table name; use letters, digits and underscores");
                return this;
            }
            return add(name, sql, sql);
        }

        private Builder add(String target, String sql, String source) {
            String key = target.toLowerCase(Locale.ROOT);
            if (key.startsWith("sqlite_") || key.equals(NOTES_TABLE)) {
                errors.add("\"" + target + "\" is a reserved table name; give the query another name");
            } else if (descriptions.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(target))) {
                errors.add("two inputs would both become table \"" + target + "\"; give one of them another name with query(name, sql)");
            } else {
                sources.put(target, sql);
                descriptions.put(target, source);
            }
            return this;
        }

        /** The most rows copied per table or query (default 100,000); more are cut and noted. */
        public Builder rowLimit(long rowLimit) {
            this.rowLimit = rowLimit;
            return this;
        }

        /** The clock for the {@code taken_at} note (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * An immutable snapshot definition.
         *
         * @throws ConfigurationException if the source, the tables or the row limit do not work; the message says what to change
         */
        public JdbcSnapshot build() {
            List<String> problems = new ArrayList<>(errors);
            if (dataSource == null && url == null) {
                problems.add("no source: call dataSource(...) or url(...)");
            }
            if (dataSource != null && url != null) {
                problems.add("both dataSource(...) and url(...) were given; keep one");
            }
            if (descriptions.isEmpty()) {
                problems.add("nothing to copy: call table(...) or query(...) at least once");
            }
            if (rowLimit < 1) {
                problems.add("rowLimit must be at least 1: " + rowLimit);
            }
            if (!problems.isEmpty()) {
                throw new ConfigurationException("JdbcSnapshot: " + String.join("; ", problems));
            }
            return new JdbcSnapshot(this);
        }
    }
}
