package io.github.deepanalyze.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisStatus;
import io.github.deepanalyze.Analyst;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.common.Artifact;
import io.github.deepanalyze.graalpy.GraalPyExecutor;
import io.github.deepanalyze.openai.ReplayModel;
import io.github.deepanalyze.report.ClaimCheck;
import io.github.deepanalyze.report.ReportDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How to test code that runs analyses, in your own test suite: no model server, no Python install.
 *
 * <p>The model is a {@link ReplayModel} of a fixed trajectory (here written inline; in your suite,
 * e.g. a run you recorded with {@code ReplayModel.of(analysis)} or the {@code analysis.json} trace),
 * so the test is deterministic. The code blocks still really run, in the sandboxed in-process GraalPy
 * executor, so the assertions check real outputs and files without any Python installed. It is
 * passed explicitly: the default executor for the DeepAnalyze profile must import pandas, which
 * GraalPy cannot; GraalPy has the Python standard library, hence the {@code csv} module.
 */
class AnalysisInYourTestSuiteTest {

    /** What the model "says": one code block over loans.csv, then the answer. */
    private static final String TRAJECTORY = """
            <Analyze>
            Count the loans per status and save the counts as a table.
            </Analyze>
            <Code>
            ```python
            import csv
            from collections import Counter

            with open('loans.csv', newline='') as f:
                rows = list(csv.DictReader(f))
            counts = Counter(r['status'] for r in rows)
            print(f"rows: {len(rows)}")
            for status, n in sorted(counts.items()):
                print(f"{status}: {n}")
            with open('status_counts.csv', 'w', newline='') as f:
                writer = csv.writer(f, lineterminator='\\n')
                writer.writerow(['status', 'count'])
                writer.writerows(sorted(counts.items()))
            ```
            </Code>
            <Execute>
            </Execute>
            <Answer>
            # Loan status

            3 of 5 loans are paid, 2 are overdue. The counts are in `status_counts.csv`.
            </Answer>
            """;

    @TempDir
    static Path dir;

    private static Analysis analysis;

    /** One analysis for all tests: GraalPy starts in a few seconds, then every assertion reads the same result. */
    @BeforeAll
    static void runTheAnalysis() throws IOException {
        Path loans = Files.writeString(dir.resolve("loans.csv"), """
                id,status
                1,paid
                2,overdue
                3,paid
                4,paid
                5,overdue
                """);
        try (GraalPyExecutor graalpy = GraalPyExecutor.builder().build();
             Analyst analyst = Analyst.builder()
                .model(ReplayModel.of(TRAJECTORY))
                .executor(graalpy)                          // stdlib Python in the JVM: no Python install needed
                .workspaceRoot(dir.resolve("workspaces"))   // keep workspaces inside the test's temp dir
                .build()) {
            analysis = analyst.analyze(List.of(loans), "How many loans are overdue?");
        }
    }

    @Test
    void analysisEndsWithAnAnswer() {
        assertThat(analysis.status()).as(analysis.reason()).isEqualTo(AnalysisStatus.ANSWERED);
        assertThat(analysis.rounds()).isEqualTo(2);
    }

    @Test
    void codeBlockRanAndPrintedTheCounts() {
        assertThat(analysis.steps(Step.Execute.class))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.result().isSuccess()).as(e.result().toString()).isTrue();
                    assertThat(e.result().stdout()).isEqualTo("rows: 5\noverdue: 2\npaid: 3\n");
                });
    }

    @Test
    void codeBlockWroteTheTableAsAnArtifact() throws IOException {
        Artifact table = analysis.artifact("status_counts.csv").orElseThrow();
        assertThat(table.mediaType()).isEqualTo("text/csv");
        assertThat(table.change()).isEqualTo(Artifact.Change.CREATED);
        assertThat(Files.readString(table.absolutePath())).isEqualTo("status,count\noverdue,2\npaid,3\n");
    }

    @Test
    void reportStatesOnlyNumbersTheCodeProduced() {
        assertThat(analysis.report().title()).isEqualTo("Loan status");
        assertThat(analysis.report().markdown()).contains("2 are overdue");
        // The claim check matches every number in the report against the code outputs.
        ClaimCheck claims = ReportDocument.of(analysis).claims();
        assertThat(claims.claims()).isNotEmpty();
        assertThat(claims.unsupported()).isEmpty();
    }

    @Test
    void inputFileWasCopiedNotTouched() throws IOException {
        assertThat(analysis.workspace().resolve("loans.csv")).hasSameTextualContentAs(dir.resolve("loans.csv"));
        assertThat(analysis.workspace()).startsWith(dir.resolve("workspaces"));
    }
}
