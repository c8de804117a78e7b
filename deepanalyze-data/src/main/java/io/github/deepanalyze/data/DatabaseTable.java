package io.github.deepanalyze.data;

import java.util.List;
import java.util.Objects;

/**
 * A table or view of an SQLite database.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the table or view name
 * @param view whether it is a view
 * @param columns its columns with their declared types
 * @param rowCount the number of rows, or {@code -1} when they were not counted (a view in a large database, or an
 *     error named in the profile's problems)
 * @param rowCountEstimated whether {@code rowCount} is the largest rowid of a table in a large database rather than a count
 * @param primaryKey the primary-key column names in key order (empty when none is declared)
 * @param foreignKeys its declared foreign keys
 */
public record DatabaseTable(
        String name, boolean view, List<Column> columns, long rowCount, boolean rowCountEstimated, List<String> primaryKey,
        List<ForeignKey> foreignKeys) {

    public DatabaseTable {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        foreignKeys = List.copyOf(foreignKeys);
    }

    /**
     * A foreign key: {@code columns} of this table reference {@code referencedColumns} of {@code referencedTable}.
     *
     * @param columns the referencing columns in this table
     * @param referencedTable the referenced table
     * @param referencedColumns the referenced columns (empty when the key references the primary key implicitly)
     */
    public record ForeignKey(List<String> columns, String referencedTable, List<String> referencedColumns) {
        public ForeignKey {
            columns = List.copyOf(columns);
            Objects.requireNonNull(referencedTable, "referencedTable");
            referencedColumns = List.copyOf(referencedColumns);
        }
    }
}
