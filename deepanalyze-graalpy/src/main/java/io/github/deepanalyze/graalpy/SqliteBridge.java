package io.github.deepanalyze.graalpy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteLimits;

/**
 * The host side of the sandbox's {@code sqlite3} module: sqlite-jdbc connections opened only on
 * files inside the workspace (checked by the context's {@link WorkspaceFileSystem}) or in memory.
 * {@code ATTACH} (and with it {@code VACUUM INTO}) is disabled by a zero attach limit, so SQL cannot
 * reach other files either; extension loading stays off (sqlite-jdbc's default).
 *
 * <p>Coarse-grained on purpose: a statement returns its whole result set, so guest code pays one
 * host call per statement, not per row. Errors come back as data ({@code ["error", kind, message]})
 * and the Python module raises the matching DB-API exception.
 *
 * <p>Public only because the polyglot host access needs public classes; not part of the SDK's API.
 * Used by one context thread at a time.
 */
public final class SqliteBridge {
    private final WorkspaceFileSystem fs;
    private final List<Conn> open = new CopyOnWriteArrayList<>();

    SqliteBridge(WorkspaceFileSystem fs) {
        this.fs = fs;
    }

    /** Opens {@code path} (absolute or relative to the workspace) or {@code :memory:}; returns a connection or an error list. */
    @HostAccess.Export
    public Object connect(String path) {
        String url;
        if (path.equals(":memory:") || path.isEmpty()) {
            url = "jdbc:sqlite::memory:";
        } else {
            if (path.startsWith("file:") || path.indexOf('?') >= 0) {
                return List.of("error", "NotSupportedError", "URI file names are not supported in the sandbox: " + path);
            }
            Path checked;
            try {
                checked = fs.checkWorkspacePath(Path.of(path));
            } catch (SecurityException | java.nio.file.InvalidPathException e) {
                return List.of("error", "PermissionError", e.getMessage());
            }
            url = "jdbc:sqlite:" + checked;
        }
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.enableLoadExtension(false);
            SQLiteConnection c = (SQLiteConnection) config.createConnection(url);
            c.setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, 0);
            Conn conn = new Conn(c, this);
            open.add(conn);
            return conn;
        } catch (SQLException e) {
            return error(e);
        }
    }

    /** Closes every connection still open (the context is going away). */
    void closeAll() {
        for (Conn c : open) {
            c.close();
        }
    }

    static List<Object> error(SQLException e) {
        String kind = "OperationalError";
        if (e instanceof SQLiteException se) {
            SQLiteErrorCode code = se.getResultCode();
            if (code != null && code.name().startsWith("SQLITE_CONSTRAINT")) {
                kind = "IntegrityError";
            } else if (code == SQLiteErrorCode.SQLITE_MISMATCH || code == SQLiteErrorCode.SQLITE_RANGE) {
                kind = "InterfaceError";
            }
        }
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        // sqlite-jdbc prefixes "[SQLITE_ERROR] SQL error or missing database (...)"; Python shows the inner text
        int open = msg.indexOf('(');
        if (msg.startsWith("[SQLITE_") && open > 0 && msg.endsWith(")")) {
            msg = msg.substring(open + 1, msg.length() - 1);
        }
        return List.of("error", kind, msg);
    }

    /** One open connection; see {@link SqliteBridge}. */
    public static final class Conn {
        private final SQLiteConnection connection;
        private final SqliteBridge owner;

        Conn(SQLiteConnection connection, SqliteBridge owner) {
            this.connection = connection;
            this.owner = owner;
        }

        /**
         * Runs one statement with positional parameters. Returns {@code ["ok", columns or None,
         * rows, rowcount, lastrowid or None]} or an error list.
         */
        @HostAccess.Export
        public List<Object> execute(String sql, Value params) {
            try {
                String verb = firstKeyword(sql);
                boolean dml = verb.equals("INSERT") || verb.equals("UPDATE") || verb.equals("DELETE") || verb.equals("REPLACE");
                if (dml && connection.getAutoCommit()) {
                    connection.setAutoCommit(false); // Python's sqlite3 opens a transaction implicitly before DML
                }
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    long n = params == null || params.isNull() ? 0 : params.getArraySize();
                    for (int i = 0; i < n; i++) {
                        ps.setObject(i + 1, toJava(params.getArrayElement(i)));
                    }
                    boolean hasRows = ps.execute();
                    if (hasRows) {
                        try (ResultSet rs = ps.getResultSet()) {
                            ResultSetMetaData md = rs.getMetaData();
                            int cols = md.getColumnCount();
                            List<Object> names = new ArrayList<>(cols);
                            for (int i = 1; i <= cols; i++) {
                                names.add(md.getColumnLabel(i));
                            }
                            List<Object> rows = new ArrayList<>();
                            while (rs.next()) {
                                Object[] row = new Object[cols];
                                for (int i = 1; i <= cols; i++) {
                                    row[i - 1] = rs.getObject(i);
                                }
                                rows.add(Arrays.asList(row));
                            }
                            return Arrays.asList("ok", names, rows, -1L, null);
                        }
                    }
                    long count = ps.getUpdateCount();
                    Object lastRowId = null;
                    if (verb.equals("INSERT") || verb.equals("REPLACE")) {
                        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
                            lastRowId = rs.next() ? rs.getLong(1) : null;
                        }
                    }
                    return Arrays.asList("ok", null, List.of(), dml ? count : -1L, lastRowId);
                }
            } catch (SQLException e) {
                return error(e);
            } catch (IllegalArgumentException e) {
                return List.of("error", "InterfaceError", e.getMessage());
            }
        }

        /** Runs a script of several statements after committing any open transaction. */
        @HostAccess.Export
        public List<Object> executescript(String script) {
            try {
                commitOpen();
                try (Statement s = connection.createStatement()) {
                    s.executeUpdate(script);
                }
                return List.of("ok");
            } catch (SQLException e) {
                return error(e);
            }
        }

        @HostAccess.Export
        public List<Object> commit() {
            try {
                commitOpen();
                return List.of("ok");
            } catch (SQLException e) {
                return error(e);
            }
        }

        @HostAccess.Export
        public List<Object> rollback() {
            try {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
                return List.of("ok");
            } catch (SQLException e) {
                return error(e);
            }
        }

        @HostAccess.Export
        public boolean inTransaction() {
            try {
                return !connection.getAutoCommit();
            } catch (SQLException e) {
                return false;
            }
        }

        /** Closes without committing, as Python's sqlite3 does. */
        @HostAccess.Export
        public void close() {
            owner.open.remove(this);
            try {
                if (!connection.isClosed()) {
                    if (!connection.getAutoCommit()) {
                        connection.rollback();
                    }
                    connection.close();
                }
            } catch (SQLException ignored) {
                // closing a broken connection: nothing left to release
            }
        }

        private void commitOpen() throws SQLException {
            if (!connection.getAutoCommit()) {
                connection.commit();
                connection.setAutoCommit(true);
            }
        }
    }

    static String firstKeyword(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int e = sql.indexOf('\n', i);
                i = e < 0 ? n : e + 1;
            } else if (sql.startsWith("/*", i)) {
                int e = sql.indexOf("*/", i + 2);
                i = e < 0 ? n : e + 2;
            } else {
                break;
            }
        }
        int j = i;
        while (j < n && Character.isLetter(sql.charAt(j))) {
            j++;
        }
        return sql.substring(i, j).toUpperCase(Locale.ROOT);
    }

    static Object toJava(Value v) {
        if (v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.asBoolean() ? 1L : 0L;
        }
        if (v.isNumber()) {
            if (v.fitsInLong()) {
                return v.asLong();
            }
            if (v.fitsInDouble()) {
                return v.asDouble();
            }
            throw new IllegalArgumentException("Python int too large to convert to SQLite INTEGER");
        }
        if (v.isString()) {
            return v.asString();
        }
        if (v.hasBufferElements()) {
            byte[] b = new byte[(int) v.getBufferSize()];
            v.readBuffer(0, b, 0, b.length);
            return b;
        }
        throw new IllegalArgumentException("Error binding parameter: type '" + v.getMetaObject() + "' is not supported");
    }
}
