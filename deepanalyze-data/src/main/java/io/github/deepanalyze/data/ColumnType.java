package io.github.deepanalyze.data;

/**
 * The type inferred for a column from its values, in the words a pandas user would expect.
 * Inference is over non-null values: a column is {@link #INTEGER} when every value is a whole
 * number, {@link #DECIMAL} when every value is a number, and so on; mixed values make it
 * {@link #TEXT}. A column with only nulls is {@link #EMPTY}.
 */
public enum ColumnType {
    INTEGER("integer"),
    DECIMAL("decimal"),
    BOOLEAN("boolean"),
    DATE("date"),
    DATETIME("datetime"),
    TEXT("text"),
    /** Binary values (SQLite BLOB columns). */
    BINARY("binary"),
    /** No non-null value was seen. */
    EMPTY("empty");

    private final String label;

    ColumnType(String label) {
        this.label = label;
    }

    /** The lower-case name used in prompt text, e.g. {@code "integer"}. */
    public String label() {
        return label;
    }
}
