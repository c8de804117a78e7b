package io.github.deepanalyze.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.deepanalyze.common.DeepAnalyzeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The results table of a benchmark run, with its summary metrics.
 *
 * <p>Immutable and thread-safe. No method accepts or returns {@code null}.
 *
 * @param tasks one result per task, in task-file order
 */
public record BenchmarkResults(List<TaskResult> tasks) {
    /** The schema identifier of {@link #toJson()}. */
    public static final String SCHEMA = "deepanalyze.benchmark/1";

    public BenchmarkResults {
        tasks = List.copyOf(tasks);
    }

    /** Share of tasks answered correctly. */
    public double accuracy() {
        return tasks.isEmpty() ? 0 : tasks.stream().filter(TaskResult::correct).count() / (double) tasks.size();
    }

    /** Mean partial-credit score. */
    public double meanScore() {
        return tasks.stream().mapToDouble(TaskResult::score).average().orElse(0);
    }

    /** Mean model calls per task. */
    public double meanRounds() {
        return tasks.stream().mapToInt(TaskResult::rounds).average().orElse(0);
    }

    /** Tokens over all tasks. */
    public long totalTokens() {
        return tasks.stream().mapToLong(TaskResult::tokens).sum();
    }

    /** Summed wall time of the tasks' analyses. */
    public Duration totalWallTime() {
        return tasks.stream().map(TaskResult::wallTime).reduce(Duration.ZERO, Duration::plus);
    }

    /** Share of executed code blocks whose output holds an error, over all tasks. */
    public double executionErrorRate() {
        int blocks = tasks.stream().mapToInt(TaskResult::codeBlocks).sum();
        return blocks == 0 ? 0 : tasks.stream().mapToInt(TaskResult::failedBlocks).sum() / (double) blocks;
    }

    /** Tasks whose run threw instead of finishing. */
    public long failedRuns() {
        return tasks.stream().filter(t -> t.status().equals("FAILED")).count();
    }

    /** {@code {"schema": …, "summary": {…}, "tasks": [{…}, …]}} */
    public String toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("schema", SCHEMA);
        ObjectNode s = root.putObject("summary");
        s.put("tasks", tasks.size());
        s.put("accuracy", accuracy());
        s.put("meanScore", meanScore());
        s.put("meanRounds", meanRounds());
        s.put("totalTokens", totalTokens());
        s.put("totalWallTime", totalWallTime().toString());
        s.put("executionErrorRate", executionErrorRate());
        s.put("failedRuns", failedRuns());
        ArrayNode arr = root.putArray("tasks");
        for (TaskResult t : tasks) {
            ObjectNode n = arr.addObject();
            n.put("id", t.id()).put("grader", t.grader()).put("correct", t.correct()).put("score", t.score())
                    .put("status", t.status()).put("rounds", t.rounds()).put("tokens", t.tokens())
                    .put("wallTime", t.wallTime().toString()).put("codeBlocks", t.codeBlocks()).put("failedBlocks", t.failedBlocks())
                    .put("answer", t.answer()).put("detail", t.detail());
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DeepAnalyzeException("could not serialise the benchmark results: " + e.getOriginalMessage(), e);
        }
    }

    /** A Markdown summary and one table row per task. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Benchmark results\n\n")
                .append("| Tasks | Accuracy | Mean score | Mean rounds | Tokens | Wall time | Execution error rate | Failed runs |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|---:|\n")
                .append(String.format(Locale.ROOT, "| %d | %.1f%% | %.3f | %.1f | %,d | %s | %.1f%% | %d |%n%n", tasks.size(), 100 * accuracy(),
                        meanScore(), meanRounds(), totalTokens(), seconds(totalWallTime()), 100 * executionErrorRate(), failedRuns()))
                .append("| Task | Grader | Correct | Score | Status | Rounds | Tokens | Wall time | Failed blocks | Detail |\n")
                .append("|---|---|:---:|---:|---|---:|---:|---:|---:|---|\n");
        for (TaskResult t : tasks) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %s | %d | %,d | %s | %d/%d | %s |%n", cell(t.id()), cell(t.grader()),
                    t.correct() ? "✓" : "✗", t.score(), t.status(), t.rounds(), t.tokens(), seconds(t.wallTime()), t.failedBlocks(),
                    t.codeBlocks(), cell(t.detail())));
        }
        return sb.toString();
    }

    /** Writes {@link #toJson()} to {@code file}. */
    public void writeJson(Path file) {
        write(file, toJson());
    }

    /** Writes {@link #toMarkdown()} to {@code file}. */
    public void writeMarkdown(Path file) {
        write(file, toMarkdown());
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the benchmark results to " + file + ": " + e.getMessage(), e);
        }
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String cell(String s) {
        String t = s.replace("|", "\\|").replace("\n", " ");
        return t.length() > 100 ? t.substring(0, 100) + "…" : t;
    }
}
