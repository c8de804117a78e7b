package io.github.deepanalyze.trace;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.ModelException;
import io.github.deepanalyze.TokenUsage;
import io.github.deepanalyze.model.FinishReason;
import io.github.deepanalyze.model.Generation;
import io.github.deepanalyze.model.GenerationRequest;
import io.github.deepanalyze.model.LanguageModel;
import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.model.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link LanguageModel} that replays the assistant turns of a recorded analysis, so a run can be
 * reproduced offline: in tests, demos, or to debug one step with a changed executor. The turn to
 * answer is chosen from the request itself (the number of Execute messages in it), so the model
 * holds no per-run state: it is thread-safe and serves any number of replays at once. The turns
 * come from the recorded transcript, split at its {@code <Execute>} blocks, and are returned as a
 * client returns them (a turn that ran code ends with {@code </Code>}).
 *
 * <p>Replay continues with the recorded turns even if the new executor answers differently; asking
 * for more turns than were recorded fails with a non-retryable {@link ModelException}.
 */
public final class ReplayModel implements LanguageModel {
    private static final String OPEN = "<Execute>";
    private static final String CLOSE = "</Execute>";

    private final List<String> turns;
    private final long completionTokensPerTurn;
    private final String description;

    private ReplayModel(List<String> turns, long completionTokensPerTurn, String description) {
        this.turns = List.copyOf(turns);
        this.completionTokensPerTurn = completionTokensPerTurn;
        this.description = description;
    }

    /** Replays {@code analysis} (e.g. one read back with {@link AnalysisJson}). */
    public static ReplayModel of(Analysis analysis) {
        Objects.requireNonNull(analysis, "analysis");
        List<String> turns = split(analysis.transcript());
        long perTurn = turns.isEmpty() ? 0 : analysis.usage().completionTokens() / turns.size();
        return new ReplayModel(turns, perTurn, "replay of \"" + analysis.question() + "\" (" + turns.size() + " turns)");
    }

    /** Replays a raw transcript: assistant text with the environment's Execute blocks inline. */
    public static ReplayModel ofTranscript(String transcript) {
        Objects.requireNonNull(transcript, "transcript");
        List<String> turns = split(transcript);
        return new ReplayModel(turns, 0, "replay of a transcript (" + turns.size() + " turns)");
    }

    /** The recorded turns, in order. */
    public List<String> turns() {
        return turns;
    }

    static List<String> split(String transcript) {
        List<String> turns = new ArrayList<>();
        int pos = 0;
        while (true) {
            int open = transcript.indexOf(OPEN, pos);
            String turn = transcript.substring(pos, open < 0 ? transcript.length() : open);
            if (turn.startsWith("\n")) {
                turn = turn.substring(1);
            }
            if (open < 0) {
                if (!turn.isBlank()) {
                    turns.add(turn);
                }
                return turns;
            }
            turns.add(turn.stripTrailing());
            int close = transcript.indexOf(CLOSE, open);
            if (close < 0) {
                return turns;
            }
            pos = close + CLOSE.length();
        }
    }

    @Override
    public Generation generate(GenerationRequest request, Consumer<String> onText) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(onText, "onText");
        request.cancellation().throwIfCancelled();
        int index = 0;
        for (Message m : request.messages()) {
            if (m.role() == Role.EXECUTE) {
                index++;
            }
        }
        if (index >= turns.size()) {
            throw new ModelException(describe() + " has no turn " + (index + 1) + ": the recording ended after "
                    + turns.size() + " turns; the replayed run asked for more (its executor answered differently?)", false);
        }
        String text = turns.get(index);
        if (!text.isEmpty()) {
            onText.accept(text);
        }
        return new Generation(text, FinishReason.STOP, new TokenUsage(0, completionTokensPerTurn));
    }

    @Override
    public String describe() {
        return description;
    }
}
