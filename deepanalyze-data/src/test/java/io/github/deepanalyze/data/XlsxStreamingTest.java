package io.github.deepanalyze.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.github.deepanalyze.testing.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workbooks are streamed with the JDK alone, only as far as the rows examined, and agree with POI's user model. */
class XlsxStreamingTest {
    @TempDir
    Path dir;

    private static DataProfile streamed(Path p) throws IOException {
        return new ExcelProfiler(ProfileOptions.DEFAULTS, 0).profile(p, Files.size(p));
    }

    private static DataProfile userModel(Path p) throws IOException {
        return new ExcelProfiler(ProfileOptions.DEFAULTS, Long.MAX_VALUE).profile(p, Files.size(p));
    }

    @Test
    void streamingAgreesWithTheUserModelOnTheFixture() throws IOException {
        Path p = Fixtures.studentLoanData().resolve("enrolled.xlsx");

        var streamed = (DataProfile.Workbook) streamed(p);
        var loaded = (DataProfile.Workbook) userModel(p);

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
    void theDefaultProfileOfEveryFixtureWorkbookIsTheUserModelsProfile() throws IOException {
        List<Path> workbooks;
        try (var files = Files.list(Fixtures.studentLoanData())) {
            workbooks = files.filter(f -> f.toString().endsWith(".xlsx")).sorted().toList();
        }
        assertThat(workbooks).hasSize(10);
        for (Path p : workbooks) {
            var byDefault = (DataProfile.Workbook) DataProfiles.of(p);
            var loaded = (DataProfile.Workbook) userModel(p);
            assertThat(byDefault.problems()).as(p.getFileName().toString()).isEqualTo(loaded.problems());
            assertThat(byDefault.sheets()).as(p.getFileName().toString()).usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(loaded.sheets());
            assertThat(byDefault.toPromptText()).isEqualTo(loaded.toPromptText());
        }
    }

    @Test
    void readsDatesBooleansFormulasHiddenSheetsAndMergedCellsLikeTheUserModel() throws IOException {
        Path f = dir.resolve("mixed.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(f)) {
            var sheet = wb.createSheet("data");
            var dates = wb.createCellStyle();
            dates.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            Row h = sheet.createRow(0);
            h.createCell(0).setCellValue("when");
            h.createCell(1).setCellValue("paid");
            h.createCell(2).setCellValue("amount");
            h.createCell(3).setCellValue("twice");
            for (int i = 1; i <= 4; i++) {
                Row r = sheet.createRow(i);
                var d = r.createCell(0);
                d.setCellValue(java.time.LocalDate.of(2024, 1, i));
                d.setCellStyle(dates);
                r.createCell(1).setCellValue(i % 2 == 0);
                r.createCell(2).setCellValue(i * 1.25);
                r.createCell(3).setCellFormula("C" + (i + 1) + "*2");
            }
            sheet.createRow(6).createCell(1).setCellValue(true); // after a blank row, which counts as nulls
            sheet.addMergedRegion(org.apache.poi.ss.util.CellRangeAddress.valueOf("E7:F7"));
            sheet.getRow(6).createCell(4).setCellValue("note");
            wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
            wb.createSheet("secret").createRow(0).createCell(0).setCellValue("x");
            wb.setSheetHidden(1, true);
            wb.write(out);
        }

        var s = (DataProfile.Workbook) streamed(f);
        var u = (DataProfile.Workbook) userModel(f);

        Sheet data = s.sheets().get(0);
        assertThat(data.columns()).isEqualTo(u.sheets().get(0).columns());
        assertThat(data.columns()).extracting(Column::type).startsWith(ColumnType.DATE, ColumnType.BOOLEAN,
                ColumnType.DECIMAL, ColumnType.DECIMAL);
        assertThat(data.usedRange()).isEqualTo(u.sheets().get(0).usedRange()).isEqualTo("A1:E7");
        assertThat(data.rowsExamined()).isEqualTo(u.sheets().get(0).rowsExamined()).isEqualTo(6);
        assertThat(data.mergedRegions()).isEqualTo(u.sheets().get(0).mergedRegions()).containsExactly("E7:F7");
        assertThat(data.formulaCount()).isEqualTo(u.sheets().get(0).formulaCount()).isEqualTo(4);
        assertThat(data.formulas()).first().isEqualTo("D2: =C2*2 -> 2.5");
        assertThat(data.sampleRows().get(0)).containsExactly("2024-01-01", "FALSE", "1.25", "2.5", "");
        assertThat(s.sheets().get(1).hidden()).isTrue().isEqualTo(u.sheets().get(1).hidden());
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
