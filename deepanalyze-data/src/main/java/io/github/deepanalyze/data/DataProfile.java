package io.github.deepanalyze.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What an input file holds, read on the Java side without running any model code: the columns
 * and types of a CSV file, the sheets of a workbook, the tables of an SQLite database, the keys of
 * JSON records, the first lines of a text file. Obtain one with {@link DataProfiles#of(Path)}.
 *
 * <p>A profile is built from a bounded sample of the file; counts that were estimated rather than
 * counted say so. A file that exists but cannot be profiled (corrupt, encrypted, not what its
 * name says) never throws: its profile carries {@link #problems()}, human-readable messages that
 * name the file and the fix, and is often an {@link Unreadable}.
 *
 * <p>Every implementation is an immutable record and thread-safe. No accessor returns null.
 */
public sealed interface DataProfile
        permits DataProfile.Delimited, DataProfile.Workbook, DataProfile.Database, DataProfile.Json,
                DataProfile.Text, DataProfile.Binary, DataProfile.Unreadable {

    /** The file profiled. */
    Path path();

    /** The file's size in bytes. */
    long sizeBytes();

    /** Problems met while profiling, each naming the file and what to do; empty when none. */
    List<String> problems();

    /** The file's name (the last element of {@link #path()}). */
    default String fileName() {
        Path name = path().getFileName();
        return name == null ? path().toString() : name.toString();
    }

    /**
     * A compact description for a prompt: format, row counts, columns and types. A few lines,
     * bounded in length however large the file; it holds no data values except sheet and table names.
     */
    default String toPromptText() {
        return PromptText.of(this);
    }

    /**
     * A CSV or TSV file.
     *
     * @param path the file
     * @param sizeBytes its size
     * @param encoding the detected character set name, e.g. {@code "UTF-8"}, {@code "GB18030"}
     * @param byteOrderMark whether the file starts with a byte-order mark
     * @param delimiter the detected field delimiter ({@code ,} {@code ;} tab or {@code |})
     * @param quote the detected quote character
     * @param header whether the first record was taken as a header
     * @param columns the columns, types and null counts inferred from the rows examined
     * @param rowCount the number of data records (header excluded, blank lines skipped)
     * @param rowCountEstimated whether {@code rowCount} was estimated from the sample and the file size rather than counted
     * @param rowsExamined how many data records the types, null counts and ragged count come from
     * @param raggedRows how many of the records examined have a different number of fields than the header
     * @param sampleRows the first few data records
     * @param problems what went wrong, see {@link DataProfile#problems()}
     */
    record Delimited(
            Path path,
            long sizeBytes,
            String encoding,
            boolean byteOrderMark,
            char delimiter,
            char quote,
            boolean header,
            List<Column> columns,
            long rowCount,
            boolean rowCountEstimated,
            long rowsExamined,
            long raggedRows,
            List<List<String>> sampleRows,
            List<String> problems) implements DataProfile {

        public Delimited {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(encoding, "encoding");
            columns = List.copyOf(columns);
            sampleRows = sampleRows.stream().map(List::copyOf).toList();
            problems = List.copyOf(problems);
        }
    }

    /**
     * An Excel workbook ({@code .xlsx}, {@code .xlsm} or {@code .xls}).
     *
     * @param path the file
     * @param sizeBytes its size
     * @param format {@code "xlsx"} (Office Open XML) or {@code "xls"} (Excel 97-2003 BIFF8)
     * @param sheets every sheet in workbook order
     * @param problems what went wrong, see {@link DataProfile#problems()}
     */
    record Workbook(Path path, long sizeBytes, String format, List<Sheet> sheets, List<String> problems)
            implements DataProfile {
        public Workbook {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(format, "format");
            sheets = List.copyOf(sheets);
            problems = List.copyOf(problems);
        }
    }

    /**
     * An SQLite database, opened read-only.
     *
     * @param path the file
     * @param sizeBytes its size
     * @param tables its tables and views (internal {@code sqlite_} tables excluded), in name order
     * @param problems what went wrong, see {@link DataProfile#problems()}
     */
    record Database(Path path, long sizeBytes, List<DatabaseTable> tables, List<String> problems)
            implements DataProfile {
        public Database {
            Objects.requireNonNull(path, "path");
            tables = List.copyOf(tables);
            problems = List.copyOf(problems);
        }
    }

    /**
     * A JSON document or a JSON Lines file.
     *
     * @param path the file
     * @param sizeBytes its size
     * @param shape the top-level shape
     * @param fields the keys of the first records (of the array elements or lines that are objects, or of the top-level object)
     * @param recordCount array elements, lines, or 1 for a single top-level value
     * @param recordCountEstimated whether {@code recordCount} was estimated from a prefix of the file
     * @param problems what went wrong, see {@link DataProfile#problems()}
     */
    record Json(Path path, long sizeBytes, Shape shape, List<JsonField> fields, long recordCount,
            boolean recordCountEstimated, List<String> problems) implements DataProfile {
        public Json {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(shape, "shape");
            fields = List.copyOf(fields);
            problems = List.copyOf(problems);
        }

        /** The top-level shape of a JSON input. */
        public enum Shape {
            /** One top-level object. */
            OBJECT,
            /** One top-level array; records are its elements. */
            ARRAY,
            /** JSON Lines: one value per line; records are the lines. */
            LINES,
            /** One top-level string, number, boolean or null. */
            SCALAR
        }
    }

    /**
     * A text or Markdown document.
     *
     * @param path the file
     * @param sizeBytes its size
     * @param encoding the detected character set name
     * @param lineCount the number of lines
     * @param lineCountEstimated whether {@code lineCount} was estimated from a sample and the file size
     * @param firstLines the first lines (each cut at 200 characters)
     * @param problems what went wrong, see {@link DataProfile#problems()}
     */
    record Text(Path path, long sizeBytes, String encoding, long lineCount, boolean lineCountEstimated, List<String> firstLines,
            List<String> problems) implements DataProfile {
        public Text {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(encoding, "encoding");
            firstLines = List.copyOf(firstLines);
            problems = List.copyOf(problems);
        }
    }

    /**
     * A file of a kind the profiler does not read (an image, an archive, a binary format).
     * The model's code may still be able to read it.
     *
     * @param path the file
     * @param sizeBytes its size
     * @param note what the file appears to be
     * @param problems what went wrong, see {@link DataProfile#problems()}
     */
    record Binary(Path path, long sizeBytes, String note, List<String> problems) implements DataProfile {
        public Binary {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(note, "note");
            problems = List.copyOf(problems);
        }
    }

    /**
     * A file that exists but could not be profiled: unreadable, corrupt, encrypted, or not what its
     * name says. {@link #problems()} is never empty and says why and what to do.
     *
     * @param path the file
     * @param sizeBytes its size, or {@code -1} when it could not be read
     * @param format the format its name or content suggested, e.g. {@code "csv"}, {@code "xlsx"}, {@code "sqlite"}
     * @param problems why it could not be profiled; never empty
     */
    record Unreadable(Path path, long sizeBytes, String format, List<String> problems) implements DataProfile {
        public Unreadable {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(format, "format");
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an Unreadable profile needs at least one problem: " + path);
            }
        }
    }
}
