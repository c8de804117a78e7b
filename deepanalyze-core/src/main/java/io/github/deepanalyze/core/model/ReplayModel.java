package io.github.deepanalyze.core.model;

import io.github.deepanalyze.ModelException;
import io.github.deepanalyze.TokenUsage;
import io.github.deepanalyze.model.FinishReason;
import io.github.deepanalyze.model.Generation;
import io.github.deepanalyze.model.GenerationRequest;
import io.github.deepanalyze.model.LanguageModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link LanguageModel} that replays a recorded DeepAnalyze trajectory: the raw tagged
 * assistant text with the environment's {@code <Execute>} blocks inline (as DeepAnalyze's examples
 * and SFT data store it). Call {@code i} returns the assistant text between Execute blocks
 * {@code i-1} and {@code i}, so a run can be reproduced offline with fresh execution: for demos,
 * tests, and debugging a single step with a changed executor. The recorded Execute outputs are
 * ignored; the executor produces new ones.
 *
 * <p>Stateful: one instance replays one run, call by call. Thread-safe, but concurrent analyses
 * need one instance each ({@link #fresh()}).
 */
public final class ReplayModel implements LanguageModel {
    private static final String OPEN = "<Execute>";
    private static final String CLOSE = "</Execute>";

    private final List<String> turns;
    private final int chunkChars;
    private final Duration chunkDelay;
    private final AtomicInteger next = new AtomicInteger();

    private ReplayModel(List<String> turns, int chunkChars, Duration chunkDelay) {
        this.turns = List.copyOf(turns);
        this.chunkChars = chunkChars;
        this.chunkDelay = chunkDelay;
    }

    /** Replays {@code trajectory} (tagged text with inline Execute blocks), streaming 6 characters at a time without delay. */
    public static ReplayModel of(String trajectory) {
        return new ReplayModel(splitTurns(trajectory), 6, Duration.ZERO);
    }

    /** Reads a trajectory file such as DeepAnalyze's example {@code trajectory.md}. */
    public static ReplayModel fromFile(Path trajectoryFile) {
        try {
            return of(Files.readString(trajectoryFile));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read recorded trajectory " + trajectoryFile, e);
        }
    }

    /** A copy that streams {@code chars} characters every {@code delay}, to look like a live model. */
    public ReplayModel withStreaming(int chars, Duration delay) {
        if (chars <= 0) {
            throw new IllegalArgumentException("chars must be > 0, got " + chars);
        }
        return new ReplayModel(turns, chars, Objects.requireNonNull(delay, "delay"));
    }

    /** A copy that starts again from the first turn. */
    public ReplayModel fresh() {
        return new ReplayModel(turns, chunkChars, chunkDelay);
    }

    /** The recorded assistant turns, in order. */
    public List<String> turns() {
        return turns;
    }

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
        int i = next.getAndIncrement();
        if (i >= turns.size()) {
            throw new ModelException("The recorded run has only " + turns.size() + " turns; the analysis asked for turn "
                    + (i + 1) + " (the fresh execution diverged from the recording, or the replay model was reused: use fresh())",
                    false);
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
                    request.cancellation().throwIfCancelled();
                }
            }
        }
        return new Generation(text, FinishReason.STOP, new TokenUsage(0, Math.max(1, text.length() / 4)));
    }

    @Override
    public String describe() {
        return "replay of a recorded run (" + turns.size() + " turns)";
    }
}
