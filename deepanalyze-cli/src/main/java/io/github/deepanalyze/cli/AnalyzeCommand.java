package io.github.deepanalyze.cli;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisTask;
import io.github.deepanalyze.Analyst;
import io.github.deepanalyze.Budget;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.openai.OpenAiCompatibleModel;
import io.github.deepanalyze.openai.ReplayModel;
import io.github.deepanalyze.core.PromptProfiles;
import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.graalpy.GraalPyExecutor;
import io.github.deepanalyze.model.LanguageModel;
import io.github.deepanalyze.report.ConsoleProgress;
import io.github.deepanalyze.report.HtmlReport;
import io.github.deepanalyze.report.MarkdownBundle;
import io.github.deepanalyze.report.ReportDocument;
import io.github.deepanalyze.trace.AnalysisJson;
import io.github.deepanalyze.trace.JsonlEventLog;
import io.github.deepanalyze.worker.CPythonExecutor;
import io.github.deepanalyze.worker.GraalPyWorkerExecutor;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code deepanalyze analyze}: runs one analysis and writes its report folder. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Analyse FILES to answer a question. Files are copied into a fresh workspace (never modified);",
                "the report folder gets report.md with its charts, report.html (self-contained, with a claim check",
                "of the numbers it states), analysis.json (the full trace) and events.jsonl (written live)."})
final class AnalyzeCommand implements Callable<Integer> {
    enum ExecutorKind { auto, cpython, graalpy, graalpy_worker }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILES", arity = "0..*", description = "Data files (CSV, Excel, SQLite, JSON, text...).")
    List<Path> files = List.of();

    @Option(names = {"-q", "--question"}, required = true, description = "What to find out, e.g. \"What drives churn?\"")
    String question;

    @Option(names = "--model-url", defaultValue = "${env:DEEPANALYZE_MODEL_URL}",
            description = "OpenAI-compatible base URL, e.g. http://localhost:8000/v1 (env DEEPANALYZE_MODEL_URL).")
    String modelUrl;

    @Option(names = "--model", defaultValue = "DeepAnalyze-8B", description = "Model name on the server (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--api-key", defaultValue = "${env:DEEPANALYZE_API_KEY}", description = "API key (env DEEPANALYZE_API_KEY).")
    String apiKey;

    @Option(names = "--instruction-model",
            description = "The model is a general instruction model (GPT-4o, Qwen...), not DeepAnalyze-8B: teach it the protocol "
                    + "with a system prompt and send no DeepAnalyze-specific request fields.")
    boolean instructionModel;

    @Option(names = "--replay", paramLabel = "TRAJECTORY",
            description = "Replay a recorded trajectory (tagged text with inline <Execute> blocks) instead of calling a model; "
                    + "the code still runs for real.")
    Path replay;

    @Option(names = "--executor", defaultValue = "auto",
            description = "Where the model's code runs: ${COMPLETION-CANDIDATES} (default: auto = the most isolated executor "
                    + "that can import pandas, numpy and matplotlib; the CPython worker with --python).")
    ExecutorKind executor;

    @Option(names = "--python", description = "Python interpreter for the cpython executor (default /usr/bin/python3).")
    Path python;

    @Option(names = {"-o", "--out"}, description = "Report folder (default: deepanalyze-report-<time>).")
    Path out;

    @Option(names = "--max-rounds", defaultValue = "30", description = "Model calls per analysis (default: ${DEFAULT-VALUE}).")
    int maxRounds;

    @Option(names = "--timeout", defaultValue = "1h", description = "Wall-clock limit for the analysis (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--block-timeout", defaultValue = "120s", description = "Limit per code block (default: ${DEFAULT-VALUE}).")
    Duration blockTimeout;

    @Option(names = "--context-tokens", defaultValue = "131072",
            description = "The served model's context window (default: ${DEFAULT-VALUE}).")
    int contextTokens;

