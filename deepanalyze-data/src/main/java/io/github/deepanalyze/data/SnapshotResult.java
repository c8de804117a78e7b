package io.github.deepanalyze.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link JdbcSnapshot} wrote.
 *
 * <p>Immutable and thread-safe.
 *
 * @param file the SQLite file written
 * @param tables the tables copied, in the order they were requested
 * @param notes the notes written to the {@code _snapshot_notes} table for tables whose row limit was hit; empty when none was
 */
public record SnapshotResult(Path file, List<Table> tables, List<String> notes) {
    public SnapshotResult {
        Objects.requireNonNull(file, "file");
        tables = List.copyOf(tables);
        notes = List.copyOf(notes);
    }

    /** Whether any table was cut at the row limit. */
    public boolean truncated() {
        return tables.stream().anyMatch(Table::truncated);
    }

    /**
     * One copied table.
     *
     * @param name the table's name in the SQLite file
     * @param source the source table name or SQL query
     * @param columns its columns: {@link Column#declaredType()} is the SQLite type written
     *     ({@code INTEGER}, {@code REAL}, {@code TEXT} or {@code BLOB}) and {@link Column#type()} what it holds
     * @param rowsCopied how many rows were copied
     * @param truncated whether the source had more rows than the row limit
     * @param note why the table is incomplete and what to do, or {@code ""} when it is complete
     */
    public record Table(String name, String source, List<Column> columns, long rowsCopied, boolean truncated, String note) {
        public Table {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(source, "source");
            columns = List.copyOf(columns);
            Objects.requireNonNull(note, "note");
        }
    }
}
