package io.github.deepanalyze.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisStatus;
import io.github.deepanalyze.Report;
import io.github.deepanalyze.testing.SampleAnalyses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownBundleTest {
    @TempDir
    Path dir;

    @Test
    void copiesReferencedImagesAndRewritesOnlyTheirLinks() throws Exception {
        Analysis a = SampleAnalyses.synthetic(dir.resolve("ws"));
        Path report = MarkdownBundle.create().write(a, dir.resolve("out"));
        String md = Files.readString(report);
        assertThat(report.getFileName().toString()).isEqualTo("report.md");
        assertThat(md).contains("![Sales by month](artifacts/sales.png)", "![Missing chart](missing.png)");
        assertThat(md.replace("artifacts/sales.png", "sales.png")).isEqualTo(a.report().markdown());
        assertThat(dir.resolve("out/artifacts/sales.png")).hasSameBinaryContentAs(dir.resolve("ws/sales.png"));
        assertThat(dir.resolve("out/artifacts/missing.png")).doesNotExist();
    }

    @Test
    void keepsTitlesAndNestedPathsAndQuotesPathsWithSpaces() throws Exception {
        Path ws = dir.resolve("ws");
        var nested = SampleAnalyses.png(ws, "plots/my chart.png", 1, java.awt.Color.BLUE);
        String md = "Intro with ![x](sales.png) text.\n\n![Chart](<plots/my chart.png> \"Monthly\")\n";
        Analysis base = SampleAnalyses.synthetic(ws);
        Analysis a = new Analysis(base.question(), base.files(), ws, base.steps(), new Report(md),
                List.of(base.artifacts().get(0), nested), base.usage(), 1, Duration.ZERO, AnalysisStatus.ANSWERED, "", "");
        String out = Files.readString(MarkdownBundle.create().write(a, dir.resolve("b")));
        assertThat(out).isEqualTo("Intro with ![x](artifacts/sales.png) text.\n\n![Chart](<<artifacts/plots/my chart.png>> \"Monthly\")\n".replace("<<", "<").replace(">>", ">"));
        assertThat(dir.resolve("b/artifacts/plots/my chart.png")).exists();
    }
}