    @Option(names = "--max-new-tokens", defaultValue = "32768", description = "Tokens per model turn (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--temperature", defaultValue = "0.4", description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--quiet", description = "Print only the summary, not live progress.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
                java.nio.charset.StandardCharsets.UTF_8);
        LanguageModel lm = model(err);
        if (lm == null) {
            return DeepAnalyzeCommand.USAGE;
        }
        Path folder = out != null ? out
                : Path.of("deepanalyze-report-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(folder);
        try (CodeExecutor exec = executor();
             JsonlEventLog log = JsonlEventLog.open(folder.resolve("events.jsonl"));
             Analyst analyst = withExecutor(Analyst.builder().model(lm), exec)
                     .promptProfile(instructionModel ? PromptProfiles.instructionModel() : PromptProfiles.deepAnalyze())
                     .sampling(io.github.deepanalyze.model.SamplingOptions.DEFAULT.withTemperature(temperature)
                             .withMaxNewTokens(maxNewTokens))
                     .budget(Budget.DEFAULT.withMaxRounds(maxRounds).withMaxWallTime(timeout).withBlockTimeout(blockTimeout)
                             .withMaxContextTokens(contextTokens))
                     .listener(log)
                     .build()) {
            if (!quiet) {
                err.println("Executor: " + analyst.settings().executor().describe()
                        + (exec == null ? " (auto: the most isolated one that can import what the model's code needs)" : ""));
            }
            AnalysisTask task = analyst.start(files, question,
                    quiet ? io.github.deepanalyze.AnalysisListener.NONE : new ConsoleProgress(err));
            Thread hook = new Thread(() -> {
                task.cancel();
                task.result().join();
            }, "deepanalyze-cancel");
            Runtime.getRuntime().addShutdownHook(hook);
            Analysis a = task.await();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook cancelled the run; still write what we have
            }
            write(a, folder, err);
            return DeepAnalyzeCommand.exitCode(a.status());
        }
    }

    private LanguageModel model(PrintStream err) {
        if (replay != null) {
            return ReplayModel.fromFile(replay);
        }
        if (modelUrl == null || modelUrl.isBlank()) {
            err.println("deepanalyze: no model: pass --model-url http://host:8000/v1 (or set DEEPANALYZE_MODEL_URL), "
                    + "or --replay TRAJECTORY to replay a recorded run");
            return null;
        }
        OpenAiCompatibleModel.Builder b = OpenAiCompatibleModel.builder().baseUrl(modelUrl).model(model)
                .deepAnalyzeExtras(!instructionModel);
        if (apiKey != null && !apiKey.isBlank()) {
            b.apiKey(apiKey);
        }
        return b.build();
    }

    /**
     * The executor asked for, or {@code null} for {@code auto} without {@code --python}: then the SDK
     * picks the most isolated executor on the class path that can import what the prompt profile's
     * model code needs (pandas, numpy, matplotlib), or {@code build()} fails saying what to install.
     */
    private CodeExecutor executor() {
        return switch (executor) {
            case auto -> python != null ? CPythonExecutor.builder().interpreter(python).build() : null;
            case cpython -> python != null ? CPythonExecutor.builder().interpreter(python).build() : CPythonExecutor.builder().build();
            case graalpy -> GraalPyExecutor.builder().build();
            case graalpy_worker -> GraalPyWorkerExecutor.builder().build();
        };
    }

    private static Analyst.Builder withExecutor(Analyst.Builder b, CodeExecutor exec) {
        return exec == null ? b : b.executor(exec);
    }

    private static void write(Analysis a, Path folder, PrintStream err) {
        Path md = MarkdownBundle.create().write(a, folder);
        HtmlReport.create().write(a, folder.resolve("report.html"));
        AnalysisJson.create().write(a, folder.resolve("analysis.json"));
        long failed = a.steps(Step.Execute.class).stream().filter(e -> !e.result().isSuccess()).count();
        err.printf("%nStatus: %s (%s)%nRounds: %d, code blocks: %d (%d failed), artifacts: %d, tokens: %,d, wall time: %.1f s%n",
                a.status(), a.reason(), a.rounds(), a.steps(Step.Code.class).size(), failed, a.artifacts().size(),
                a.usage().totalTokens(), a.wallTime().toMillis() / 1000.0);
        if (!a.report().isEmpty()) {
            err.println("Claim check: " + ReportDocument.of(a).claims().summary());
        }
        err.printf("Report folder: %s (report.md, report.html, analysis.json, events.jsonl)%n", folder.toAbsolutePath());
        System.out.println(md.toAbsolutePath());
    }
}
