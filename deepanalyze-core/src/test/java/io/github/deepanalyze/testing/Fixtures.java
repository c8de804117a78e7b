package io.github.deepanalyze.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared fixtures ({@code ../shared} beside the project). When they are absent a test
 * is skipped with a message saying what is missing, except under {@code CI=true}, where a missing
 * fixture fails the test so CI always runs it.
 */
public final class Fixtures {
    private Fixtures() {
    }

    /** The shared directory, resolved from the {@code deepanalyze.shared} system property or {@code ../shared}. */
    public static Path sharedDir() {
        String prop = System.getProperty("deepanalyze.shared");
        Path p = prop != null ? Path.of(prop) : Path.of("..", "shared");
        return p.toAbsolutePath().normalize();
    }

    /** {@code shared/<relative>}, or a skipped (locally) / failed (CI) test when it does not exist. */
    public static Path require(String relative) {
        Path p = sharedDir().resolve(relative);
        if (!Files.exists(p)) {
            String msg = "shared fixture missing: " + p + " (clone the project beside its shared/ folder to run this test)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(msg + "; CI=true, so a missing fixture is a failure");
            }
            assumeTrue(false, msg);
        }
        return p;
    }

    /** The student-loan data directory. */
    public static Path studentLoanData() {
        return require("fixtures/student_loan/data");
    }

    /** The recorded DeepAnalyze-8B run on the student-loan data. */
    public static RecordedTrajectory studentLoanTrajectory() {
        Path p = require("fixtures/student_loan/trajectory.md");
        try {
            return RecordedTrajectory.parse(Files.readString(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
