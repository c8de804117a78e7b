package io.github.deepanalyze.testing;

import io.github.deepanalyze.common.AnalysisCancelledException;
import io.github.deepanalyze.common.ModelException;
import io.github.deepanalyze.common.TokenUsage;
import io.github.deepanalyze.model.FinishReason;
import io.github.deepanalyze.model.Generation;
import io.github.deepanalyze.model.GenerationRequest;
import io.github.deepanalyze.model.LanguageModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An in-memory {@link LanguageModel} for unit tests of the loop: each call replies with the next
 * scripted turn, streamed in chunks of {@code chunkSize} characters, and records the request.
 * (End-to-end tests use the real HTTP client against {@code ScriptedModelServer} instead.)
 * A turn may end with or without the {@code </Code>} a real server cuts off: the loop closes a turn
 * that stopped inside {@code <Code>}, whichever model wrote it.
 */
public final class ScriptedModel implements LanguageModel {

    /** One scripted reply. */
    public sealed interface Reply {
    }

    /** Stream {@code text}, then finish with {@code reason}. */
    public record Text(String text, FinishReason reason) implements Reply {
    }

    /** Stream {@code partial}, then throw {@code error}. */
    public record Fail(String partial, ModelException error) implements Reply {
    }

    /** Stream {@code partial}, then block until cancelled. */
    public record Stall(String partial) implements Reply {
    }

    private final List<Reply> replies;
    private final int chunkSize;
    private final List<GenerationRequest> requests = new CopyOnWriteArrayList<>();

    public ScriptedModel(List<? extends Reply> replies, int chunkSize) {
        this.replies = List.copyOf(replies);
        this.chunkSize = chunkSize;
    }

    /** Replies with each string in turn (finish reason STOP), in 7-character chunks. */
    public static ScriptedModel of(String... turns) {
        List<Reply> r = new ArrayList<>();
        for (String t : turns) {
            r.add(new Text(t, FinishReason.STOP));
        }
        return new ScriptedModel(r, 7);
    }

    /** Replies with the recorded run's turns, as a client returns them. */
    public static ScriptedModel replaying(RecordedTrajectory t) {
        return of(t.turns().toArray(String[]::new));
    }

    public List<GenerationRequest> requests() {
        return Collections.unmodifiableList(requests);
    }

    @Override
    public Generation generate(GenerationRequest request, Consumer<String> onText) {
        int i = requests.size();
        requests.add(request);
        if (i >= replies.size()) {
            throw new ModelException("scripted model has no reply #" + (i + 1), false);
        }
        Reply reply = replies.get(i);
        switch (reply) {
            case Text t -> {
                stream(t.text(), onText, request);
                return new Generation(t.text(), t.reason(), new TokenUsage(10, Math.max(1, t.text().length() / 4)));
            }
            case Fail f -> {
                stream(f.partial(), onText, request);
                throw f.error();
            }
            case Stall s -> {
                stream(s.partial(), onText, request);
                Object lock = new Object();
                try (var reg = request.cancellation().onCancel(() -> {
                    synchronized (lock) {
                        lock.notifyAll();
                    }
                })) {
                    synchronized (lock) {
                        while (!request.cancellation().isCancelled()) {
                            lock.wait(1000);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new AnalysisCancelledException("cancelled while the model stalled");
            }
        }
    }

    private void stream(String text, Consumer<String> onText, GenerationRequest request) {
        for (int p = 0; p < text.length(); p += chunkSize) {
            request.cancellation().throwIfCancelled();
            onText.accept(text.substring(p, Math.min(text.length(), p + chunkSize)));
        }
    }
}
