package io.github.deepanalyze.data;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Renders a {@link DataProfile} as a few compact lines for a prompt. */
final class PromptText {
    private static final int MAX_COLUMNS = 60;
    private static final int MAX_TABLES = 40;
    private static final int MAX_PROBLEMS = 3;

    private PromptText() {
    }

    static String of(DataProfile profile) {
        StringBuilder sb = new StringBuilder();
        switch (profile) {
            case DataProfile.Delimited d -> delimited(sb, d);
            case DataProfile.Workbook w -> workbook(sb, w);
            case DataProfile.Database db -> database(sb, db);
            case DataProfile.Json j -> json(sb, j);
            case DataProfile.Text t -> sb.append("Text (").append(t.encoding()).append("), ")
                    .append(t.lineCountEstimated() ? "about " : "").append(count(t.lineCount())).append(" lines");
            case DataProfile.Binary b -> sb.append("Binary file: ").append(b.note());
            case DataProfile.Unreadable u -> sb.append("Could not be profiled (").append(u.format()).append(")");
        }
        List<String> problems = profile.problems();
        for (int i = 0; i < Math.min(MAX_PROBLEMS, problems.size()); i++) {
            sb.append("\nWarning: ").append(problems.get(i));
        }
        if (problems.size() > MAX_PROBLEMS) {
            sb.append("\n(and ").append(problems.size() - MAX_PROBLEMS).append(" more warnings)");
        }
        return sb.toString();
    }

    private static void delimited(StringBuilder sb, DataProfile.Delimited d) {
        sb.append(d.delimiter() == '\t' ? "TSV" : "CSV").append(" (").append(d.encoding());
        if (d.byteOrderMark()) {
            sb.append(" with BOM");
        }
        if (d.delimiter() != ',' && d.delimiter() != '\t') {
            sb.append(", delimiter '").append(d.delimiter()).append('\'');
        }
        if (d.quote() != '"') {
            sb.append(", quote ").append(d.quote());
        }
        sb.append(d.header() ? ", header row" : ", no header row").append("), ")
                .append(d.rowCountEstimated() ? "about " : "").append(count(d.rowCount())).append(" rows");
        if (d.raggedRows() > 0) {
            sb.append(", ").append(count(d.raggedRows())).append(" ragged rows in the first ").append(count(d.rowsExamined()));
        }
        if (!d.columns().isEmpty()) {
            sb.append("\nColumns: ").append(columns(d.columns()));
        }
    }

    private static void workbook(StringBuilder sb, DataProfile.Workbook w) {
        sb.append("Excel workbook (").append(w.format()).append("), ").append(w.sheets().size())
                .append(w.sheets().size() == 1 ? " sheet" : " sheets");
        for (Sheet s : w.sheets().subList(0, Math.min(MAX_TABLES, w.sheets().size()))) {
            sb.append("\nSheet \"").append(s.name()).append('"');
            if (s.hidden()) {
                sb.append(" (hidden)");
            }
            if (s.usedRange().isEmpty()) {
                sb.append(": empty");
                continue;
            }
            sb.append(' ').append(s.usedRange())
                    .append(s.headerRow() > 0 ? ", header row " + s.headerRow() : ", no header row")
                    .append(", ").append(count(s.rowCount())).append(" rows");
            if (!s.mergedRegions().isEmpty()) {
                sb.append(", ").append(s.mergedRegions().size()).append(" merged ranges");
            }
            if (s.formulaCount() > 0) {
                sb.append(", ").append(count(s.formulaCount())).append(" formulas");
            }
            sb.append(": ").append(columns(s.columns()));
        }
        more(sb, w.sheets().size(), "sheets");
    }

    private static void database(StringBuilder sb, DataProfile.Database db) {
        long tables = db.tables().stream().filter(t -> !t.view()).count();
        long views = db.tables().size() - tables;
        sb.append("SQLite database, ").append(tables).append(tables == 1 ? " table" : " tables");
        if (views > 0) {
            sb.append(", ").append(views).append(views == 1 ? " view" : " views");
        }
        for (DatabaseTable t : db.tables().subList(0, Math.min(MAX_TABLES, db.tables().size()))) {
            sb.append('\n').append(t.view() ? "View " : "Table ").append(t.name());
            if (t.rowCount() >= 0) {
                sb.append(" (").append(t.rowCountEstimated() ? "about " : "").append(count(t.rowCount())).append(" rows)");
            }
            sb.append(": ");
            List<Column> cols = t.columns();
            sb.append(cols.stream().limit(MAX_COLUMNS).map(c -> c.name() + (c.declaredType().isEmpty() ? "" : " " + c.declaredType())
                    + (t.primaryKey().contains(c.name()) ? " PK" : "")).collect(Collectors.joining(", ")));
            if (cols.size() > MAX_COLUMNS) {
                sb.append(", … and ").append(cols.size() - MAX_COLUMNS).append(" more");
            }
            for (DatabaseTable.ForeignKey fk : t.foreignKeys()) {
                sb.append("; FK (").append(String.join(", ", fk.columns())).append(") -> ").append(fk.referencedTable());
                if (!fk.referencedColumns().isEmpty()) {
                    sb.append('(').append(String.join(", ", fk.referencedColumns())).append(')');
                }
            }
        }
        more(sb, db.tables().size(), "tables");
    }

    private static void json(StringBuilder sb, DataProfile.Json j) {
        String approx = j.recordCountEstimated() ? "about " : "";
        switch (j.shape()) {
            case ARRAY -> sb.append("JSON array of ").append(approx).append(count(j.recordCount())).append(" records");
            case LINES -> sb.append("JSON Lines, ").append(approx).append(count(j.recordCount())).append(" records");
            case OBJECT -> sb.append("JSON object");
            case SCALAR -> sb.append("JSON scalar value");
        }
        if (!j.fields().isEmpty()) {
            sb.append("\nKeys: ").append(j.fields().stream().limit(MAX_COLUMNS)
                    .map(f -> f.name() + " (" + String.join("|", f.valueTypes()) + ")").collect(Collectors.joining(", ")));
            if (j.fields().size() > MAX_COLUMNS) {
                sb.append(", … and ").append(j.fields().size() - MAX_COLUMNS).append(" more");
            }
        }
    }

    private static String columns(List<Column> columns) {
        String s = columns.stream().limit(MAX_COLUMNS).map(c -> c.name() + " (" + c.type().label()
                + (c.nullCount() > 0 ? ", " + count(c.nullCount()) + " null" : "") + ")").collect(Collectors.joining(", "));
        return columns.size() > MAX_COLUMNS ? s + ", … and " + (columns.size() - MAX_COLUMNS) + " more" : s;
    }

    private static void more(StringBuilder sb, int size, String what) {
        if (size > MAX_TABLES) {
            sb.append("\n… and ").append(size - MAX_TABLES).append(" more ").append(what);
        }
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
