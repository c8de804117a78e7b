package io.github.deepanalyze.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The real fixtures shipped inside the test kit: the data of the reference example "analysis on
 * student loan" and the raw output DeepAnalyze-8B produced on it (see {@code examples/data/SOURCE.md}).
 *
 * <p>They are read from the class path and, where a test needs files, extracted once per JVM into a
 * read-only temporary folder, so tests never depend on anything beside the project and can never
 * modify the fixtures. Thread-safe.
 */
public final class Fixtures {
    private static final String ROOT = "io/github/deepanalyze/testing/fixtures/";
    /** The data files of the student-loan example, as shipped. */
    private static final List<String> STUDENT_LOAN_FILES = List.of(
            "bool.csv", "bool.xlsx", "disabled.csv", "disabled.xlsx", "enlist.csv", "enlist.xlsx",
            "enrolled.csv", "enrolled.xlsx", "filed_for_bankrupcy.csv", "filed_for_bankrupcy.xlsx",
            "longest_absense_from_school.csv", "longest_absense_from_school.xlsx", "male.csv", "male.xlsx",
            "no_payment_due.csv", "no_payment_due.xlsx", "person.csv", "person.xlsx", "student_loan.sqlite",
            "unemployed.csv", "unemployed.xlsx");
    private static volatile Path studentLoan;

    private Fixtures() {
    }

    /**
     * The student-loan data directory (21 files: 10 tables as CSV and XLSX, plus an SQLite
     * database). A read-only copy shared by every test of the JVM: stage it, never write into it.
     */
    public static Path studentLoanData() {
        Path p = studentLoan;
        if (p == null) {
            synchronized (Fixtures.class) {
                p = studentLoan;
                if (p == null) {
                    p = extractStudentLoan();
                    studentLoan = p;
                }
            }
        }
        return p;
    }

    /** The recorded DeepAnalyze-8B run on the student-loan data. */
    public static RecordedTrajectory studentLoanTrajectory() {
        return RecordedTrajectory.parse(studentLoanTrajectoryText());
    }

    /** The raw text of the recorded run (tags and Execute outputs inline, as the model's README printed it). */
    public static String studentLoanTrajectoryText() {
        return text("student_loan-trajectory.md");
    }

    /** The prompt the reference gave the model for the recorded run. */
    public static String studentLoanPrompt() {
        return text("student_loan-prompt.txt");
    }

    /** A hand-written short trajectory over the student-loan data (not a recording; see SOURCE.md). */
    public static String demoTrajectoryText() {
        return text("demo-trajectory.md");
    }

    private static String text(String name) {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + name, e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(ROOT + name);
        if (in == null) {
            throw new IllegalStateException("fixture " + ROOT + name + " is not on the class path: depend on "
                    + "io.github.deepanalyze:deepanalyze-testkit (it packages examples/data)");
        }
        return in;
    }

    private static Path extractStudentLoan() {
        URL url = Fixtures.class.getClassLoader().getResource(ROOT + "student_loan/person.csv");
        try {
            if (url != null && "file".equals(url.getProtocol())) {
                return Path.of(url.toURI()).getParent(); // an exploded class path (the reactor build): use it in place
            }
            Path dir = Files.createTempDirectory("deepanalyze-fixtures-").resolve("student_loan");
            Files.createDirectories(dir);
            for (String f : STUDENT_LOAN_FILES) {
                try (InputStream in = open("student_loan/" + f)) {
                    Path target = dir.resolve(f);
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    target.toFile().setReadOnly();
                }
            }
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the student-loan fixture", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
