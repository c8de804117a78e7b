package io.github.deepanalyze.eval;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one benchmark task.
 *
 * <p>Immutable and thread-safe; no component is {@code null}.
 *
 * @param id the task's id
 * @param grader the grader's name
 * @param correct whether the grader accepted the answer
 * @param score the grader's partial credit in [0, 1]
 * @param detail the grader's explanation, or the failure that kept the task from finishing
 * @param answer the answer that was graded (empty when the run failed)
 * @param status how the analysis ended ({@code "ANSWERED"}, …) or {@code "FAILED"} when running it threw
 * @param rounds model calls made
 * @param tokens tokens used (prompt + generated)
 * @param wallTime the analysis's wall time
 * @param codeBlocks code blocks executed
 * @param failedBlocks executed blocks whose output holds an error
 */
public record TaskResult(String id, String grader, boolean correct, double score, String detail, String answer, String status,
        int rounds, long tokens, Duration wallTime, int codeBlocks, int failedBlocks) {
    public TaskResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(grader, "grader");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(wallTime, "wallTime");
    }
}
