package io.github.deepanalyze.core.internal.engine;

import io.github.deepanalyze.AnalystSettings;
import io.github.deepanalyze.core.internal.protocol.ExecuteTurn;
import io.github.deepanalyze.core.internal.workspace.Workspace;
import io.github.deepanalyze.execution.ExecutionSession;
import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.model.Role;
import io.github.deepanalyze.model.TokenCounter;
import io.github.deepanalyze.prompt.DataFile;
import io.github.deepanalyze.prompt.PromptProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What outlives one question: the workspace and its staged inputs, the message history (with the
 * Execute messages that may be shortened when the context fills), and the executor session. A
 * one-shot analysis has a conversation of one question; an {@link io.github.deepanalyze.AnalysisSession}
 * keeps it across asks. The history changes only through this class's methods.
 *
 * <p>Confined to the thread running the current question; {@link #history()} is a snapshot
 * published at the end of each question and safe to read from any thread.
 */
final class Conversation {
    private static final Logger LOG = LoggerFactory.getLogger(Conversation.class);
    /** Execute messages shorter than this are never shortened further. */
    private static final int SHORTEST_SHORTENED = 400;

    private final AnalystSettings settings;
    private final Workspace workspace;
    private final PromptProfile profile;
    private final List<DataFile> inputs;
    private final List<String> fileNames;
    private final Duration staging;
    private final boolean oneShot;
    private final List<Message> messages = new ArrayList<>();
    /** Indices in {@link #messages} of Execute results, the first thing shortened when the context fills up. */
    private final List<Integer> executeMessages = new ArrayList<>();
    private boolean shortening;
    private boolean firstAskClaimed;
    private ExecutionSession executor;
    private volatile List<Message> history = List.of();

    /**
     * @param workspace the staged workspace; its top-level files now are the inputs, listed here once
     * @param staging how long staging the inputs took (charged to the first question)
     */
    Conversation(AnalystSettings settings, Workspace workspace, Duration staging, boolean oneShot) {
        this.settings = settings;
        this.workspace = workspace;
        this.profile = settings.promptProfile().forWorkspace(workspace.dir());
        this.inputs = List.copyOf(workspace.dataFiles());
        this.fileNames = inputs.stream().map(DataFile::name).toList();
        this.staging = staging;
        this.oneShot = oneShot;
    }

    Workspace workspace() {
        return workspace;
    }

    PromptProfile profile() {
        return profile;
    }

    /** The staged inputs, as listed right after staging, in prompt order. */
    List<DataFile> inputs() {
        return inputs;
    }

    List<String> fileNames() {
        return fileNames;
    }

    Duration staging() {
        return staging;
    }

    /** Whether the conversation ends with its first question (executor closed after it). */
    boolean oneShot() {
        return oneShot;
    }

    /**
     * True the first time only: the first question profiles the inputs, opens the conversation and
     * is charged the staging time.
     */
    boolean claimFirstAsk() {
        if (firstAskClaimed) {
            return false;
        }
        firstAskClaimed = true;
        return true;
    }

    /** Whether nothing was said yet. */
    boolean isEmpty() {
        return messages.isEmpty();
    }

    /** Adds the opening messages, or a follow-up question's message, at the end. */
    void appendUser(List<Message> opening) {
        messages.addAll(opening);
    }

    /** Adds model text; consecutive assistant turns merge into one continuing message. */
    void appendAssistant(String text) {
        int last = messages.size() - 1;
        if (last >= 0 && messages.get(last).role() == Role.ASSISTANT) {
            messages.set(last, Message.assistant(messages.get(last).content() + text));
        } else {
            messages.add(Message.assistant(text));
        }
    }

    /** Adds one block's Execute message; it may be shortened later by {@link #fitTo}. */
    void appendExecute(Message execute) {
        executeMessages.add(messages.size());
        messages.add(execute);
    }

    /** The history so far, a copy for a request. */
    List<Message> messages() {
        return List.copyOf(messages);
    }

    /**
     * What {@link #fitTo} left.
     *
     * @param room tokens left in the window for the next turn
     * @param startedShortening whether this call shortened an Execute message for the first time in the conversation
     */
    record Fit(int room, boolean startedShortening) {
    }

    /**
     * Makes room for a turn of at least {@code minimumRoom} tokens in a context of {@code window}
     * tokens: while the history does not leave that much, the longest earlier Execute output is
     * halved (head and tail kept), until the history fits or none can shrink further.
     */
    Fit fitTo(int window, int minimumRoom, TokenCounter counter) {
        int used = counter.count(messages);
        boolean started = false;
        while (window - used < minimumRoom) {
            int longest = -1;
            for (int i : executeMessages) {
                int length = messages.get(i).content().length();
                if (length > SHORTEST_SHORTENED && (longest < 0 || length > messages.get(longest).content().length())) {
                    longest = i;
                }
            }
            if (longest < 0) {
                break;
            }
            Message m = messages.get(longest);
            messages.set(longest, new Message(m.role(), ExecuteTurn.shorten(m.content(), m.content().length() / 2)));
            used = counter.count(messages);
            if (!shortening) {
                shortening = true;
                started = true;
            }
        }
        return new Fit(window - used, started);
    }

    /** The executor session, opened on first use and kept until {@link #closeExecutor()}. */
    ExecutionSession executor() {
        if (executor == null) {
            executor = settings.executor().openSession(workspace.dir(), settings.executionMode());
        }
        return executor;
    }

    void closeExecutor() {
        if (executor != null) {
            try {
                executor.close();
            } catch (RuntimeException e) {
                LOG.warn("closing execution session for {} failed", workspace.dir(), e);
            }
            executor = null;
        }
    }

    /** Publishes the history for readers on other threads; called when a question ends. */
    void publish() {
        history = List.copyOf(messages);
    }

    List<Message> history() {
        return history;
    }
}
