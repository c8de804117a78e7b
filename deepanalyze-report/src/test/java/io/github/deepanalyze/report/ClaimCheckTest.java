package io.github.deepanalyze.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.testing.SampleAnalyses;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaimCheckTest {
    @TempDir
    Path dir;

    private static ClaimCheck check(String report, String... outputs) {
        return ReportDocument.parse(report, List.of(), List.of(outputs)).claims();
    }

    private static List<String> unsupported(ClaimCheck c) {
        return c.unsupported().stream().map(x -> x.number().literal()).toList();
    }

    @Test
    void equivalentFormattingIsSupported() {
        ClaimCheck c = check("Rows: 1,194. Share 19.6% and 0.196 and 20%. Mean 6.39 and 6.4. Count 247.",
                "count 1194\nshare 0.19597\nmean 6.391960\nocc 247");
        assertThat(unsupported(c)).isEmpty();
        assertThat(c.find("1,194").orElseThrow().evidence()).isEqualTo("1194 (block 1)");
    }

    @Test
    void percentInOutputSupportsAFraction() {
        assertThat(unsupported(check("The rate is 0.25.", "25%  3.000000"))).isEmpty();
    }

    @Test
    void moreDigitsThanTheOutputShowsAreUnsupported() {
        assertThat(unsupported(check("Mean 6.3921 and 6.4 but 6.40.", "mean 6.39"))).containsExactly("6.3921", "6.40");
    }

    @Test
    void invented_numbers_are_flagged() {
        ClaimCheck c = check("Accuracy 82.3% with F(5, 1188) = 18.7.", "Number of rows: 1194\nNumber of columns: 3\n 5 rows");
        assertThat(unsupported(c)).containsExactly("82.3%", "1188", "18.7");
        assertThat(c.summary()).isEqualTo("3 of 4 numbers not found in any code output");
    }

    @Test
    void identifiersInOutputAreNotNumbers() {
        assertThat(unsupported(check("We found 10 students.", "student10 student101"))).containsExactly("10");
    }

    @Test
    void signMatters() {
        assertThat(unsupported(check("r = -0.12 and 0.12.", "corr 0.12"))).containsExactly("-0.12");
    }

    @Test
    void recordedRunsInventedStatisticsAreUnsupportedAndRealCountsSupported() {
        ReportDocument doc = ReportDocument.of(SampleAnalyses.studentLoan(dir));
        ClaimCheck c = doc.claims();
        List<String> bad = unsupported(c);
        List<String> good = c.supported().stream().map(x -> x.number().literal()).toList();
        System.out.printf("student_loan claim check: %d numbers, %d supported, %d unsupported%n  unsupported: %s%n  supported: %s%n",
                c.claims().size(), good.size(), bad.size(), bad, good);
        assertThat(bad).contains("82.3%", "1188", "18.7", "0.87", "3.21", "34.2", "9.45", "2.34");
        assertThat(good).contains("1,194");
        assertThat(c.claims().size()).isGreaterThan(100);
        assertThat(c.unsupported().size()).isGreaterThan(c.supported().size());
    }
}
