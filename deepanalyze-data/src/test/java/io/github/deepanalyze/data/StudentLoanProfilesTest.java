package io.github.deepanalyze.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StudentLoanProfilesTest {

    private static Path data(String name) {
        return Fixtures.studentLoanData().resolve(name);
    }

    @Test
    void profilesEnrolledCsvWithHeaderTypesAndExactRowCount() {
        var p = (DataProfile.Delimited) DataProfiles.of(data("enrolled.csv"));

        assertThat(p.encoding()).isEqualTo("UTF-8");
        assertThat(p.delimiter()).isEqualTo(',');
        assertThat(p.header()).isTrue();
        assertThat(p.columns()).extracting(Column::name).containsExactly("name", "school", "month");
        assertThat(p.columns()).extracting(Column::type).containsExactly(ColumnType.TEXT, ColumnType.TEXT, ColumnType.INTEGER);
        assertThat(p.rowCount()).isEqualTo(1194);
        assertThat(p.rowCountEstimated()).isFalse();
        assertThat(p.raggedRows()).isZero();
        assertThat(p.sampleRows()).hasSize(5).first().isEqualTo(List.of("student10", "smc", "1"));
        assertThat(p.problems()).isEmpty();
    }

    @Test
    void takesSingleTextColumnFirstLineAsHeaderAsPandasDoes() {
        var p = (DataProfile.Delimited) DataProfiles.of(data("bool.csv"));

        assertThat(p.header()).isTrue();
        assertThat(p.columns()).containsExactly(Column.inferred("name", ColumnType.TEXT, 0));
        assertThat(p.rowCount()).isEqualTo(2);
    }

    @Test
    void profilesWorkbookSheetsWithUsedRangeHeaderAndTypes() {
        var p = (DataProfile.Workbook) DataProfiles.of(data("enrolled.xlsx"));

        assertThat(p.format()).isEqualTo("xlsx");
        assertThat(p.problems()).isEmpty();
        Sheet sheet = p.sheets().get(0);
        assertThat(sheet.headerRow()).isEqualTo(1);
        assertThat(sheet.columns()).extracting(Column::name).containsExactly("name", "school", "month");
        assertThat(sheet.columns()).extracting(Column::type).containsExactly(ColumnType.TEXT, ColumnType.TEXT, ColumnType.INTEGER);
        assertThat(sheet.rowCount()).isEqualTo(1194);
        assertThat(sheet.usedRange()).isEqualTo("A1:C1195");
    }

    @Test
    void profilesSqliteTablesColumnsRowCountsAndForeignKeys() {
        var p = (DataProfile.Database) DataProfiles.of(data("student_loan.sqlite"));

        assertThat(p.problems()).isEmpty();
        assertThat(p.tables()).extracting(DatabaseTable::name).contains("person", "enrolled", "no_payment_due").hasSize(10);
        DatabaseTable enrolled = p.tables().stream().filter(t -> t.name().equals("enrolled")).findFirst().orElseThrow();
        assertThat(enrolled.rowCount()).isEqualTo(1194);
        assertThat(enrolled.columns()).extracting(Column::name, Column::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("name", ColumnType.TEXT),
                        org.assertj.core.groups.Tuple.tuple("school", ColumnType.TEXT),
                        org.assertj.core.groups.Tuple.tuple("month", ColumnType.INTEGER));
        assertThat(enrolled.primaryKey()).containsExactly("name", "school");
        assertThat(enrolled.foreignKeys()).containsExactly(
                new DatabaseTable.ForeignKey(List.of("name"), "person", List.of("name")));
        DatabaseTable npd = p.tables().stream().filter(t -> t.name().equals("no_payment_due")).findFirst().orElseThrow();
        assertThat(npd.foreignKeys()).extracting(DatabaseTable.ForeignKey::referencedTable).containsExactlyInAnyOrder("person", "bool");
    }

    @Test
    void profilesAllTwentyOneFilesWithoutProblems() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Fixtures.studentLoanData())) {
            files = s.sorted().toList();
        }
        List<DataProfile> profiles = DataProfiles.ofAll(files);

        assertThat(profiles).hasSize(21);
        assertThat(profiles).allSatisfy(p -> assertThat(p.problems()).isEmpty());
        assertThat(profiles).extracting(DataProfile::path).containsExactlyElementsOf(files);
        assertThat(profiles).allSatisfy(p -> assertThat(p).isNotInstanceOf(DataProfile.Unreadable.class));
    }

    @Test
    void describesProfilesCompactlyForPrompts() {
        assertThat(DataProfiles.of(data("enrolled.csv")).toPromptText()).isEqualTo(
                "CSV (UTF-8, header row), 1,194 rows\nColumns: name (text), school (text), month (integer)");
        String db = DataProfiles.of(data("student_loan.sqlite")).toPromptText();
        assertThat(db).startsWith("SQLite database, 10 tables\n")
                .contains("Table enrolled (1,194 rows): name TEXT PK, school TEXT PK, month INTEGER; FK (name) -> person(name)");
        assertThat(DataProfiles.of(data("enrolled.xlsx")).toPromptText()).isEqualTo(
                "Excel workbook (xlsx), 1 sheet\nSheet \"Sheet1\" A1:C1195, header row 1, 1,194 rows: name (text), school (text), month (integer)");
    }
}
