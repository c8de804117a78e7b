package io.github.deepanalyze.core.internal.engine;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisListener;
import io.github.deepanalyze.AnalystSettings;
import io.github.deepanalyze.Scheduler;
import io.github.deepanalyze.WorkspaceRetention;
import io.github.deepanalyze.common.InvalidInputException;
import io.github.deepanalyze.core.internal.workspace.Workspace;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one question of a {@link Conversation} on the task executor under its wall-clock deadline,
 * and the checks and clean-up around it; shared by {@link DefaultAnalysisEngine} (one-shot analyses)
 * and {@link ConversationSession} (asks), neither of which calls the other. Stateless.
 */
final class QuestionLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(QuestionLauncher.class);

    private QuestionLauncher() {
    }

    /** What happens after a question's loop returned, before its task completes. */
    interface AfterRun {
        void finished(Analysis analysis);

        void failed(Throwable t);
    }

    /**
     * Runs {@code question} of {@code conversation} on the task executor; the deadline is scheduled
     * on {@link AnalystSettings#scheduler()}. Order at the end: the loop emits {@code Finished}, then
     * {@code after} runs (retention), then {@code task} completes.
     *
     * @throws RejectedExecutionException if the task executor refuses it
     */
    static void launch(AnalystSettings settings, Conversation conversation, String question, AnalysisListener listener,
                       RunningAnalysis task, AfterRun after) {
        EventDispatcher events = new EventDispatcher(List.of(settings.listener(), listener));
        AgentLoop loop = new AgentLoop(settings, conversation, question, events, task.cancellation());
        Runnable body = () -> {
            Scheduler.Scheduled deadline = settings.scheduler().schedule(settings.budget().maxWallTime(), loop::timeUp);
            Analysis analysis;
            try {
                analysis = loop.run();
            } catch (Throwable t) {
                deadline.cancel();
                try {
                    after.failed(t);
                } finally {
                    task.completion().completeExceptionally(t);
                }
                throw t;
            }
            deadline.cancel();
            try {
                after.finished(analysis);
            } finally {
                task.completion().complete(analysis);
            }
        };
        settings.taskExecutor().execute(body);
    }

    static String checkQuestion(String question) {
        if (question.isBlank()) {
            throw new InvalidInputException("The question is empty: pass what the analysis should find out, "
                    + "e.g. \"Generate a data science report.\"");
        }
        return question.strip();
    }

    static InvalidInputException rejected(RejectedExecutionException e) {
        return new InvalidInputException("The analyst's task executor rejected the analysis (" + e.getMessage()
                + "); give Analyst.builder().taskExecutor(...) more capacity", e);
    }

    static void applyRetention(WorkspaceRetention retention, Workspace workspace, boolean answered) {
        boolean delete = retention == WorkspaceRetention.DELETE_ALWAYS
                || (retention == WorkspaceRetention.DELETE_ON_SUCCESS && answered);
        if (delete && !workspace.delete()) {
            LOG.warn("could not delete workspace {}", workspace.dir());
        }
    }
}
