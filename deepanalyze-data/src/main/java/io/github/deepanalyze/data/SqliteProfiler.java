package io.github.deepanalyze.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/** Profiles SQLite databases through sqlite-jdbc, opened read-only. */
final class SqliteProfiler {
    private static final int BUSY_TIMEOUT_MILLIS = 2000;

    private final long exactCountLimitBytes;

    /** @param exactCountLimitBytes in databases larger than this, rows are estimated by the largest rowid, not counted */
    SqliteProfiler(long exactCountLimitBytes) {
        this.exactCountLimitBytes = exactCountLimitBytes;
    }

    DataProfile profile(Path path, long size) throws IOException {
        String name = String.valueOf(path.getFileName());
        byte[] head = new byte[16];
        int len;
        try (InputStream in = Files.newInputStream(path)) {
            len = in.readNBytes(head, 0, head.length);
        }
        if (!Magic.isSqlite(head, len)) {
            return new DataProfile.Unreadable(path, size, "sqlite", List.of(name
                    + " is not an SQLite database (it does not start with the SQLite header); check that it is the right file,"
                    + " or give it the extension of its real format"));
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + path.toAbsolutePath());
        List<String> problems = new ArrayList<>();
        List<DatabaseTable> tables = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            Map<String, Boolean> objects = new TreeMap<>();
            try (ResultSet rs = st.executeQuery("SELECT name, type FROM sqlite_master WHERE type IN ('table','view')"
                    + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
                while (rs.next()) {
                    objects.put(rs.getString(1), "view".equals(rs.getString(2)));
                }
            }
            for (Map.Entry<String, Boolean> o : objects.entrySet()) {
                tables.add(table(st, name, o.getKey(), o.getValue(), size > exactCountLimitBytes, problems));
            }
        } catch (SQLException e) {
            return new DataProfile.Unreadable(path, size, "sqlite", List.of(describe(name, e)));
        }
        return new DataProfile.Database(path, size, tables, problems);
    }

    private static DatabaseTable table(Statement st, String file, String table, boolean view, boolean large, List<String> problems)
            throws SQLException {
        String q = quote(table);
        List<Column> columns = new ArrayList<>();
        Map<Integer, String> pk = new TreeMap<>();
        try (ResultSet rs = st.executeQuery("PRAGMA table_info(" + q + ")")) {
            while (rs.next()) {
                String col = rs.getString("name");
                String declared = rs.getString("type") == null ? "" : rs.getString("type");
                columns.add(new Column(col, typeOf(declared), declared, -1));
                int k = rs.getInt("pk");
                if (k > 0) {
                    pk.put(k, col);
                }
            }
        }
        Map<Integer, String[]> fkTable = new TreeMap<>();
        Map<Integer, List<String>> fkFrom = new TreeMap<>();
        Map<Integer, List<String>> fkTo = new TreeMap<>();
        if (!view) {
            try (ResultSet rs = st.executeQuery("PRAGMA foreign_key_list(" + q + ")")) {
                while (rs.next()) {
                    int id = rs.getInt("id");
                    fkTable.putIfAbsent(id, new String[] {rs.getString("table")});
                    fkFrom.computeIfAbsent(id, k -> new ArrayList<>()).add(rs.getString("from"));
                    String to = rs.getString("to");
                    if (to != null) {
                        fkTo.computeIfAbsent(id, k -> new ArrayList<>()).add(to);
                    }
                }
            }
        }
        List<DatabaseTable.ForeignKey> fks = new ArrayList<>();
        for (Map.Entry<Integer, String[]> e : fkTable.entrySet()) {
            fks.add(new DatabaseTable.ForeignKey(fkFrom.get(e.getKey()), e.getValue()[0], fkTo.getOrDefault(e.getKey(), List.of())));
        }
        long rows = -1;
        if (large) {
            // count(*) reads the whole table; the largest rowid is an index lookup (exact unless rows were deleted)
            if (view) {
                return new DatabaseTable(table, true, columns, -1, false, List.of(), List.of());
            }
            try (ResultSet rs = st.executeQuery("SELECT max(_rowid_) FROM " + q)) {
                if (rs.next()) {
                    long max = rs.getLong(1);
                    return new DatabaseTable(table, false, columns, max, true, List.copyOf(pk.values()), fks);
                }
            } catch (SQLException withoutRowid) {
                if (isFatal(withoutRowid)) {
                    throw withoutRowid;
                }
                // a WITHOUT ROWID table: count it
            }
        }
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + q)) {
            rows = rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            if (isFatal(e)) {
                throw e;
            }
            problems.add(file + ": the rows of " + (view ? "view " : "table ") + table + " could not be counted ("
                    + firstLine(e.getMessage()) + "); the model's queries on it will likely fail the same way");
        }
        return new DatabaseTable(table, view, columns, rows, false, List.copyOf(pk.values()), fks);
    }

    /** SQLite's type affinity rules (section 3.1 of the datatype docs), refined for dates and booleans. */
    static ColumnType typeOf(String declared) {
        String t = declared.toUpperCase(Locale.ROOT);
        if (t.contains("INT")) {
            return ColumnType.INTEGER;
        }
        if (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")) {
            return ColumnType.TEXT;
        }
        if (t.contains("BLOB")) {
            return ColumnType.BINARY;
        }
        if (t.isEmpty()) {
            return ColumnType.TEXT;
        }
        if (t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") || t.contains("NUM") || t.contains("DEC")) {
            return ColumnType.DECIMAL;
        }
        if (t.contains("BOOL")) {
            return ColumnType.BOOLEAN;
        }
        if (t.contains("DATETIME") || t.contains("TIMESTAMP")) {
            return ColumnType.DATETIME;
        }
        if (t.contains("DATE")) {
            return ColumnType.DATE;
        }
        return ColumnType.TEXT;
    }

    private static boolean isFatal(SQLException e) {
        int code = e.getErrorCode() & 0xFF;
        return code == SQLiteErrorCode.SQLITE_CORRUPT.code || code == SQLiteErrorCode.SQLITE_NOTADB.code
                || code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code;
    }

    static String describe(String file, SQLException e) {
        int code = e instanceof SQLiteException se ? se.getResultCode().code & 0xFF : e.getErrorCode() & 0xFF;
        String detail = firstLine(e.getMessage());
        if (code == SQLiteErrorCode.SQLITE_CORRUPT.code || code == SQLiteErrorCode.SQLITE_NOTADB.code) {
            return file + " is a corrupted SQLite database (SQLite says: " + detail + "); restore it from a backup, or"
                    + " salvage it with `sqlite3 " + file + " .recover`";
        }
        if (code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return file + " is locked by another process (SQLite says: " + detail + "); close the application writing it,"
                    + " or copy the file and analyse the copy";
        }
        return file + " could not be read as an SQLite database (SQLite says: " + detail + "); check that the file is"
                + " complete and readable";
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
