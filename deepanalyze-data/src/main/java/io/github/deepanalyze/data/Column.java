package io.github.deepanalyze.data;

import java.util.Objects;

/**
 * One column of a table-like input (a CSV file, a sheet, a database table).
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the column name (from the header, or {@code column_1}, {@code column_2}, … when there is none)
 * @param type the inferred type; for database columns, the type the declared type maps to
 * @param declaredType the type the source declares (an SQLite column's declared type), or {@code ""} when none
 * @param nullCount how many null or blank values were seen in the rows examined, or {@code -1} when not counted
 */
public record Column(String name, ColumnType type, String declaredType, long nullCount) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(declaredType, "declaredType");
        if (nullCount < -1) {
            throw new IllegalArgumentException("nullCount must be >= -1: " + nullCount);
        }
    }

    /** A column with an inferred type and a null count, and no declared type. */
    public static Column inferred(String name, ColumnType type, long nullCount) {
        return new Column(name, type, "", nullCount);
    }
}
