package io.github.deepanalyze;

import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.model.LanguageModel;
import io.github.deepanalyze.model.SamplingOptions;
import io.github.deepanalyze.model.TokenCounter;
import io.github.deepanalyze.prompt.PromptProfile;
import io.github.deepanalyze.spi.InputProfiler;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The validated configuration of an {@link Analyst}, handed to the
 * {@link AnalysisEngine}. Immutable; built only by {@code Analyst.Builder.build()}.
 *
 * @param clock stamps events and measures the wall-clock budget and the {@link AnalysisTiming}
 * @param scheduler fires the wall-clock deadline ({@link Budget#maxWallTime()}); runs on the same time as {@code clock}
 */
public record AnalystSettings(
        LanguageModel model,
        CodeExecutor executor,
        ExecutionMode executionMode,
        PromptProfile promptProfile,
        SamplingOptions sampling,
        TokenCounter tokenCounter,
        Budget budget,
        Clock clock,
        Path workspaceRoot,
        WorkspaceRetention retention,
        AnalysisListener listener,
        Executor taskExecutor,
        List<InputProfiler> inputProfilers,
        Scheduler scheduler) {

    public AnalystSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(executionMode, "executionMode");
        Objects.requireNonNull(promptProfile, "promptProfile");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(tokenCounter, "tokenCounter");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(workspaceRoot, "workspaceRoot");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(taskExecutor, "taskExecutor");
        inputProfilers = List.copyOf(inputProfilers);
        Objects.requireNonNull(scheduler, "scheduler");
    }

    /** Settings on the real-time {@link Scheduler#system()} (the form before {@link #scheduler()} existed). */
    public AnalystSettings(LanguageModel model, CodeExecutor executor, ExecutionMode executionMode,
                           PromptProfile promptProfile, SamplingOptions sampling, TokenCounter tokenCounter, Budget budget,
                           Clock clock, Path workspaceRoot, WorkspaceRetention retention, AnalysisListener listener,
                           Executor taskExecutor, List<InputProfiler> inputProfilers) {
        this(model, executor, executionMode, promptProfile, sampling, tokenCounter, budget, clock, workspaceRoot,
                retention, listener, taskExecutor, inputProfilers, Scheduler.system());
    }

    /** Settings without input profilers (the form before {@link #inputProfilers()} existed). */
    public AnalystSettings(LanguageModel model, CodeExecutor executor, ExecutionMode executionMode,
                           PromptProfile promptProfile, SamplingOptions sampling, TokenCounter tokenCounter, Budget budget,
                           Clock clock, Path workspaceRoot, WorkspaceRetention retention, AnalysisListener listener,
                           Executor taskExecutor) {
        this(model, executor, executionMode, promptProfile, sampling, tokenCounter, budget, clock, workspaceRoot,
                retention, listener, taskExecutor, List.of(), Scheduler.system());
    }
}
