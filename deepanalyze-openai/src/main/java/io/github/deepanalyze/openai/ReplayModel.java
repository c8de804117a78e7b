package io.github.deepanalyze.openai;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.common.InvalidInputException;
import io.github.deepanalyze.common.ModelException;
import io.github.deepanalyze.common.TokenUsage;
import io.github.deepanalyze.model.FinishReason;
import io.github.deepanalyze.model.Generation;
import io.github.deepanalyze.model.GenerationRequest;
import io.github.deepanalyze.model.LanguageModel;
import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.model.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link LanguageModel} that replays a recorded DeepAnalyze trajectory: the raw tagged
 * assistant text with the environment's {@code <Execute>} blocks inline (as DeepAnalyze's examples
 * and SFT data store it). Call {@code i} returns the assistant text between Execute blocks
 * {@code i-1} and {@code i}, so a run can be reproduced offline with fresh execution: for demos,
 * tests, and debugging a single step with a changed executor. The recorded Execute outputs are
 * ignored; the executor produces new ones.
 *
 * <pre>{@code
 * LanguageModel model = ReplayModel.fromFile(Path.of("trajectory.md"));  // or ReplayModel.of(analysis)
 * Analyst analyst = Analyst.builder().model(model).build();               // then analyze(...) as with a live model
 * }</pre>
 *
 * <p>Each turn streams to {@code onText} in pieces of 6 characters without delay, or as set by
 * {@link #withStreaming(int, Duration)}, and finishes with {@link FinishReason#STOP}; its usage is
 * an estimate (0 prompt tokens; the text's length / 4, at least 1, completion tokens). A
 * conversation with more Execute results than the recording has turns fails with a non-retryable
 * {@link ModelException}.
 *
 * <p>Stateless and thread-safe: the turn to replay is chosen from the conversation itself (the
 * number of Execute results it holds), so one instance serves any number of concurrent replays.
 * Methods reject {@code null} arguments with a {@link NullPointerException}.
 */
public final class ReplayModel implements LanguageModel {
    private static final String OPEN = "<Execute>";
    private static final String CLOSE = "</Execute>";

    private final List<String> turns;
    private final int chunkChars;
    private final Duration chunkDelay;

    private ReplayModel(List<String> turns, int chunkChars, Duration chunkDelay) {
        this.turns = List.copyOf(turns);
        this.chunkChars = chunkChars;
        this.chunkDelay = chunkDelay;
    }

    /** Replays {@code trajectory} (tagged text with inline Execute blocks), streaming 6 characters at a time without delay. */
    public static ReplayModel of(String trajectory) {
        return new ReplayModel(splitTurns(Objects.requireNonNull(trajectory, "trajectory")), 6, Duration.ZERO);
    }

    /** Replays the model side of a finished analysis (its {@link Analysis#transcript()}). */
    public static ReplayModel of(Analysis analysis) {
        return of(Objects.requireNonNull(analysis, "analysis").transcript());
    }

    /**
     * Reads a trajectory file such as DeepAnalyze's example {@code trajectory.md}.
     *
     * @throws InvalidInputException if the file cannot be read
     */
    public static ReplayModel fromFile(Path trajectoryFile) {
        Objects.requireNonNull(trajectoryFile, "trajectoryFile");
        try {
            return of(Files.readString(trajectoryFile));
        } catch (IOException e) {
            throw new InvalidInputException("Cannot read recorded trajectory " + trajectoryFile + ": "
                    + e.getMessage() + " (check the path)", e);
        }
    }

    /**
     * A copy that streams {@code chars} characters every {@code delay}, to look like a live model.
     *
     * @throws io.github.deepanalyze.common.ConfigurationException if {@code chars} is not positive or {@code delay} is negative
     */
    public ReplayModel withStreaming(int chars, Duration delay) {
        return new ReplayModel(turns, Checks.positive(chars, "chars"), Checks.notNegative(delay, "delay"));
    }

    /** The recorded assistant turns, in order. */
    public List<String> turns() {
        return turns;
    }

    /**
     * The assistant turns of {@code raw}: the text around its Execute blocks, stripped; empty text
     * between two Execute blocks is no turn, but the text after the last one always is.
     *
     * @throws IllegalArgumentException if an {@code <Execute>} is never closed
     */
    static List<String> splitTurns(String raw) {
        List<String> out = new ArrayList<>();
        int pos = 0;
        while (true) {
            int open = raw.indexOf(OPEN, pos);
            String turn = (open < 0 ? raw.substring(pos) : raw.substring(pos, open)).strip();
            if (!turn.isEmpty() || open < 0) {
                out.add(turn);
            }
            if (open < 0) {
                return out;
            }
            int close = raw.indexOf(CLOSE, open);
            if (close < 0) {
                throw new IllegalArgumentException("Recorded trajectory has an unclosed <Execute> at offset " + open);
            }
            pos = close + CLOSE.length();
        }
    }

    @Override
    public Generation generate(GenerationRequest request, Consumer<String> onText) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(onText, "onText");
        int i = executeResults(request.messages());
        if (i >= turns.size()) {
            throw new ModelException("The recorded run has only " + turns.size() + " turns; the analysis asked for turn "
                    + (i + 1) + " (the conversation has more Execute results than the recording)", false);
        }
        String text = turns.get(i);
        for (int p = 0; p < text.length(); p += chunkChars) {
            request.cancellation().throwIfCancelled();
            onText.accept(text.substring(p, Math.min(text.length(), p + chunkChars)));
            if (!chunkDelay.isZero()) {
                try {
                    Thread.sleep(chunkDelay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    request.cancellation().cancel();
                    // thrown directly: Cancellation.none() ignores cancel()
                    throw new io.github.deepanalyze.common.AnalysisCancelledException("interrupted while replaying turn " + (i + 1));
                }
            }
        }
        return new Generation(text, FinishReason.STOP, new TokenUsage(0, Math.max(1, text.length() / 4)));
    }

    /** Execute results in the conversation: messages with the execute role, or user messages carrying an Execute block. */
    private static int executeResults(List<Message> messages) {
        int n = 0;
        for (Message m : messages) {
            if (m.role() == Role.EXECUTE || (m.role() == Role.USER && m.content().startsWith("<Execute>"))) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String describe() {
        return "replay of a recorded run (" + turns.size() + " turns)";
    }

    @Override
    public String toString() {
        return describe();
    }
}
