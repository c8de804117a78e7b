package io.github.deepanalyze.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.github.deepanalyze.testing.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large workbooks are read with the SAX event API, only as far as the rows examined. */
class XlsxStreamingTest {
    @TempDir
    Path dir;

    private static DataProfile streamed(Path p) throws IOException {
        return new ExcelProfiler(ProfileOptions.DEFAULTS, 0).profile(p, Files.size(p));
    }

    @Test
    void streamingAgreesWithTheUserModelOnTheFixture() throws IOException {
        Path p = Fixtures.studentLoanData().resolve("enrolled.xlsx");

        var streamed = (DataProfile.Workbook) streamed(p);
        var loaded = (DataProfile.Workbook) DataProfiles.of(p);

        Sheet s = streamed.sheets().get(0);
        Sheet l = loaded.sheets().get(0);
        assertThat(s.name()).isEqualTo(l.name());
        assertThat(s.usedRange()).isEqualTo(l.usedRange()).isEqualTo("A1:C1195");
        assertThat(s.headerRow()).isEqualTo(1);
        assertThat(s.columns()).isEqualTo(l.columns());
        assertThat(s.rowCount()).isEqualTo(1194);
        assertThat(s.sampleRows()).isEqualTo(l.sampleRows());
    }

    @Test
    void readsOnlyTheRowsExaminedAndTakesTheRowCountFromTheDimension() throws IOException {
        Path f = dir.resolve("big.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(f)) {
            var sheet = wb.createSheet("data");
            Row h = sheet.createRow(0);
            h.createCell(0).setCellValue("id");
            h.createCell(1).setCellValue("score");
            h.createCell(2).setCellValue("double");
            for (int i = 1; i <= 5000; i++) {
                Row r = sheet.createRow(i);
                r.createCell(0).setCellValue(i);
                r.createCell(1).setCellValue(i + 0.5);
                r.createCell(2).setCellFormula("A" + (i + 1) + "*2");
            }
            wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
            wb.createSheet("notes").createRow(2).createCell(1).setCellValue("see data");
            wb.write(out);
        }

        var p = (DataProfile.Workbook) streamed(f);

        Sheet data = p.sheets().get(0);
        assertThat(data.usedRange()).isEqualTo("A1:C5001");
        assertThat(data.rowCount()).isEqualTo(5000);
        assertThat(data.rowsExamined()).isEqualTo(1000);
        assertThat(data.columns()).extracting(Column::name, Column::type).containsExactly(
                tuple("id", ColumnType.INTEGER), tuple("score", ColumnType.DECIMAL), tuple("double", ColumnType.INTEGER));
        assertThat(data.formulas()).first().isEqualTo("C2: =A2*2 -> 2");
        assertThat(data.formulaCount()).isBetween(1000L, 1001L);
        Sheet notes = p.sheets().get(1);
        assertThat(notes.usedRange()).isEqualTo("B3:B3");
        assertThat(notes.headerRow()).isEqualTo(3);
        assertThat(notes.rowCount()).isZero();
    }

    @Test
    void truncatedLargeWorkbookIsStillAClearProblem() throws IOException {
        byte[] full = Files.readAllBytes(Fixtures.studentLoanData().resolve("enrolled.xlsx"));
        Path f = Files.write(dir.resolve("cut.xlsx"), java.util.Arrays.copyOf(full, full.length / 2));

        DataProfile p = streamed(f);

        assertThat(p).isInstanceOf(DataProfile.Unreadable.class);
        assertThat(p.problems().get(0)).contains("cut.xlsx", "truncated");
    }
}
