package io.github.deepanalyze.core.internal.engine;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisEngine;
import io.github.deepanalyze.AnalysisListener;
import io.github.deepanalyze.AnalysisSession;
import io.github.deepanalyze.AnalysisTask;
import io.github.deepanalyze.AnalystSettings;
import io.github.deepanalyze.common.Cancellation;
import io.github.deepanalyze.core.PromptProfiles;
import io.github.deepanalyze.core.internal.workspace.Workspace;
import io.github.deepanalyze.prompt.PromptProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * The {@link AnalysisEngine} of {@code deepanalyze-core}, found by {@link java.util.ServiceLoader}.
 * Public only for the service loader; use {@link io.github.deepanalyze.Analyst}.
 *
 * <p>Stateless and thread-safe: wall-clock deadlines run on the settings'
 * {@link AnalystSettings#scheduler()}.
 */
public final class DefaultAnalysisEngine implements AnalysisEngine {

    /** For the service loader. */
    public DefaultAnalysisEngine() {
    }

    @Override
    public PromptProfile defaultPromptProfile() {
        return PromptProfiles.deepAnalyze();
    }

    @Override
    public AnalysisTask start(AnalystSettings settings, List<Path> files, String question, AnalysisListener listener) {
        String q = QuestionLauncher.checkQuestion(question);
        Conversation conversation = stage(settings, files, true);
        Workspace workspace = conversation.workspace();
        RunningAnalysis task = new RunningAnalysis(Cancellation.create());
        try {
            QuestionLauncher.launch(settings, conversation, q, listener, task, new QuestionLauncher.AfterRun() {
                @Override
                public void finished(Analysis analysis) {
                    QuestionLauncher.applyRetention(settings.retention(), workspace, analysis.isAnswered());
                }

                @Override
                public void failed(Throwable t) {
                }
            });
        } catch (RejectedExecutionException e) {
            workspace.delete();
            throw QuestionLauncher.rejected(e);
        }
        return task;
    }

    @Override
    public AnalysisSession openSession(AnalystSettings settings, List<Path> files) {
        return new ConversationSession(settings, stage(settings, files, false));
    }

    /** Stages {@code files} in a new workspace, timed on the settings' clock. */
    private static Conversation stage(AnalystSettings settings, List<Path> files, boolean oneShot) {
        Instant t0 = settings.clock().instant();
        Workspace workspace = Workspace.create(settings.workspaceRoot(), files, t0);
        Duration staging = Duration.between(t0, settings.clock().instant());
        return new Conversation(settings, workspace, staging.isNegative() ? Duration.ZERO : staging, oneShot);
    }
}
