package io.github.deepanalyze.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisStatus;
import io.github.deepanalyze.Report;
import io.github.deepanalyze.testing.SampleAnalyses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    @TempDir
    Path dir;

    /** Rendered samples are kept under target/ so a person can open them (the report of this module's review looks at them). */
    private static Path samples() throws Exception {
        Path p = Path.of("target", "report-samples");
        Files.createDirectories(p);
        return p;
    }

    @Test
    void inlinesImagesAsDataUrisAndNeedsNoOtherFile() throws Exception {
        Analysis a = SampleAnalyses.synthetic(dir.resolve("ws"));
        String html = HtmlReport.create().render(a);
        Files.writeString(samples().resolve("synthetic.html"), html);
        String b64 = Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("ws/sales.png")));
        assertThat(html).contains("<img class=\"figure\" src=\"data:image/png;base64," + b64 + "\" alt=\"Sales by month\" />");
        assertThat(html).doesNotContain("src=\"sales.png\"", "<link ", "<script");
        assertThat(html).contains("class=\"missing-figure\"", "Missing figure: Missing chart (missing.png)");
    }

    @Test
    void stylesTablesAndKeepsCjkText() {
        String html = HtmlReport.create().render(SampleAnalyses.synthetic(dir.resolve("ws")));
        assertThat(html).contains("<meta charset=\"utf-8\" />", "Noto Sans CJK SC", "<table class=\"data\">", "<th align=\"right\">Revenue</th>",
                "<title>销售分析 Sales Report</title>", "华东 East", "销售额 平均值");
    }

    @Test
    void highlightsUnsupportedNumbersWithATooltipAndMarksSupportedOnes() {
        String html = HtmlReport.create().render(SampleAnalyses.synthetic(dir.resolve("ws")));
        assertThat(html).contains("<mark class=\"claim unsupported\" title=\"Unsupported: no code output of this run shows 82.3%\">82.3%</mark>");
        assertThat(html).contains("<span class=\"claim supported\" title=\"Found in the code output: 1194 (block 1)\">1,194</span>");
        assertThat(HtmlReport.create().withClaimHighlighting(false).render(SampleAnalyses.synthetic(dir.resolve("ws"))))
                .doesNotContain("class=\"claim ");
    }

    @Test
    void dataSectionListsProfiledInputsTablesAndColumnsOnlyWhenProfiled() {
        Analysis plain = SampleAnalyses.synthetic(dir.resolve("ws"));
        assertThat(HtmlReport.create().render(plain)).doesNotContain("<h2>Data</h2>");
        var profile = new io.github.deepanalyze.common.InputProfile("enrolled.csv", io.github.deepanalyze.common.InputProfile.Kind.CSV,
                27_000, "UTF-8", java.util.List.of(new io.github.deepanalyze.common.InputProfile.Table("enrolled.csv", 1194, false,
                        java.util.List.of(new io.github.deepanalyze.common.InputProfile.Column("month", "integer", 0, java.util.List.of())))),
                java.util.List.of("enrolled.csv has <3> ragged rows"));
        Analysis profiled = new Analysis(plain.question(), plain.files(), plain.workspace(), plain.steps(), plain.report(),
                plain.artifacts(), plain.usage(), plain.rounds(), plain.wallTime(), plain.status(), plain.reason(),
                plain.transcript(), plain.inputNotes(), plain.timing(), java.util.List.of(profile));
        String html = HtmlReport.create().render(profiled);
        assertThat(html).contains("<h2>Data</h2>", "<code>enrolled.csv</code> — CSV, 27,000 bytes, UTF-8",
                "<strong>enrolled.csv</strong>: 1,194 rows; month <span class=\"round\">integer</span>",
                "enrolled.csv has &lt;3&gt; ragged rows");
    }

    @Test
    void appendixShowsEveryStepWithCodeOutputsAndFailures() {
        Analysis a = SampleAnalyses.synthetic(dir.resolve("ws"));
        String html = HtmlReport.create().render(a);
        String appendix = html.substring(html.indexOf("<section class=\"appendix\">"));
        assertThat(appendix.split("<div class=\"step ", -1)).hasSize(a.steps().size() + 1);
        assertThat(appendix).contains("print(undefined_name)", "NameError: name &#39;undefined_name&#39; is not defined".replace("&#39;", "'"),
                "<div class=\"step execute failed\">", "data:image/png;base64,");
        assertThat(HtmlReport.create().withAppendix(false).render(a)).doesNotContain("class=\"appendix\"");
    }

    @Test
    void rawHtmlAndScriptLinksFromTheModelAreNeutralised() {
        Analysis base = SampleAnalyses.synthetic(dir.resolve("ws"));
        Analysis a = new Analysis(base.question(), base.files(), base.workspace(), base.steps(),
                new Report("# T\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>"),
                base.artifacts(), base.usage(), 1, Duration.ZERO, AnalysisStatus.ANSWERED, "", "");
        String html = HtmlReport.create().withAppendix(false).render(a);
        assertThat(html).doesNotContain("<script>", "javascript:", "<img src=x").contains("&lt;script&gt;");
    }

    @Test
    void recordedRunRendersWithItsInventedStatisticsHighlighted() throws Exception {
        Analysis a = SampleAnalyses.studentLoan(dir.resolve("ws"));
        String html = HtmlReport.create().render(a);
        Files.writeString(samples().resolve("student_loan.html"), html);
        ReportDocument doc = ReportDocument.of(a);
        assertThat(html.split("<mark class=\"claim unsupported\"", -1)).hasSize(doc.claims().unsupported().size() + 1 + 1);
        assertThat(html).contains(">82.3%</mark>", "Comprehensive Analysis of Student Enrollment Patterns");
        assertThat(List.of(html.split("<div class=\"step code\">", -1))).hasSize(8);
    }
}
