package io.github.deepanalyze.data;

import io.github.deepanalyze.common.InputProfile;
import java.util.ArrayList;
import java.util.List;

/** Maps a {@link DataProfile} to the api's profiler-independent {@link InputProfile}. Stateless. */
final class InputProfiles {
    private static final int EXAMPLES = 3;

    private InputProfiles() {
    }

    static InputProfile of(DataProfile p) {
        String name = p.fileName();
        return switch (p) {
            case DataProfile.Delimited d -> new InputProfile(name, InputProfile.Kind.CSV, d.sizeBytes(), d.encoding(),
                    List.of(new InputProfile.Table(name, d.rowCount(), d.rowCountEstimated(),
                            columns(d.columns(), d.sampleRows()))), p.problems());
            case DataProfile.Workbook w -> new InputProfile(name, InputProfile.Kind.EXCEL, w.sizeBytes(), "",
                    w.sheets().stream().map(s -> new InputProfile.Table(s.name(), s.rowCount(), false,
                            columns(s.columns(), s.sampleRows()))).toList(), p.problems());
            case DataProfile.Database db -> new InputProfile(name, InputProfile.Kind.SQLITE, db.sizeBytes(), "",
                    db.tables().stream().map(t -> new InputProfile.Table(t.name(), t.rowCount(), t.rowCountEstimated(),
                            columns(t.columns(), List.of()))).toList(), p.problems());
            case DataProfile.Json j -> new InputProfile(name, InputProfile.Kind.JSON, j.sizeBytes(), "",
                    List.of(new InputProfile.Table(name, j.recordCount(), j.recordCountEstimated(),
                            j.fields().stream().map(f -> new InputProfile.Column(f.name(),
                                    String.join("|", f.valueTypes()), -1, List.of())).toList())), p.problems());
            case DataProfile.Text t -> new InputProfile(name, InputProfile.Kind.TEXT, t.sizeBytes(), t.encoding(),
                    List.of(), p.problems());
            case DataProfile.Binary b -> new InputProfile(name, InputProfile.Kind.OTHER, b.sizeBytes(), "", List.of(),
                    p.problems());
            case DataProfile.Unreadable u -> new InputProfile(name, InputProfile.Kind.UNREADABLE, u.sizeBytes(), "",
                    List.of(), p.problems());
        };
    }

    private static List<InputProfile.Column> columns(List<Column> columns, List<List<String>> sampleRows) {
        List<InputProfile.Column> out = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            List<String> examples = new ArrayList<>();
            for (List<String> row : sampleRows) {
                if (i < row.size() && !row.get(i).isBlank() && !examples.contains(row.get(i)) && examples.size() < EXAMPLES) {
                    examples.add(row.get(i));
                }
            }
            out.add(new InputProfile.Column(c.name(), c.type().label(), c.nullCount(), examples));
        }
        return out;
    }
}
