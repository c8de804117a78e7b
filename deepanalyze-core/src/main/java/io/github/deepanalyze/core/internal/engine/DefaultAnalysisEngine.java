package io.github.deepanalyze.core.internal.engine;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisListener;
import io.github.deepanalyze.AnalysisSession;
import io.github.deepanalyze.AnalysisTask;
import io.github.deepanalyze.Cancellation;
import io.github.deepanalyze.InvalidInputException;
import io.github.deepanalyze.WorkspaceRetention;
import io.github.deepanalyze.core.PromptProfiles;
import io.github.deepanalyze.core.internal.workspace.Workspace;
import io.github.deepanalyze.prompt.DataFile;
import io.github.deepanalyze.prompt.PromptProfile;
import io.github.deepanalyze.spi.AnalysisEngine;
import io.github.deepanalyze.spi.AnalystSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AnalysisEngine} of {@code deepanalyze-core}, found by {@link java.util.ServiceLoader}.
 * Public only for the service loader; use {@link io.github.deepanalyze.Analyst}.
 *
 * <p>Thread-safe. Holds one timer thread for wall-clock budgets, started on demand and ended
 * when idle.
 */
public final class DefaultAnalysisEngine implements AnalysisEngine {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultAnalysisEngine.class);

    private final ScheduledThreadPoolExecutor timer;

    public DefaultAnalysisEngine() {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "deepanalyze-budget-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(10, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
    }

    @Override
    public PromptProfile defaultPromptProfile() {
        return PromptProfiles.deepAnalyze();
    }

    @Override
    public AnalysisTask start(AnalystSettings settings, List<Path> files, String question, AnalysisListener listener) {
        String q = checkQuestion(question);
        Workspace workspace = Workspace.create(settings.workspaceRoot(), files, settings.clock().instant());
        Conversation conversation = new Conversation(settings, workspace, names(workspace), true);
        RunningAnalysis task = new RunningAnalysis(Cancellation.create());
        try {
            launch(settings, conversation, q, listener, task, new AfterRun() {
                @Override
                public void finished(Analysis analysis) {
                    applyRetention(settings.retention(), workspace, analysis.isAnswered());
                }

                @Override
                public void failed(Throwable t) {
                }
            });
        } catch (RejectedExecutionException e) {
            workspace.delete();
            throw rejected(e);
        }
        return task;
    }

    @Override
    public AnalysisSession openSession(AnalystSettings settings, List<Path> files) {
        Workspace workspace = Workspace.create(settings.workspaceRoot(), files, settings.clock().instant());
        return new ConversationSession(this, settings, new Conversation(settings, workspace, names(workspace), false));
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

    private static List<String> names(Workspace workspace) {
        return workspace.dataFiles().stream().map(DataFile::name).toList();
    }

    /** What happens after a question's loop returned, before its task completes. */
    interface AfterRun {
        void finished(Analysis analysis);

        void failed(Throwable t);
    }

    /**
     * Runs one question of {@code conversation} on the task executor under a wall-clock deadline.
     * Order at the end: the loop emits {@code Finished}, then {@code after} runs (retention), then
     * {@code task} completes.
     *
     * @throws RejectedExecutionException if the task executor refuses it
     */
    void launch(AnalystSettings settings, Conversation conversation, String question, AnalysisListener listener,
                RunningAnalysis task, AfterRun after) {
        EventDispatcher events = new EventDispatcher(List.of(settings.listener(), listener));
        AgentLoop loop = new AgentLoop(settings, conversation, question, events, task.cancellation());
        Runnable body = () -> {
            ScheduledFuture<?> deadline = timer.schedule(loop::timeUp, settings.budget().maxWallTime().toMillis(),
                    TimeUnit.MILLISECONDS);
            Analysis analysis;
            try {
                analysis = loop.run();
            } catch (Throwable t) {
                deadline.cancel(false);
                try {
                    after.failed(t);
                } finally {
                    task.completion().completeExceptionally(t);
                }
                throw t;
            }
            deadline.cancel(false);
            try {
                after.finished(analysis);
            } finally {
                task.completion().complete(analysis);
            }
        };
        settings.taskExecutor().execute(body);
    }

    static void applyRetention(WorkspaceRetention retention, Workspace workspace, boolean answered) {
        boolean delete = retention == WorkspaceRetention.DELETE_ALWAYS
                || (retention == WorkspaceRetention.DELETE_ON_SUCCESS && answered);
        if (delete && !workspace.delete()) {
            LOG.warn("could not delete workspace {}", workspace.dir());
        }
    }
}
