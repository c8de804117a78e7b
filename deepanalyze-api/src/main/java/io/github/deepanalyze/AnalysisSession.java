package io.github.deepanalyze;

import io.github.deepanalyze.common.InvalidInputException;
import io.github.deepanalyze.model.Message;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A conversation over one workspace: each {@link #ask} continues the same message history in the
 * same directory, so a follow-up question sees the files and the findings of earlier ones. Open
 * one with {@link Analyst#openSession}; inputs are staged once.
 *
 * <pre>{@code
 * try (AnalysisSession s = analyst.openSession(List.of(Path.of("loans.csv")))) {
 *     Analysis overview = s.ask("Generate a data science report.");
 *     Analysis detail = s.ask("Break the default rate down by state.");
 * }
 * }</pre>
 *
 * <p>Each ask is a full {@link Analysis} with its own budget ({@link Budget} applies per ask:
 * rounds, generated tokens, wall time), its own steps, artifacts and transcript; only the context
 * window is shared, since the model sees the whole conversation (earlier Execute outputs are
 * shortened first when it fills up). The follow-up is sent as one new user message,
 * {@link io.github.deepanalyze.prompt.PromptProfile#followUpMessage}.
 *
 * <p>Thread-safe, but sequential: one ask at a time; asking while another ask runs, or after
 * {@link #close()}, throws {@link IllegalStateException}. The workspace retention policy is applied
 * when the session closes ({@link WorkspaceRetention#DELETE_ON_SUCCESS}: when the last ask
 * answered, or nothing was asked). Arguments must not be null.
 */
public interface AnalysisSession extends AutoCloseable {

    /**
     * Starts the next question in the background and returns its handle.
     *
     * @throws IllegalStateException if another ask is running or the session is closed
     * @throws InvalidInputException if the question is blank
     */
    AnalysisTask start(String question, AnalysisListener listener);

    /** Asks the next question and waits for its analysis (see {@link Analyst#analyze}). */
    default Analysis ask(String question) {
        return ask(question, AnalysisListener.NONE);
    }

    /** As {@link #ask(String)}, reporting events to {@code listener}. */
    default Analysis ask(String question, AnalysisListener listener) {
        return start(question, listener).await();
    }

    /** As {@link #ask(String)}, in the background. Cancelling the returned future cancels the ask. */
    default CompletableFuture<Analysis> askAsync(String question) {
        return askAsync(question, AnalysisListener.NONE);
    }

    /** As {@link #askAsync(String)}, reporting events to {@code listener}. */
    default CompletableFuture<Analysis> askAsync(String question, AnalysisListener listener) {
        Objects.requireNonNull(question, "question");
        AnalysisTask task = start(question, listener);
        return task.asFuture();
    }

    /** The workspace directory all asks run in (gone after {@link #close()} per the retention policy). */
    Path workspace();

    /** The input files' names in the workspace, as the first question listed them. */
    List<String> files();

    /**
     * The conversation as of the end of the last finished ask, as the model will see it on the
     * next one (earlier Execute outputs possibly shortened to fit the context). An immutable snapshot.
     */
    List<Message> history();

    /** The analyses of the finished asks, in order. */
    List<Analysis> analyses();

    /** Whether {@link #close()} was called. */
    boolean isClosed();

    /**
     * Ends the session: cancels a running ask, closes the executor session kept across asks and
     * applies the workspace retention policy. Idempotent.
     */
    @Override
    void close();
}
