package io.github.deepanalyze.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A table of the report as typed rows.
 *
 * <p>Immutable and thread-safe; no component is {@code null}.
 *
 * @param header the header cells' text
 * @param rows the body rows, each as wide as the table was written (short rows are not padded)
 */
public record Table(List<String> header, List<List<Cell>> rows) {
    public Table {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
    }

    /** The cells of the column headed {@code name} (trimmed, case-sensitive), one per row, or an empty list if there is no such column. */
    public List<Cell> column(String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            return List.of();
        }
        return rows.stream().map(r -> i < r.size() ? r.get(i) : new Cell("", null, false)).toList();
    }

    /**
     * One cell.
     *
     * @param text the cell's plain text
     * @param number its numeric value when the whole cell is a number (separators, a leading
     *     currency sign and a trailing percent sign allowed), else {@code null}
     * @param percent whether the number was written as a percentage (its value is then e.g. {@code 19.6}, not {@code 0.196})
     */
    public record Cell(String text, BigDecimal number, boolean percent) {
        public Cell {
            Objects.requireNonNull(text, "text");
        }

        /** Whether the cell holds a number. */
        public boolean isNumeric() {
            return number != null;
        }

        /** Parses a cell's text. */
        public static Cell of(String text) {
            String t = text.strip();
            String s = t.replace(",", "").replace(" ", "");
            boolean percent = s.endsWith("%");
            if (percent) {
                s = s.substring(0, s.length() - 1);
            }
            if (!s.isEmpty() && "$€£¥".indexOf(s.charAt(0)) >= 0) {
                s = s.substring(1);
            }
            if (s.matches("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?")) {
                return new Cell(t, new BigDecimal(s.startsWith("+") ? s.substring(1) : s), percent);
            }
            return new Cell(t, null, false);
        }
    }
}
