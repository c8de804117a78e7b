package io.github.deepanalyze.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.deepanalyze.common.InvalidInputException;
import io.github.deepanalyze.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input a user hands over gives a clear problem naming the file and the fix, never a stack trace. */
class BadInputTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static String problem(DataProfile p) {
        assertThat(p.problems()).isNotEmpty();
        return p.problems().get(0);
    }

    @Test
    void missingFileIsInvalidInputNamingThePath() {
        Path missing = dir.resolve("nope.csv");

        assertThatThrownBy(() -> DataProfiles.of(missing))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("check the path");
    }

    @Test
    void directoryIsInvalidInputSayingToProfileItsFiles() {
        assertThatThrownBy(() -> DataProfiles.of(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("is a directory");
        assertThatThrownBy(() -> DataProfiles.ofAll(List.of(dir))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void unreadableFileIsUnreadableProfileSayingHowToFixPermissions() throws IOException {
        Path f = write("secret.csv", "a,b\n1,2\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        // root reads files whatever their mode: then there is nothing to test
        assumeFalse(Files.isReadable(f), "running as root: a mode-000 file is still readable, so unreadability cannot be simulated");

        DataProfile p = DataProfiles.of(f);

        assertThat(p).isInstanceOf(DataProfile.Unreadable.class);
        assertThat(problem(p)).contains("secret.csv", "permission denied", "chmod");
    }

    @Test
    void emptyFileIsUnreadableSayingItIsEmpty() throws IOException {
        DataProfile p = DataProfiles.of(write("empty.csv", ""));

        assertThat(p).isInstanceOf(DataProfile.Unreadable.class);
        assertThat(p.sizeBytes()).isZero();
        assertThat(problem(p)).contains("empty.csv", "is empty", "export the data again");
    }

    @Test
    void csvOfBlankLinesHasNoColumnsAndSaysSo() throws IOException {
        var p = (DataProfile.Delimited) DataProfiles.of(write("blank.csv", "\n\r\n\n"));

        assertThat(p.columns()).isEmpty();
        assertThat(p.rowCount()).isZero();
        assertThat(problem(p)).contains("blank.csv", "has no columns");
    }

    @Test
    void raggedRowsAreCountedAndReportedWithTheFix() throws IOException {
        var p = (DataProfile.Delimited) DataProfiles.of(write("ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n"));

        assertThat(p.columns()).extracting(Column::name).containsExactly("a", "b", "c");
        assertThat(p.rowCount()).isEqualTo(4);
        assertThat(p.raggedRows()).isEqualTo(2);
        assertThat(p.columns().get(2).nullCount()).isEqualTo(1);
        assertThat(problem(p)).contains("ragged.csv", "2 of the 4 rows", "on_bad_lines");
    }

    @Test
    void binaryJunkNamedCsvIsUnreadableSayingItIsNotText() throws IOException {
        byte[] junk = new byte[4096];
        new Random(42).nextBytes(junk);
        Path f = Files.write(dir.resolve("junk.csv"), junk);

        DataProfile p = DataProfiles.of(f);

        assertThat(p).isInstanceOf(DataProfile.Unreadable.class);
        assertThat(problem(p)).contains("junk.csv", "does not look like text", "rename it");
    }

    @Test
    void workbookSavedAsCsvIsRecognisedAsZip() throws IOException {
        Path f = Files.copy(Fixtures.studentLoanData().resolve("bool.xlsx"), dir.resolve("bool.csv"));

        assertThat(problem(DataProfiles.of(f))).contains("ZIP archive");
    }

    @Test
    void truncatedXlsxIsUnreadableSayingItMayBeTruncated() throws IOException {
        byte[] full = Files.readAllBytes(Fixtures.studentLoanData().resolve("enrolled.xlsx"));
        Path f = Files.write(dir.resolve("cut.xlsx"), Arrays.copyOf(full, full.length / 2));

        DataProfile p = DataProfiles.of(f);

        assertThat(p).isInstanceOf(DataProfile.Unreadable.class);
        assertThat(((DataProfile.Unreadable) p).format()).isEqualTo("xlsx");
        assertThat(problem(p)).contains("cut.xlsx", "not a readable Excel workbook", "truncated");
    }

    @Test
    void passwordProtectedXlsxIsUnreadableSayingToRemoveThePassword() throws Exception {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            wb.createSheet("data").createRow(0).createCell(0).setCellValue("secret");
            wb.write(plain);
        }
        Path f = dir.resolve("locked.xlsx");
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            Encryptor enc = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
            enc.confirmPassword("s3cret");
            try (OutputStream os = enc.getDataStream(fs)) {
                os.write(plain.toByteArray());
            }
            try (OutputStream out = Files.newOutputStream(f)) {
                fs.writeFilesystem(out);
            }
        }

        DataProfile p = DataProfiles.of(f);

        assertThat(p).isInstanceOf(DataProfile.Unreadable.class);
        assertThat(problem(p)).contains("locked.xlsx", "password-protected", "remove the password");
    }

    @Test
    void excel97WorkbookIsProfiledWithFormulasAndMergedCells() throws IOException {
        Path f = dir.resolve("legacy.xls");
        try (HSSFWorkbook wb = new HSSFWorkbook(); OutputStream out = Files.newOutputStream(f)) {
            var sheet = wb.createSheet("Loans");
            Row h = sheet.createRow(0);
            h.createCell(0).setCellValue("student");
            h.createCell(1).setCellValue("amount");
            h.createCell(2).setCellValue("double");
            for (int i = 1; i <= 3; i++) {
                Row r = sheet.createRow(i);
                r.createCell(0).setCellValue("s" + i);
                r.createCell(1).setCellValue(i * 1.5);
                r.createCell(2).setCellFormula("B" + (i + 1) + "*2");
            }
            sheet.addMergedRegion(new CellRangeAddress(5, 5, 0, 2));
            sheet.createRow(5).createCell(0).setCellValue("note: merged");
            wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
            wb.createSheet("Empty");
            wb.write(out);
        }

        var p = (DataProfile.Workbook) DataProfiles.of(f);

        assertThat(p.format()).isEqualTo("xls");
        assertThat(p.problems()).isEmpty();
        Sheet loans = p.sheets().get(0);
        assertThat(loans.name()).isEqualTo("Loans");
        assertThat(loans.usedRange()).isEqualTo("A1:C6");
        assertThat(loans.columns()).extracting(Column::name, Column::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("student", ColumnType.TEXT),
                org.assertj.core.groups.Tuple.tuple("amount", ColumnType.DECIMAL),
                org.assertj.core.groups.Tuple.tuple("double", ColumnType.INTEGER));
        assertThat(loans.mergedRegions()).containsExactly("A6:C6");
        assertThat(loans.formulaCount()).isEqualTo(3);
        assertThat(loans.formulas()).first().isEqualTo("C2: =B2*2 -> 3");
        assertThat(p.sheets().get(1).usedRange()).isEmpty();
        assertThat(p.toPromptText()).contains("Sheet \"Empty\": empty", "1 merged ranges", "3 formulas");
    }

    @Test
    void dbFileThatIsNotSqliteIsUnreadableSayingSo() throws IOException {
        DataProfile p = DataProfiles.of(write("sales.db", "this is a text file, not a database\n"));

        assertThat(p).isInstanceOf(DataProfile.Unreadable.class);
        assertThat(problem(p)).contains("sales.db", "is not an SQLite database", "right file");
    }

    @Test
    void corruptedSqliteIsUnreadableSayingHowToRecover() throws IOException {
        byte[] db = Files.readAllBytes(Fixtures.studentLoanData().resolve("student_loan.sqlite"));
        Arrays.fill(db, 100, 4096, (byte) 0x5A); // keep the header, destroy the schema page
        Path f = Files.write(dir.resolve("broken.sqlite"), db);

        DataProfile p = DataProfiles.of(f);

        assertThat(p).isInstanceOf(DataProfile.Unreadable.class);
        assertThat(problem(p)).contains("broken.sqlite", "corrupted", ".recover");
    }

    @Test
    void sqliteLockedByAnotherWriterIsUnreadableSayingItIsLocked() throws Exception {
        Path f = Files.copy(Fixtures.studentLoanData().resolve("student_loan.sqlite"), dir.resolve("busy.sqlite"));
        f.toFile().setWritable(true);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            st.execute("PRAGMA locking_mode=EXCLUSIVE");
            st.execute("BEGIN EXCLUSIVE");
            st.execute("UPDATE person SET name = name");

            DataProfile p = DataProfiles.of(f);

            assertThat(p).isInstanceOf(DataProfile.Unreadable.class);
            assertThat(problem(p)).contains("busy.sqlite", "locked", "copy the file");
            st.execute("ROLLBACK");
        }
    }

    @Test
    void invalidJsonIsUnreadableNamingLineAndColumn() throws IOException {
        DataProfile p = DataProfiles.of(write("bad.json", "{\n  \"a\": 1,,\n  \"b\": 2\n}\n"));

        assertThat(p).isInstanceOf(DataProfile.Unreadable.class);
        assertThat(problem(p)).contains("bad.json", "is not valid JSON at line 2, column", "fix the file");
    }

    @Test
    void gbkCsvWithChineseHeadersIsDecodedAsGb18030() throws IOException {
        String csv = "姓名,学校,月份\n张三,北京大学,1\n李四,清华大学,2\n王五,复旦大学,3\n";
        Path f = Files.write(dir.resolve("学生.csv"), csv.getBytes("GBK"));

        var p = (DataProfile.Delimited) DataProfiles.of(f);

        assertThat(p.encoding()).isEqualTo("GB18030");
        assertThat(p.columns()).extracting(Column::name).containsExactly("姓名", "学校", "月份");
        assertThat(p.columns()).extracting(Column::type).containsExactly(ColumnType.TEXT, ColumnType.TEXT, ColumnType.INTEGER);
        assertThat(p.sampleRows().get(0)).containsExactly("张三", "北京大学", "1");
        assertThat(p.toPromptText()).startsWith("CSV (GB18030, header row), 3 rows");
    }

    @Test
    void utf8BomIsDetectedAndNotPartOfTheFirstColumnName() throws IOException {
        byte[] body = "id;amount;paid\n1;3,5;true\n2;4,0;false\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);

        var p = (DataProfile.Delimited) DataProfiles.of(Files.write(dir.resolve("excel.csv"), bytes));

        assertThat(p.encoding()).isEqualTo("UTF-8");
        assertThat(p.byteOrderMark()).isTrue();
        assertThat(p.delimiter()).isEqualTo(';');
        assertThat(p.columns()).extracting(Column::name).containsExactly("id", "amount", "paid");
        assertThat(p.columns().get(2).type()).isEqualTo(ColumnType.BOOLEAN);
    }

    @Test
    void twoGigabyteCsvIsProfiledFromItsSampleWithAnEstimatedRowCount() throws IOException {
        Path f = dir.resolve("huge.csv");
        StringBuilder sb = new StringBuilder("id,value,day\n");
        for (int i = 0; sb.length() < 1_200_000; i++) {
            sb.append(i).append(',').append(i * 0.5).append(",2024-01-").append(String.format("%02d", i % 28 + 1)).append('\n');
        }
        Files.writeString(f, sb);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(2L << 30); // sparse: only the sample is ever read
        }

        var p = (DataProfile.Delimited) DataProfiles.of(f);

        assertThat(p.sizeBytes()).isEqualTo(2L << 30);
        assertThat(p.rowCountEstimated()).isTrue();
        assertThat(p.rowCount()).isGreaterThan(50_000_000L);
        assertThat(p.columns()).extracting(Column::type).containsExactly(ColumnType.INTEGER, ColumnType.DECIMAL, ColumnType.DATE);
        assertThat(p.toPromptText()).contains("about ");
    }

    @Test
    void tenThousandSmallFilesAreAllProfiled() throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            files.add(Files.writeString(dir.resolve("part-" + i + ".csv"), "k,v\n" + i + ",x\n"));
        }

        List<DataProfile> profiles = DataProfiles.ofAll(files);

        assertThat(profiles).hasSize(10_000).allSatisfy(p -> {
            assertThat(p).isInstanceOf(DataProfile.Delimited.class);
            assertThat(((DataProfile.Delimited) p).rowCount()).isEqualTo(1);
        });
        assertThat(profiles.get(9_999).path()).isEqualTo(files.get(9_999));
    }
}
