package io.github.deepanalyze.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.deepanalyze.common.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One benchmark question.
 *
 * <p>Immutable and thread-safe; no component is {@code null}.
 *
 * @param id a unique name for the results table
 * @param files the input files to stage in the workspace
 * @param question the question to ask
 * @param expected the expected answer
 * @param grader the grader's name, as {@link Graders#named(String)} takes it
 */
public record BenchmarkTask(String id, List<Path> files, String question, String expected, String grader) {
    public BenchmarkTask {
        Objects.requireNonNull(id, "id");
        files = List.copyOf(files);
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(grader, "grader");
        Graders.named(grader); // fail at load time, not after an expensive run
    }

    /**
     * Reads a task file: JSON Lines, one task per line, e.g. {@code {"id": "q1", "files":
     * ["data/titanic.csv"], "question": "…", "expected": "@mean_fare[34.65]", "grader":
     * "dabench"}}. {@code answer} is accepted for {@code expected}; {@code grader} defaults to
     * {@code exact}; {@code id} defaults to the line number; relative file paths resolve against
     * the task file's folder. Blank lines and lines starting with {@code //} are skipped.
     *
     * @throws InvalidInputException naming the line of a malformed task
     */
    public static List<BenchmarkTask> readAll(Path taskFile) {
        Objects.requireNonNull(taskFile, "taskFile");
        List<String> lines;
        try {
            lines = Files.readAllLines(taskFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the task file " + taskFile + ": " + e.getMessage(), e);
        }
        Path base = taskFile.toAbsolutePath().getParent();
        ObjectMapper mapper = new ObjectMapper();
        List<BenchmarkTask> tasks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("//")) {
                continue;
            }
            String where = taskFile + " line " + (i + 1);
            try {
                JsonNode n = mapper.readTree(line);
                String question = text(n, "question", where);
                JsonNode exp = n.has("expected") ? n.get("expected") : n.get("answer");
                if (exp == null || exp.isNull()) {
                    throw new InvalidInputException(where + " has no \"expected\" (or \"answer\") value");
                }
                String expected = exp.isArray() ? joinArray(exp) : exp.asText();
                List<Path> files = new ArrayList<>();
                for (JsonNode f : n.path("files")) {
                    files.add(base.resolve(f.asText()).normalize());
                }
                tasks.add(new BenchmarkTask(n.has("id") ? n.get("id").asText() : "line-" + (i + 1), files, question, expected,
                        n.has("grader") ? n.get("grader").asText() : "exact"));
            } catch (IOException e) {
                throw new InvalidInputException(where + " is not a JSON object: " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(where + ": " + e.getMessage(), e);
            }
        }
        return tasks;
    }

    private static String joinArray(JsonNode arr) {
        List<String> parts = new ArrayList<>();
        arr.forEach(v -> parts.add(v.asText()));
        return String.join("|", parts);
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new InvalidInputException(where + " has no \"" + field + "\" string");
        }
        return v.asText();
    }
}
