package io.github.deepanalyze.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatsTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void infersIntegerDecimalBooleanDateDatetimeAndTextWithNullCounts() throws IOException {
        var p = (DataProfile.Delimited) DataProfiles.of(write("types.csv", """
                id,price,active,day,at,label
                1,2.5,true,2024-01-31,2024-01-31T10:15:00Z,a
                2,,FALSE,2024-02-01,2024-02-01 08:00,b
                3,1e3,yes,2024-02-02,2024-02-02,NA
                """));

        assertThat(p.columns()).extracting(Column::name, Column::type, Column::nullCount).containsExactly(
                tuple("id", ColumnType.INTEGER, 0L),
                tuple("price", ColumnType.DECIMAL, 1L),
                tuple("active", ColumnType.BOOLEAN, 0L),
                tuple("day", ColumnType.DATE, 0L),
                tuple("at", ColumnType.DATETIME, 0L),
                tuple("label", ColumnType.TEXT, 1L));
    }

    @Test
    void readsQuotedFieldsHoldingDelimitersQuotesAndLineBreaks() throws IOException {
        var p = (DataProfile.Delimited) DataProfiles.of(write("quoted.csv",
                "name,comment\r\n\"Smith, J\",\"said \"\"hi\"\"\r\nthen left\"\r\nLee,ok\r\n"));

        assertThat(p.rowCount()).isEqualTo(2);
        assertThat(p.raggedRows()).isZero();
        assertThat(p.sampleRows()).containsExactly(List.of("Smith, J", "said \"hi\"\r\nthen left"), List.of("Lee", "ok"));
    }

    @Test
    void countsRecordsBeyondTheSampleExactlyIgnoringQuotedLineBreaks() throws IOException {
        StringBuilder sb = new StringBuilder("id,text\n");
        for (int i = 0; i < 5_000; i++) {
            sb.append(i).append(",\"line one\nline two\"\n");
        }
        Path f = write("long.csv", sb.toString());

        var p = (DataProfile.Delimited) DataProfiler.defaults().withSampleBytes(4096).profile(f);

        assertThat(p.rowCountEstimated()).isFalse();
        assertThat(p.rowCount()).isEqualTo(5_000);
        assertThat(p.rowsExamined()).isLessThan(5_000);
    }

    @Test
    void estimatesRecordsAboveTheExactCountLimitAndSaysSo() throws IOException {
        StringBuilder sb = new StringBuilder("id,value\n");
        for (int i = 0; i < 20_000; i++) {
            sb.append(i % 1000).append(",v").append(i % 97).append('\n');
        }
        Path f = write("big.csv", sb.toString());

        var p = (DataProfile.Delimited) DataProfiler.defaults().withSampleBytes(8192).withExactCountLimit(0).profile(f);

        assertThat(p.rowCountEstimated()).isTrue();
        assertThat(p.rowCount()).isBetween(18_000L, 22_000L);
        assertThat(p.toPromptText()).contains("about ");
    }

    @Test
    void detectsTabPipeAndSemicolonDelimiters() throws IOException {
        assertThat(((DataProfile.Delimited) DataProfiles.of(write("a.tsv", "a\tb\n1\tx,y\n2\tz\n"))).delimiter()).isEqualTo('\t');
        assertThat(((DataProfile.Delimited) DataProfiles.of(write("b.csv", "a|b|c\n1|2|3\n"))).delimiter()).isEqualTo('|');
        assertThat(((DataProfile.Delimited) DataProfiles.of(write("c.csv", "a;b\n1,5;2,5\n3,0;4,1\n"))).delimiter()).isEqualTo(';');
    }

    @Test
    void treatsAFirstRowOfNumbersAsDataNotAHeader() throws IOException {
        var p = (DataProfile.Delimited) DataProfiles.of(write("nohead.csv", "1,2.5\n2,3.5\n3,4.5\n"));

        assertThat(p.header()).isFalse();
        assertThat(p.columns()).extracting(Column::name).containsExactly("column_1", "column_2");
        assertThat(p.rowCount()).isEqualTo(3);
    }

    @Test
    void namesBlankAndRepeatedHeadersAsPandasDoes() throws IOException {
        var p = (DataProfile.Delimited) DataProfiles.of(write("dups.csv", ",x,x,y\n0,a,b,1\n1,c,d,2\n"));

        assertThat(p.columns()).extracting(Column::name).containsExactly("Unnamed: 0", "x", "x.1", "y");
    }

    @Test
    void decodesUtf16WithByteOrderMark() throws IOException {
        byte[] body = "name\tcity\nZoë\tKöln\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] bytes = new byte[body.length + 2];
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xFE;
        System.arraycopy(body, 0, bytes, 2, body.length);

        var p = (DataProfile.Delimited) DataProfiles.of(Files.write(dir.resolve("excel.tsv"), bytes));

        assertThat(p.encoding()).isEqualTo("UTF-16LE");
        assertThat(p.columns()).extracting(Column::name).containsExactly("name", "city");
        assertThat(p.sampleRows()).containsExactly(List.of("Zoë", "Köln"));
    }

    @Test
    void fallsBackToIso88591ForLatin1Bytes() throws IOException {
        // "Mü", "öl" and "ße" are also valid GB18030 byte pairs: the detector must not take them for Chinese
        Path f = Files.write(dir.resolve("latin.csv"),
                "name,city\nMüller,Köln\nStraße,Zürich\n".getBytes(StandardCharsets.ISO_8859_1));

        var p = (DataProfile.Delimited) DataProfiles.of(f);

        assertThat(p.encoding()).isEqualTo("ISO-8859-1");
        assertThat(p.sampleRows()).containsExactly(List.of("Müller", "Köln"), List.of("Straße", "Zürich"));
    }

    @Test
    void profilesJsonArrayOfRecordsWithKeysAndValueKinds() throws IOException {
        var p = (DataProfile.Json) DataProfiles.of(write("loans.json", """
                [{"id": 1, "amount": 2.5, "tags": ["a"], "paid": true},
                 {"id": 2, "amount": null, "owner": {"n": "x"}},
                 {"id": 3, "amount": 7}]
                """));

        assertThat(p.shape()).isEqualTo(DataProfile.Json.Shape.ARRAY);
        assertThat(p.recordCount()).isEqualTo(3);
        assertThat(p.fields()).containsExactly(
                new JsonField("id", List.of("integer"), 3),
                new JsonField("amount", List.of("decimal", "null", "integer"), 3),
                new JsonField("tags", List.of("array"), 1),
                new JsonField("paid", List.of("boolean"), 1),
                new JsonField("owner", List.of("object"), 1));
        assertThat(p.toPromptText()).isEqualTo("JSON array of 3 records\n"
                + "Keys: id (integer), amount (decimal|null|integer), tags (array), paid (boolean), owner (object)");
    }

    @Test
    void profilesJsonLinesAndJsonObjects() throws IOException {
        var lines = (DataProfile.Json) DataProfiles.of(write("events.jsonl", "{\"t\":\"a\"}\n{\"t\":\"b\",\"n\":1}\n\n{\"t\":\"c\"}\n"));
        assertThat(lines.shape()).isEqualTo(DataProfile.Json.Shape.LINES);
        assertThat(lines.recordCount()).isEqualTo(3);
        assertThat(lines.fields()).extracting(JsonField::name).containsExactly("t", "n");

        var object = (DataProfile.Json) DataProfiles.of(write("config.json", "{\"version\": 2, \"rows\": [1, 2, 3]}"));
        assertThat(object.shape()).isEqualTo(DataProfile.Json.Shape.OBJECT);
        assertThat(object.fields()).extracting(JsonField::name).containsExactly("version", "rows");

        var concatenated = (DataProfile.Json) DataProfiles.of(write("dump.json", "{\"a\":1}\n{\"a\":2}\n"));
        assertThat(concatenated.shape()).isEqualTo(DataProfile.Json.Shape.LINES);
        assertThat(concatenated.recordCount()).isEqualTo(2);
    }

    @Test
    void profilesMarkdownWithLineCountAndFirstLines() throws IOException {
        var p = (DataProfile.Text) DataProfiles.of(write("README.md", "# Loans\r\n\r\nColumns are described below.\nlast"));

        assertThat(p.lineCount()).isEqualTo(4);
        assertThat(p.firstLines()).containsExactly("# Loans", "", "Columns are described below.", "last");
        assertThat(p.toPromptText()).isEqualTo("Text (UTF-8), 4 lines");
    }

    @Test
    void describesUnknownBinaryFilesWithoutProblems() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D};
        var p = (DataProfile.Binary) DataProfiles.of(Files.write(dir.resolve("chart.png"), png));

        assertThat(p.note()).isEqualTo("a PNG image");
        assertThat(p.problems()).isEmpty();
        assertThat(p.sizeBytes()).isEqualTo(12);
    }

    @Test
    void sniffsSqliteAndTextBehindUnknownExtensions() throws IOException {
        Path db = Files.copy(io.github.deepanalyze.testing.Fixtures.studentLoanData().resolve("student_loan.sqlite"),
                dir.resolve("loans.data"));
        assertThat(DataProfiles.of(db)).isInstanceOf(DataProfile.Database.class);
        assertThat(DataProfiles.of(write("notes.cfg", "a=1\nb=2\n"))).isInstanceOf(DataProfile.Text.class);
    }

    @Test
    void estimatesRowsOfLargeDatabasesByRowidAndSkipsCountingViews() throws Exception {
        Path db = Files.copy(io.github.deepanalyze.testing.Fixtures.studentLoanData().resolve("student_loan.sqlite"),
                dir.resolve("big.sqlite"));
        db.toFile().setWritable(true);
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.execute("CREATE VIEW ucla AS SELECT name FROM enrolled WHERE school = 'ucla'");
        }

        var exact = (DataProfile.Database) DataProfiles.of(db);
        var large = (DataProfile.Database) DataProfiler.defaults().withExactCountLimit(0).profile(db);

        assertThat(exact.tables()).filteredOn(DatabaseTable::view).singleElement()
                .satisfies(v -> assertThat(v.rowCount()).isPositive());
        assertThat(large.tables()).filteredOn(DatabaseTable::view).singleElement()
                .satisfies(v -> assertThat(v.rowCount()).isEqualTo(-1));
        assertThat(large.tables()).filteredOn(t -> t.name().equals("person")).singleElement()
                .satisfies(t -> assertThat(t.rowCount()).isEqualTo(1000))
                .satisfies(t -> assertThat(t.rowCountEstimated()).isTrue());
        assertThat(large.toPromptText()).contains("Table person (about 1,000 rows)", "View ucla: name");
    }

    @Test
    void profilesAreImmutableCopies() throws IOException {
        var columns = new java.util.ArrayList<>(List.of(Column.inferred("a", ColumnType.TEXT, 0)));
        var p = new DataProfile.Delimited(dir, 1, "UTF-8", false, ',', '"', true, columns, 0, false, 0, 0, List.of(), List.of());
        columns.clear();

        assertThat(p.columns()).hasSize(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.columns().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
