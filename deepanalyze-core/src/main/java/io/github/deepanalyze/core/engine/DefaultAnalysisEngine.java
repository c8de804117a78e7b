package io.github.deepanalyze.core.engine;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisListener;
import io.github.deepanalyze.AnalysisTask;
import io.github.deepanalyze.Cancellation;
import io.github.deepanalyze.InvalidInputException;
import io.github.deepanalyze.WorkspaceRetention;
import io.github.deepanalyze.core.protocol.PromptProfiles;
import io.github.deepanalyze.core.workspace.Workspace;
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
        if (question.isBlank()) {
            throw new InvalidInputException("The question is empty: pass what the analysis should find out, "
                    + "e.g. \"Generate a data science report.\"");
        }
        String q = question.strip();
        Workspace workspace = Workspace.create(settings.workspaceRoot(), files, settings.clock().instant());
        List<String> names = workspace.dataFiles().stream().map(DataFile::name).toList();
        Cancellation cancellation = Cancellation.create();
        RunningAnalysis task = new RunningAnalysis(cancellation);
        EventDispatcher events = new EventDispatcher(List.of(settings.listener(), listener));
        AgentLoop loop = new AgentLoop(settings, workspace, q, names, events, cancellation);
        Runnable body = () -> {
            ScheduledFuture<?> deadline = timer.schedule(loop::timeUp, settings.budget().maxWallTime().toMillis(),
                    TimeUnit.MILLISECONDS);
            Analysis analysis;
            try {
                analysis = loop.run();
            } catch (Throwable t) {
                deadline.cancel(false);
                task.completion().completeExceptionally(t);
                throw t;
            }
            deadline.cancel(false);
            applyRetention(settings.retention(), workspace, analysis);
            task.completion().complete(analysis);
        };
        try {
            settings.taskExecutor().execute(body);
        } catch (RejectedExecutionException e) {
            workspace.delete();
            throw new io.github.deepanalyze.ConfigurationException("The analyst's task executor rejected the analysis (" + e.getMessage()
                    + "); give Analyst.builder().taskExecutor(...) more capacity", e);
        }
        return task;
    }

    private static void applyRetention(WorkspaceRetention retention, Workspace workspace, Analysis analysis) {
        boolean delete = retention == WorkspaceRetention.DELETE_ALWAYS
                || (retention == WorkspaceRetention.DELETE_ON_SUCCESS && analysis.isAnswered());
        if (delete && !workspace.delete()) {
            LOG.warn("could not delete workspace {}", workspace.dir());
        }
    }
}
