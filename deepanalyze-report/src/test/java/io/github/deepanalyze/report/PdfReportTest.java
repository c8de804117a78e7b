package io.github.deepanalyze.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.deepanalyze.common.ConfigurationException;
import io.github.deepanalyze.testing.SampleAnalyses;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PdfReportTest {
    private static final Path ZENHEI = Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc");
    private static final Path NOTO_CJK = Path.of("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");

    @TempDir
    Path dir;

    private static String text(Path pdf) throws Exception {
        try (PDDocument doc = PDDocument.load(pdf.toFile())) {
            return new PDFTextStripper().getText(doc);
        }
    }

    /** Renders pages as PNG next to the PDF, so a person can look at the result. */
    private static void snapshot(Path pdf, int... pages) throws Exception {
        try (PDDocument doc = PDDocument.load(pdf.toFile())) {
            org.apache.pdfbox.rendering.PDFRenderer r = new org.apache.pdfbox.rendering.PDFRenderer(doc);
            for (int p : pages) {
                if (p < doc.getNumberOfPages()) {
                    javax.imageio.ImageIO.write(r.renderImageWithDPI(p, 70), "png",
                            pdf.resolveSibling(pdf.getFileName().toString().replace(".pdf", "-page" + (p + 1) + ".png")).toFile());
                }
            }
        }
    }

    @Test
    void rendersTheRecordedRunWithItsAppendixAndImages() throws Exception {
        Path pdf = Path.of("target", "report-samples");
        Files.createDirectories(pdf);
        pdf = pdf.resolve("student_loan.pdf");
        PdfReport.create().write(SampleAnalyses.studentLoan(dir), pdf);
        assertThat(Files.readString(pdf, java.nio.charset.StandardCharsets.ISO_8859_1)).startsWith("%PDF-");
        String text = text(pdf);
        assertThat(text).contains("Comprehensive Analysis of Student", "Appendix: analysis steps", "Number of rows: 1194");
        try (PDDocument doc = PDDocument.load(pdf.toFile())) {
            assertThat(doc.getNumberOfPages()).isGreaterThan(5);
        }
        snapshot(pdf, 0, 6);
    }

    @Test
    void embedsATrueTypeCjkFontSoChineseTextSurvives() throws Exception {
        assumeTrue(Files.isRegularFile(ZENHEI), "fonts-wqy-zenhei is not installed");
        Path pdf = Path.of("target", "report-samples", "synthetic.pdf");
        Files.createDirectories(pdf.getParent());
        PdfReport.create().withFont(ZENHEI, "WenQuanYi Zen Hei").write(SampleAnalyses.synthetic(dir), pdf);
        assertThat(text(pdf)).contains("销售分析", "华东", "82.3%");
        snapshot(pdf, 0, 1);
    }

    @Test
    void rejectsCffFontsWithAMessageNamingAnAlternative() {
        assumeTrue(Files.isRegularFile(NOTO_CJK), "fonts-noto-cjk is not installed");
        PdfReport pdf = PdfReport.create().withFont(NOTO_CJK, "Noto Sans CJK SC");
        assertThatThrownBy(() -> pdf.write(SampleAnalyses.synthetic(dir), dir.resolve("x.pdf")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("TrueType");
    }

    @Test
    void missingFontFileIsAConfigurationError() {
        assertThatThrownBy(() -> PdfReport.create().withFont(dir.resolve("nope.ttf"), "X"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("nope.ttf");
    }
}
