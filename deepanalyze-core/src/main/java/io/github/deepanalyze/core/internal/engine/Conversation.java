package io.github.deepanalyze.core.internal.engine;

import io.github.deepanalyze.core.internal.workspace.Workspace;
import io.github.deepanalyze.execution.ExecutionSession;
import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.prompt.PromptProfile;
import io.github.deepanalyze.spi.AnalystSettings;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What outlives one question: the workspace, the message history, the Execute messages that may
 * be shortened when the context fills, and the executor session. A one-shot analysis has a
 * conversation of one question; an {@link io.github.deepanalyze.AnalysisSession} keeps it across asks.
 *
 * <p>Confined to the thread running the current question; {@link #history()} is a snapshot
 * published at the end of each question and safe to read from any thread.
 */
final class Conversation {
    private static final Logger LOG = LoggerFactory.getLogger(Conversation.class);

    private final AnalystSettings settings;
    private final Workspace workspace;
    private final PromptProfile profile;
    private final List<String> fileNames;
    private final boolean oneShot;
    final List<Message> messages = new ArrayList<>();
    /** Indices in {@link #messages} of Execute results, the first thing shortened when the context fills up. */
    final List<Integer> executeMessages = new ArrayList<>();
    boolean warnedAboutContext;
    private boolean profiled;
    private ExecutionSession executor;
    private volatile List<Message> history = List.of();

    Conversation(AnalystSettings settings, Workspace workspace, List<String> fileNames, boolean oneShot) {
        this.settings = settings;
        this.workspace = workspace;
        this.profile = settings.promptProfile().forWorkspace(workspace.dir());
        this.fileNames = List.copyOf(fileNames);
        this.oneShot = oneShot;
    }

    Workspace workspace() {
        return workspace;
    }

    PromptProfile profile() {
        return profile;
    }

    List<String> fileNames() {
        return fileNames;
    }

    /** Whether the conversation ends with its first question (executor closed after it). */
    boolean oneShot() {
        return oneShot;
    }

    /** True the first time only: inputs are profiled once per conversation, by its first question. */
    boolean claimProfiling() {
        if (profiled) {
            return false;
        }
        profiled = true;
        return true;
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
