package io.github.deepanalyze.eval;

import java.util.Objects;

/**
 * A grader's verdict on one answer.
 *
 * @param correct whether the answer counts as correct
 * @param score partial credit in [0, 1] (1 or 0 for all-or-nothing graders; the share of matched sub-answers for DABench)
 * @param detail a short explanation, e.g. {@code "expected 3.14, got 3.1416"} (never {@code null})
 */
public record Grade(boolean correct, double score, String detail) {
    public Grade {
        Objects.requireNonNull(detail, "detail");
        if (score < 0 || score > 1) {
            throw new IllegalArgumentException("score must be in [0, 1], got " + score);
        }
    }

    static Grade of(boolean correct, String detail) {
        return new Grade(correct, correct ? 1 : 0, detail);
    }
}
