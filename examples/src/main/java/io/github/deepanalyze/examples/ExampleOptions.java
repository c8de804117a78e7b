package io.github.deepanalyze.examples;

import io.github.deepanalyze.openai.OpenAiCompatibleModel;
import io.github.deepanalyze.openai.ReplayModel;
import io.github.deepanalyze.model.LanguageModel;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The command-line options the examples share, and the model and input files they select.
 *
 * <p>Without {@code --model-url} (or env {@code DEEPANALYZE_MODEL_URL}) an example runs in
 * <b>replay mode</b>: the model's turns come from a trajectory file, every code block still runs
 * for real. With it, the example talks to a served model (vLLM, SGLang, any OpenAI-compatible
 * server) and gets every file of the data directory.
 *
 * <p>Options: {@code --model-url URL}, {@code --model NAME} (default {@code DeepAnalyze-8B}),
 * {@code --api-key KEY} (or env {@code DEEPANALYZE_API_KEY}), {@code --data DIR} (default
 * {@code examples/data/student_loan}), {@code -q QUESTION}.
 *
 * <p>Immutable and thread-safe. Components are never null except {@code modelUrl} and
 * {@code apiKey}, which are null when not given.
 *
 * @param modelUrl  base URL of an OpenAI-compatible server, e.g. {@code http://localhost:8000/v1}; null for replay
 * @param modelName the served model name
 * @param apiKey    bearer token for the server, or null
 * @param data      the data directory
 * @param question  the question to analyse
 */
public record ExampleOptions(String modelUrl, String modelName, String apiKey, Path data, String question) {

    /** The student-loan data shipped with the examples (run from the project root). */
    public static final Path STUDENT_LOAN = Path.of("examples/data/student_loan");

    /** The files of the recorded DeepAnalyze-8B run's prompt (the reference example offered these ten). */
    public static final List<String> RECORDED_FILES = List.of("bool.xlsx", "person.csv", "disabled.xlsx", "enlist.csv",
            "filed_for_bankrupcy.csv", "longest_absense_from_school.xlsx", "male.xlsx", "no_payment_due.xlsx",
            "unemployed.xlsx", "enrolled.csv");

    public ExampleOptions {
        modelUrl = modelUrl == null || modelUrl.isBlank() ? null : modelUrl;
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(question, "question");
    }

    /**
     * Parses {@code args}, falling back to the environment for the URL and key. Exits with status 2
     * and a message naming the fix when the data directory does not exist.
     */
    public static ExampleOptions parse(String[] args, String defaultQuestion) {
        ExampleOptions o = new ExampleOptions(
                option(args, "--model-url", System.getenv("DEEPANALYZE_MODEL_URL")),
                option(args, "--model", "DeepAnalyze-8B"),
                option(args, "--api-key", System.getenv("DEEPANALYZE_API_KEY")),
                Path.of(option(args, "--data", STUDENT_LOAN.toString())),
                option(args, "-q", defaultQuestion));
        if (!Files.isDirectory(o.data())) {
            System.err.println("Data directory not found: " + o.data().toAbsolutePath()
                    + " (run from the project root or pass --data DIR)");
            System.exit(2);
        }
        return o;
    }

    /** The value after {@code name} in {@code args}, else {@code fallback}. */
    public static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    /** The recorded DeepAnalyze-8B run on the student-loan data, next to the data directory. */
    public Path recordedRun() {
        return data.toAbsolutePath().resolveSibling("student_loan-trajectory.md");
    }

    /** Whether the model's turns are replayed (no model URL given). */
    public boolean replay() {
        return modelUrl == null;
    }

    /**
     * The model: a replay of {@code trajectory} streamed in small chunks (so listeners see text
     * arrive as from a live model), or the served model at {@link #modelUrl()}.
     */
    public LanguageModel model(Path trajectory) {
        if (replay()) {
            return ReplayModel.fromFile(trajectory).withStreaming(16, Duration.ofMillis(1));
        }
        OpenAiCompatibleModel.Builder b = OpenAiCompatibleModel.builder().baseUrl(modelUrl).model(modelName);
        if (apiKey != null) {
            b.apiKey(apiKey);
        }
        return b.build();
    }

    /**
     * The input files: in replay mode exactly {@code replayFiles} (a recording only makes sense with
     * the files it was made with), live every regular file of the data directory.
     */
    public List<Path> files(List<String> replayFiles) {
        if (replay()) {
            return replayFiles.stream().map(data::resolve).toList();
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(data)) {
            s.filter(Files::isRegularFile).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + data + " (check --data)", e);
        }
        return files;
    }

    /**
     * Tells the user which mode runs, before anything else is printed.
     *
     * @param source what the replayed turns are, e.g. {@code "the recorded DeepAnalyze-8B run (path)"}
     */
    public void printMode(PrintStream out, String source) {
        if (replay()) {
            out.printf("""
                    REPLAY MODE: no --model-url given, so the model's turns come from %s.
                    Every code block really runs, on the real data; the outputs below are fresh.
                    Pass --model-url http://host:8000/v1 to run live.%n%n""", source);
        } else {
            out.printf("LIVE: %s at %s%n%n", modelName, modelUrl);
        }
    }
}
