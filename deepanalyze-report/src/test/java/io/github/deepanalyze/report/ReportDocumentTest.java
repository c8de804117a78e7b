package io.github.deepanalyze.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.testing.SampleAnalyses;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportDocumentTest {
    @TempDir
    Path dir;

    @Test
    void readsTitleSectionTreeAndText() {
        ReportDocument doc = ReportDocument.of(SampleAnalyses.synthetic(dir));
        assertThat(doc.title()).isEqualTo("销售分析 Sales Report");
        assertThat(doc.sections()).hasSize(1);
        Section top = doc.sections().get(0);
        assertThat(top.children()).extracting(Section::heading).containsExactly("Overview");
        Section overview = top.children().get(0);
        assertThat(overview.text()).startsWith("The data has 1,194 rows;");
        assertThat(overview.children()).extracting(Section::heading, Section::level).containsExactly(org.assertj.core.groups.Tuple.tuple("Details", 3));
        assertThat(doc.allSections()).extracting(Section::heading).containsExactly("销售分析 Sales Report", "Overview", "Details");
    }

    @Test
    void tablesBecomeTypedRows() {
        ReportDocument doc = ReportDocument.of(SampleAnalyses.synthetic(dir));
        assertThat(doc.tables()).hasSize(1);
        Table t = doc.tables().get(0);
        assertThat(t.header()).containsExactly("Region", "Revenue", "Share");
        assertThat(t.rows()).hasSize(2);
        assertThat(t.column("Revenue")).extracting(Table.Cell::number).containsExactly(new BigDecimal("1200.5"), new BigDecimal("800"));
        Table.Cell share = t.rows().get(0).get(2);
        assertThat(share.number()).isEqualByComparingTo("19.6");
        assertThat(share.percent()).isTrue();
        assertThat(t.rows().get(1).get(2).isNumeric()).isFalse();
        assertThat(t.rows().get(0).get(0).text()).isEqualTo("华东 East");
    }

    @Test
    void figuresResolveToArtifactsAndMissingOnesAreListed() {
        Analysis a = SampleAnalyses.synthetic(dir);
        ReportDocument doc = ReportDocument.of(a);
        assertThat(doc.figures()).extracting(Figure::destination).containsExactly("sales.png", "missing.png");
        assertThat(doc.figures().get(0).resolved()).contains(a.artifacts().get(0));
        assertThat(doc.figures().get(0).alt()).isEqualTo("Sales by month");
        assertThat(doc.missingFigures()).extracting(Figure::destination).containsExactly("missing.png");
    }

    @Test
    void externalAndDirectoryPrefixedReferences() {
        Analysis a = SampleAnalyses.synthetic(dir);
        ReportDocument doc = ReportDocument.parse("![a](./sales.png) ![b](https://example.com/x.png) ![c](out/sales.png)",
                a.artifacts(), List.of());
        assertThat(doc.figures()).extracting(Figure::isMissing).containsExactly(false, false, false);
        assertThat(doc.figures().get(1).isExternal()).isTrue();
        assertThat(doc.figures().get(2).resolved()).isPresent();
    }

    @Test
    void numbersInHeadingsCodeAndAltTextAreNotClaims() {
        ReportDocument doc = ReportDocument.parse("""
                ## 2. Results for Qwen3-8B

                We saw `42` and ![Figure 7](x.png) and 3-6 months, 1st place, 1,194 rows, -0.25 and 19.6 % share.

                ```
                99
                ```
                """, List.of(), List.of());
        assertThat(doc.numbers()).extracting(NumberMention::literal).containsExactly("3", "6", "1,194", "-0.25", "19.6 %");
        NumberMention n = doc.numbers().get(2);
        assertThat(n.value()).isEqualByComparingTo("1194");
        assertThat(doc.numbers().get(4).percent()).isTrue();
        assertThat(doc.numbers().get(4).decimals()).isEqualTo(1);
        assertThat(n.context()).startsWith("We saw");
    }

    @Test
    void emptyReportHasNothing() {
        ReportDocument doc = ReportDocument.parse("", List.of(), List.of());
        assertThat(doc.title()).isEmpty();
        assertThat(doc.sections()).isEmpty();
        assertThat(doc.claims().allSupported()).isTrue();
    }
}
