package io.github.deepanalyze.worker;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisStatus;
import io.github.deepanalyze.Analyst;
import io.github.deepanalyze.WorkspaceRetention;
import io.github.deepanalyze.openai.OpenAiCompatibleModel;
import io.github.deepanalyze.model.Role;
import io.github.deepanalyze.testing.ScriptedModelServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Load and leak benchmark (issue 4), a main program, not a unit test:
 * <ol>
 *   <li>32 concurrent analyses against a loopback model server streaming scripted turns, code run
 *       on a CPython worker pool of 4 on 2 cores: all must finish; reports per-analysis wall times;</li>
 *   <li>N analyses in sequence (default 1,000) with workspace retention DELETE_ALWAYS: samples heap
 *       after GC, live threads, open file descriptors, worker processes, descendant processes and
 *       workspace directories every 100 analyses.</li>
 * </ol>
 * Run from the project root: {@code bash scripts/bench.sh LoadAndLeakBenchmark [N]}.
 */
public final class LoadAndLeakBenchmark {
    private static final String CODE_TURN = """
            <Analyze>Sum the amounts per region.</Analyze>
            <Code>
            ```python
            import pandas as pd
            df = pd.read_csv('sales.csv')
            print(df.groupby('region')['amount'].sum())
            ```
            """;
    private static final String ANSWER_TURN = "<Understand>north leads</Understand>\n<Answer>\n# Sales\nNorth: 15, south: 20.\n</Answer>";

    private LoadAndLeakBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int sequential = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path tmp = Files.createTempDirectory("da-load");
        Path csv = Files.writeString(tmp.resolve("sales.csv"), "region,amount\nnorth,10\nsouth,20\nnorth,5\n");
        Path root = tmp.resolve("workspaces");
        try (ScriptedModelServer server = ScriptedModelServer.start();
             CPythonExecutor executor = CPythonExecutor.builder().poolSize(4).warmWorkers(4)
                     .acquireTimeout(Duration.ofMinutes(10)).build()) {
            server.withoutRecording().otherwise(req -> ScriptedModelServer.Reply.text(
                    req.messages().stream().anyMatch(m -> m.role() == Role.EXECUTE) ? ANSWER_TURN : CODE_TURN));
            Analyst analyst = Analyst.builder()
                    .model(OpenAiCompatibleModel.builder().baseUrl(server.baseUrl()).model("DeepAnalyze-8B").build())
                    .executor(executor).workspaceRoot(root).retention(WorkspaceRetention.DELETE_ALWAYS).build();
            // warm-up
            for (int i = 0; i < 5; i++) {
                check(analyst.analyze(List.of(csv), "Sales per region?"));
            }

            long t0 = System.nanoTime();
            List<CompletableFuture<Analysis>> runs = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                runs.add(analyst.analyzeAsync(List.of(csv), "Sales per region? #" + i));
            }
            List<Long> walls = new ArrayList<>();
            for (CompletableFuture<Analysis> r : runs) {
                Analysis a = r.get();
                check(a);
                walls.add(a.wallTime().toMillis());
            }
            walls.sort(null);
            System.out.printf("32 concurrent analyses: all ANSWERED in %.1f s; per-analysis wall ms min %d / median %d / max %d%n",
                    (System.nanoTime() - t0) / 1e9, walls.get(0), walls.get(16), walls.get(31));

            System.out.println("analyses | heap MB after GC | threads | open fds | worker pids | descendants | workspaces");
            sample(0, executor, root);
            long t1 = System.nanoTime();
            for (int i = 1; i <= sequential; i++) {
                check(analyst.analyze(List.of(csv), "Sales per region?"));
                if (i % 100 == 0 || i == sequential) {
                    sample(i, executor, root);
                }
            }
            System.out.printf("%d sequential analyses in %.1f s (%.1f ms each)%n", sequential,
                    (System.nanoTime() - t1) / 1e9, (System.nanoTime() - t1) / 1e6 / sequential);
        }
        System.out.printf("after close: descendants %d%n", ProcessHandle.current().descendants().count());
    }

    private static void check(Analysis a) {
        if (a.status() != AnalysisStatus.ANSWERED || !a.steps().stream().anyMatch(s -> s.text().contains("north"))) {
            throw new AssertionError("analysis did not answer: " + a.status() + " " + a.reason());
        }
    }

    private static void sample(int n, CPythonExecutor executor, Path root) throws IOException {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        long fds;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            fds = s.count();
        }
        long workspaces = 0;
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                workspaces = s.count();
            }
        }
        System.out.printf("%8d | %16d | %7d | %8d | %11d | %11d | %10d%n", n, heap, threads, fds, executor.workerPids().size(),
                ProcessHandle.current().descendants().count(), workspaces);
    }
}
