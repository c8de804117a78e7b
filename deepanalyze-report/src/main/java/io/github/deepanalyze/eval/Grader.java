package io.github.deepanalyze.eval;

/**
 * Decides whether an answer matches the expected one. Implementations are stateless and
 * thread-safe; see {@link Graders} for the built-in ones.
 */
@FunctionalInterface
public interface Grader {
    /**
     * Grades {@code answer} (the final report, or the text after its last {@code Answer:}) against
     * {@code expected}. Neither is {@code null}.
     */
    Grade grade(String expected, String answer);
}
