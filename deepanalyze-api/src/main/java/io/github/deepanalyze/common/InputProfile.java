package io.github.deepanalyze.common;

import java.util.List;
import java.util.Objects;

/**
 * What profiling found in one input file, in a form that does not depend on the profiler: its kind,
 * size, encoding, tables (the sheets of a workbook, the tables of a database, the records of a CSV or
 * JSON file) and the problems noted. Read from {@code Analysis.profiles()}.
 *
 * <p>Immutable and thread-safe. Null strings are taken as empty and null lists as empty, so traces
 * written by other versions read back.
 *
 * @param file the file name in the workspace
 * @param kind the format
 * @param sizeBytes the size in bytes, or -1 when unknown
 * @param encoding the character set of a text format, or empty
 * @param tables the tables, sheets or record sets in file order; empty when the format has none
 * @param notes the problems the profilers reported for this file; empty when none
 */
public record InputProfile(String file, Kind kind, long sizeBytes, String encoding, List<Table> tables,
                           List<String> notes) {
    public InputProfile {
        Objects.requireNonNull(file, "file");
        kind = kind == null ? Kind.OTHER : kind;
        encoding = encoding == null ? "" : encoding;
        tables = tables == null ? List.of() : List.copyOf(tables);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** The same profile with {@code notes} instead of its own. */
    public InputProfile withNotes(List<String> notes) {
        return new InputProfile(file, kind, sizeBytes, encoding, tables, notes);
    }

    /** The format of an input. */
    public enum Kind {
        /** A delimited text file (CSV, TSV). */
        CSV,
        /** An Excel workbook. */
        EXCEL,
        /** An SQLite database. */
        SQLITE,
        /** A JSON document or JSON Lines file. */
        JSON,
        /** A text or Markdown document. */
        TEXT,
        /** A file no profiler could read (corrupt, encrypted, not what its name says). */
        UNREADABLE,
        /** Any other file (an image, an archive, a format no profiler knows). */
        OTHER
    }

    /**
     * One table of an input: a CSV file's records, a sheet, a database table, a JSON file's records.
     *
     * @param name the table or sheet name (the file name for a CSV or JSON file)
     * @param rowCount the number of rows or records
     * @param rowCountEstimated whether {@code rowCount} was estimated rather than counted
     * @param columns the columns in order
     */
    public record Table(String name, long rowCount, boolean rowCountEstimated, List<Column> columns) {
        public Table {
            Objects.requireNonNull(name, "name");
            columns = columns == null ? List.of() : List.copyOf(columns);
        }
    }

    /**
     * One column of a table.
     *
     * @param name the column name (a JSON key)
     * @param type the inferred type, e.g. {@code integer}, {@code decimal}, {@code text}; empty when unknown
     * @param nullCount the empty values among the rows examined, or -1 when unknown
     * @param examples a few values from the first rows; empty when the profiler keeps none
     */
    public record Column(String name, String type, long nullCount, List<String> examples) {
        public Column {
            Objects.requireNonNull(name, "name");
            type = type == null ? "" : type;
            examples = examples == null ? List.of() : List.copyOf(examples);
        }
    }
}
