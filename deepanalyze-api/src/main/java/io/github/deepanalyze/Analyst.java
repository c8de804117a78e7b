package io.github.deepanalyze;

import io.github.deepanalyze.common.ConfigurationException;
import io.github.deepanalyze.common.InvalidInputException;
import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.IsolationLevel;
import io.github.deepanalyze.model.LanguageModel;
import io.github.deepanalyze.model.SamplingOptions;
import io.github.deepanalyze.model.TokenCounter;
import io.github.deepanalyze.prompt.PromptProfile;
import io.github.deepanalyze.spi.CodeExecutorProvider;
import io.github.deepanalyze.spi.InputProfiler;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The entry point: runs DeepAnalyze analyses over data files.
 *
 * <pre>{@code
 * Analyst analyst = Analyst.builder()
 *         .model(OpenAiCompatibleModel.builder().baseUrl("http://localhost:8000/v1").model("DeepAnalyze-8B").build())
 *         .build();
 * Analysis a = analyst.analyze(List.of(Path.of("sales.csv")), "What drives churn?");
 * System.out.println(a.report().markdown());
 * }</pre>
 *
 * <p>Immutable and thread-safe: one instance serves any number of concurrent analyses. An
 * {@code Analyst} that created its own executor (none given to the builder) owns it and releases
 * it on {@link #close()}; an executor passed to the builder stays the caller's to close.
 */
public final class Analyst implements AutoCloseable {

    private final AnalystSettings settings;
    private final AnalysisEngine engine;
    private final boolean ownsExecutor;

    private Analyst(AnalystSettings settings, AnalysisEngine engine, boolean ownsExecutor) {
        this.settings = settings;
        this.engine = engine;
        this.ownsExecutor = ownsExecutor;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The settings this analyst runs with. */
    public AnalystSettings settings() {
        return settings;
    }

    /**
     * Runs an analysis and waits for it. Returns whatever the outcome (check
     * {@link Analysis#status()}); if the calling thread is interrupted, the analysis is cancelled
     * and the partial result returned with the interrupt flag set.
     *
     * @param files data files to analyse (copied into a fresh workspace; the originals are never modified)
     * @param question what to find out
     * @throws InvalidInputException if a file or the question cannot be used
     */
    public Analysis analyze(Collection<Path> files, String question) {
        return analyze(files, question, AnalysisListener.NONE);
    }

    /** As {@link #analyze(Collection, String)}, reporting events to {@code listener} as they happen. */
    public Analysis analyze(Collection<Path> files, String question, AnalysisListener listener) {
        return start(files, question, listener).await();
    }

    /**
     * Starts an analysis in the background. Cancelling the returned future cancels the analysis.
     *
     * @throws InvalidInputException if a file or the question cannot be used
     */
    public CompletableFuture<Analysis> analyzeAsync(Collection<Path> files, String question) {
        return analyzeAsync(files, question, AnalysisListener.NONE);
    }

    /** As {@link #analyzeAsync(Collection, String)}, reporting events to {@code listener}. */
    public CompletableFuture<Analysis> analyzeAsync(Collection<Path> files, String question, AnalysisListener listener) {
        AnalysisTask task = start(files, question, listener);
        return task.asFuture();
    }

    /**
     * Starts an analysis and returns a handle to cancel it or wait for it. Unlike a cancelled
     * {@link CompletableFuture}, the handle still yields the partial {@link Analysis} after
     * {@link AnalysisTask#cancel()}.
     *
     * @throws InvalidInputException if a file or the question cannot be used
     */
    public AnalysisTask start(Collection<Path> files, String question, AnalysisListener listener) {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(listener, "listener");
        return engine.start(settings, checkedFiles(files), question, listener);
    }

    /**
     * Stages {@code files} in a new workspace and opens a conversation over it: each
     * {@link AnalysisSession#ask} continues the same history in the same directory. Close the
     * session to release its executor session and apply the retention policy.
     *
     * @throws InvalidInputException if a file cannot be used
     */
    public AnalysisSession openSession(Collection<Path> files) {
        return engine.openSession(settings, checkedFiles(files));
    }

    private static List<Path> checkedFiles(Collection<Path> files) {
        Objects.requireNonNull(files, "files");
        List<Path> list = new ArrayList<>(files.size());
        for (Path p : files) {
            if (p == null) {
                throw new InvalidInputException("files contains null; pass only existing data files");
            }
            list.add(p);
        }
        return List.copyOf(list);
    }

    /** Releases the executor if this analyst created it. Running analyses fail on their next block. */
    @Override
    public void close() {
        if (ownsExecutor) {
            settings.executor().close();
        }
    }

    /**
     * Configures an {@link Analyst}. Not thread-safe; {@link #build()} validates everything and
     * says what to change.
     */
    public static final class Builder {
        private LanguageModel model;
        private CodeExecutor executor;
        private ExecutionMode executionMode = ExecutionMode.SCRIPT;
        private PromptProfile promptProfile;
        private SamplingOptions sampling = SamplingOptions.DEFAULT;
        private Budget budget = Budget.DEFAULT;
        private TokenCounter tokenCounter = TokenCounter.estimate();
        private Clock clock = Clock.systemUTC();
        private Path workspaceRoot;
        private WorkspaceRetention retention = WorkspaceRetention.KEEP;
        private AnalysisListener listener = AnalysisListener.NONE;
        private Executor taskExecutor;
        private boolean allowUnsandboxedExecution;
        private List<InputProfiler> inputProfilers;
        private Scheduler scheduler = Scheduler.system();

        private Builder() {
        }

        /** The model that drives the analysis. Required. */
        public Builder model(LanguageModel model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * The executor for the model's code, used as given. If not set, {@link #build()} asks every
         * {@link CodeExecutorProvider} on the class path and creates the most isolated executor that
         * can import the prompt profile's {@link PromptProfile#requiredModules() required modules}
         * (for DeepAnalyze-8B: pandas, numpy, matplotlib), e.g. the CPython worker of
         * {@code deepanalyze-worker} over the in-process GraalPy of {@code deepanalyze-graalpy}; if
         * none can, {@code build()} throws a {@link ConfigurationException} naming the missing
         * modules per executor and the fix.
         */
        public Builder executor(CodeExecutor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** {@link ExecutionMode#SCRIPT} (the default, as the model was trained) or {@link ExecutionMode#NOTEBOOK}. */
        public Builder executionMode(ExecutionMode mode) {
            this.executionMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The conversation layout; defaults to DeepAnalyze-8B's reference layout. */
        public Builder promptProfile(PromptProfile profile) {
            this.promptProfile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /** Sampling settings; defaults to {@link SamplingOptions#DEFAULT}. */
        public Builder sampling(SamplingOptions sampling) {
            this.sampling = Objects.requireNonNull(sampling, "sampling");
            return this;
        }

        /** Shorthand for {@code sampling(sampling.withTemperature(t))}. */
        public Builder temperature(double t) {
            this.sampling = sampling.withTemperature(t);
            return this;
        }

        /** Limits for each analysis; defaults to {@link Budget#DEFAULT}. */
        public Builder budget(Budget budget) {
            this.budget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /**
         * Counts tokens for the context budget ({@link Budget#maxContextTokens()}); defaults to
         * {@link TokenCounter#estimate()}. Use the served model's own tokenizer for exact counts.
         */
        public Builder tokenCounter(TokenCounter counter) {
            this.tokenCounter = Objects.requireNonNull(counter, "counter");
            return this;
        }

        /** Shorthand for {@code budget(budget.withMaxRounds(n))}. */
        public Builder maxRounds(int n) {
            this.budget = budget.withMaxRounds(n);
            return this;
        }

        /**
         * The clock for timestamps, the wall-time budget and {@link Analysis#timing()}; inject a fixed
         * or manual one in tests (with a matching {@link #scheduler(Scheduler)} for the deadline).
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * What fires the wall-clock deadline ({@link Budget#maxWallTime()}); defaults to the real-time
         * {@link Scheduler#system()}. A test passes a manual scheduler driven by the same time as its
         * {@link #clock(Clock)}, so a time limit is reached without waiting for it.
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Where analysis workspaces are created; defaults to {@code java.io.tmpdir/deepanalyze}. */
        public Builder workspaceRoot(Path dir) {
            this.workspaceRoot = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** What to do with workspaces when analyses end; defaults to {@link WorkspaceRetention#KEEP}. */
        public Builder retention(WorkspaceRetention retention) {
            this.retention = Objects.requireNonNull(retention, "retention");
            return this;
        }

        /** A listener that receives the events of every analysis (in addition to per-call listeners). */
        public Builder listener(AnalysisListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Runs background analyses; defaults to one new virtual thread per analysis. */
        public Builder taskExecutor(Executor executor) {
            this.taskExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * The profilers that inspect inputs before the first round (problems become non-fatal
         * {@link AnalysisEvent.Problem} events and {@link Analysis#inputNotes()}). Defaults to every
         * {@link InputProfiler} on the class path ({@code deepanalyze-data} provides one);
         * {@link #noInputProfiling()} turns input profiling off.
         */
        public Builder inputProfilers(InputProfiler... profilers) {
            List<InputProfiler> list = new ArrayList<>();
            for (InputProfiler p : profilers) {
                list.add(Objects.requireNonNull(p, "profilers contains null"));
            }
            this.inputProfilers = List.copyOf(list);
            return this;
        }

        /**
         * Turns input profiling off: no {@link InputProfiler} runs, {@link Analysis#inputNotes()} stays
         * empty and prompt profiles that describe inputs read the files themselves. Same as
         * {@code inputProfilers()} with no arguments.
         */
        public Builder noInputProfiling() {
            this.inputProfilers = List.of();
            return this;
        }

        /**
         * Accepts an executor with {@link IsolationLevel#NONE}: the model's code then runs with the
         * host's rights (files, network, processes). Only for trusted code and tests.
         */
        public Builder allowUnsandboxedExecution() {
            this.allowUnsandboxedExecution = true;
            return this;
        }

        /**
         * Validates the settings and builds the analyst.
         *
         * @throws ConfigurationException naming the missing or conflicting setting and how to fix it
         */
        public Analyst build() {
            if (model == null) {
                throw new ConfigurationException("No model configured: call Analyst.builder().model(...), e.g. "
                        + "OpenAiCompatibleModel.builder().baseUrl(\"http://localhost:8000/v1\").model(\"DeepAnalyze-8B\").build()");
            }
            AnalysisEngine engine = ServiceLoader.load(AnalysisEngine.class, Analyst.class.getClassLoader())
                    .findFirst()
                    .orElseThrow(() -> new ConfigurationException(
                            "No analysis engine found: add io.github.deepanalyze:deepanalyze-core to the class path"));
            if (sampling.maxNewTokens() >= budget.maxContextTokens()) {
                throw new ConfigurationException("sampling.maxNewTokens (" + sampling.maxNewTokens()
                        + ") must be smaller than budget.maxContextTokens (" + budget.maxContextTokens()
                        + "): lower it with .sampling(SamplingOptions.DEFAULT.withMaxNewTokens(n)) or raise the context");
            }
            PromptProfile profile = promptProfile != null ? promptProfile : engine.defaultPromptProfile();
            // the executor comes last: a default one starts processes or contexts, so every check that can fail runs first
            boolean owns = false;
            CodeExecutor exec = executor;
            if (exec == null) {
                exec = ExecutorSelection.choose(discoveredExecutorProviders(), profile.name(), profile.requiredModules(),
                        allowUnsandboxedExecution);
                owns = true;
            }
            if (exec.isolation() == IsolationLevel.NONE && !allowUnsandboxedExecution) {
                throw new ConfigurationException("Executor " + exec.describe() + " does not isolate model code "
                        + "(IsolationLevel.NONE): use a sandboxed executor, or call .allowUnsandboxedExecution() "
                        + "if the code is trusted");
            }
            Path root = workspaceRoot != null ? workspaceRoot
                    : Path.of(System.getProperty("java.io.tmpdir"), "deepanalyze");
            Executor tasks = taskExecutor != null ? taskExecutor
                    : r -> Thread.ofVirtual().name("deepanalyze-analysis").start(r);
            AnalystSettings s = new AnalystSettings(model, exec, executionMode, profile, sampling, tokenCounter, budget, clock,
                    root, retention, listener, tasks, inputProfilers != null ? inputProfilers : discoveredProfilers(),
                    scheduler);
            return new Analyst(s, engine, owns);
        }

        private static List<InputProfiler> discoveredProfilers() {
            List<InputProfiler> found = new ArrayList<>();
            ServiceLoader.load(InputProfiler.class, Analyst.class.getClassLoader()).forEach(found::add);
            return List.copyOf(found);
        }

        private static List<CodeExecutorProvider> discoveredExecutorProviders() {
            List<CodeExecutorProvider> found = new ArrayList<>();
            ServiceLoader.load(CodeExecutorProvider.class, Analyst.class.getClassLoader()).forEach(found::add);
            return List.copyOf(found);
        }
    }
}
