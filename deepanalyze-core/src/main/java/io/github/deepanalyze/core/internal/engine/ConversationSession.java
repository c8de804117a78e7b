package io.github.deepanalyze.core.internal.engine;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisListener;
import io.github.deepanalyze.AnalysisSession;
import io.github.deepanalyze.AnalysisTask;
import io.github.deepanalyze.AnalystSettings;
import io.github.deepanalyze.common.Cancellation;
import io.github.deepanalyze.model.Message;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;

/**
 * The {@link AnalysisSession} of the core engine: one {@link Conversation} and at most one running
 * question. Thread-safe; state changes happen under {@link #lock}.
 */
final class ConversationSession implements AnalysisSession {
    private final AnalystSettings settings;
    private final Conversation conversation;
    private final Object lock = new Object();
    private final List<Analysis> analyses = new ArrayList<>();
    private RunningAnalysis running;
    private boolean closed;
    private boolean cleanedUp;

    ConversationSession(AnalystSettings settings, Conversation conversation) {
        this.settings = settings;
        this.conversation = conversation;
    }

    @Override
    public AnalysisTask start(String question, AnalysisListener listener) {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("This AnalysisSession over " + workspace()
                        + " is closed; open a new one with Analyst.openSession(files) to ask \"" + question.strip() + "\"");
            }
            if (running != null) {
                throw new IllegalStateException("Another question is still running in the AnalysisSession over "
                        + workspace() + "; wait for it (AnalysisTask.await()) or cancel it before asking \""
                        + question.strip() + "\"");
            }
            String q = QuestionLauncher.checkQuestion(question);
            RunningAnalysis task = new RunningAnalysis(Cancellation.create());
            running = task;
            try {
                QuestionLauncher.launch(settings, conversation, q, listener, task, new QuestionLauncher.AfterRun() {
                    @Override
                    public void finished(Analysis analysis) {
                        ended(analysis);
                    }

                    @Override
                    public void failed(Throwable t) {
                        ended(null);
                    }
                });
            } catch (RejectedExecutionException e) {
                running = null;
                throw QuestionLauncher.rejected(e);
            }
            return task;
        }
    }

    private void ended(Analysis analysis) {
        boolean cleanUp;
        synchronized (lock) {
            if (analysis != null) {
                analyses.add(analysis);
            }
            running = null;
            cleanUp = closed;
        }
        if (cleanUp) {
            cleanUp();
        }
    }

    @Override
    public Path workspace() {
        return conversation.workspace().dir();
    }

    @Override
    public List<String> files() {
        return conversation.fileNames();
    }

    @Override
    public List<Message> history() {
        return conversation.history();
    }

    @Override
    public List<Analysis> analyses() {
        synchronized (lock) {
            return List.copyOf(analyses);
        }
    }

    @Override
    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    @Override
    public void close() {
        RunningAnalysis toCancel;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            toCancel = running;
        }
        if (toCancel != null) {
            toCancel.cancel(); // the question's thread cleans up when it ends
        } else {
            cleanUp();
        }
    }

    private void cleanUp() {
        boolean answered;
        synchronized (lock) {
            if (cleanedUp) {
                return;
            }
            cleanedUp = true;
            answered = analyses.isEmpty() || analyses.get(analyses.size() - 1).isAnswered();
        }
        conversation.closeExecutor();
        QuestionLauncher.applyRetention(settings.retention(), conversation.workspace(), answered);
    }

    @Override
    public String toString() {
        return "AnalysisSession[" + workspace() + (isClosed() ? ", closed" : "") + "]";
    }
}
