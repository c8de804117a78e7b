package io.github.deepanalyze.worker;

import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionSession;
import io.github.deepanalyze.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Not a unit test: compares a warm CPython worker with the reference approach (a fresh
 * {@code python3 script.py} per block, cwd = workspace, Agg backend) on per-block overhead and on
 * the whole student-loan replay, after timing the first session of a new executor on its warm
 * worker (open + {@code import pandas}; {@code WorkerPoolTest} checks that this path starts no
 * process, this benchmark says how long it takes). Run from the project root with
 * {@code bash scripts/bench.sh ExecutorOverheadBenchmark [blocks]} (default 100 blocks per case).
 */
public final class ExecutorOverheadBenchmark {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private ExecutorOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path root = Files.createTempDirectory("da-bench-");
        Path mpl = Files.createDirectories(root.resolve("mpl"));
        firstSessionOnAWarmWorker(root, mpl);
        try (CPythonExecutor executor = CPythonExecutor.builder().interpreter(PYTHON).poolSize(1).warmWorkers(1)
                .matplotlibConfigDir(mpl).build()) {
            Path ws = Files.createDirectories(root.resolve("trivial"));
            String trivial = "x = 1";
            String typical = "import pandas as pd\nimport matplotlib.pyplot as plt\nprint(len(pd.DataFrame({'a': [1]})))";
            for (String[] c : new String[][] {{"trivial block (x = 1)", trivial}, {"typical imports (pandas, pyplot)", typical}}) {
                double[] warm = warmWorker(executor, ws, c[1], n);
                double[] cold = subprocessPerBlock(ws, mpl, c[1], Math.max(10, n / 5));
                System.out.printf("%-34s warm worker median %7.2f ms (p90 %7.2f) | python3 script.py median %7.1f ms (p90 %7.1f) | ratio %.0fx%n",
                        c[0], median(warm), p90(warm), median(cold), p90(cold), median(cold) / median(warm));
            }

            List<String> blocks = StudentLoanReplay.codeBlocks(Fixtures.studentLoanTrajectory());
            for (int round = 1; round <= 2; round++) {
                Path a = Files.createDirectories(root.resolve("replay-worker-" + round));
                StudentLoanReplay.copyData(Fixtures.studentLoanData(), a);
                long t0 = System.nanoTime();
                List<Long> perBlockWorker = new ArrayList<>();
                try (ExecutionSession s = executor.openSession(a, ExecutionMode.SCRIPT)) {
                    for (String code : blocks) {
                        long b0 = System.nanoTime();
                        ExecutionResult r = s.execute(ExecutionRequest.of(code));
                        perBlockWorker.add((System.nanoTime() - b0) / 1_000_000);
                        if (!r.isSuccess()) {
                            throw new IllegalStateException(r.toString());
                        }
                    }
                }
                double workerMs = (System.nanoTime() - t0) / 1e6;
                Path b = Files.createDirectories(root.resolve("replay-subprocess-" + round));
                StudentLoanReplay.copyData(Fixtures.studentLoanData(), b);
                t0 = System.nanoTime();
                List<Long> perBlockSub = new ArrayList<>();
                for (String code : blocks) {
                    long b0 = System.nanoTime();
                    runScript(b, mpl, code);
                    perBlockSub.add((System.nanoTime() - b0) / 1_000_000);
                }
                double subMs = (System.nanoTime() - t0) / 1e6;
                System.out.printf("student-loan replay #%d (7 blocks): warm worker %.0f ms %s | subprocess per block %.0f ms %s | saved %.0f ms (%.2fx)%n",
                        round, workerMs, perBlockWorker, subMs, perBlockSub, subMs - workerMs, subMs / workerMs);
            }
        } finally {
            ProcessTrees.deleteRecursively(root);
        }
    }

    /** A new executor's first session, once its warm worker is up: no Python start-up on this path. */
    private static void firstSessionOnAWarmWorker(Path root, Path mpl) throws Exception {
        Path ws = Files.createDirectories(root.resolve("first-session"));
        double[] ms = new double[3];
        for (int i = 0; i < ms.length; i++) {
            try (CPythonExecutor executor = CPythonExecutor.builder().interpreter(PYTHON).poolSize(2).warmWorkers(1)
                    .matplotlibConfigDir(mpl).build()) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (executor.workerPids().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                long t0 = System.nanoTime();
                try (ExecutionSession s = executor.openSession(ws, ExecutionMode.SCRIPT)) {
                    ExecutionResult r = s.execute(ExecutionRequest.of("import pandas\nprint('ok')"));
                    if (!r.isSuccess()) {
                        throw new IllegalStateException(r.toString());
                    }
                }
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        System.out.printf("first session on a warm worker (open + import pandas + close), 3 new executors: %s ms, median %.1f ms%n",
                Arrays.toString(Arrays.stream(ms).map(Math::round).toArray()), median(ms));
    }

    private static double[] warmWorker(CPythonExecutor executor, Path ws, String code, int n) {
        double[] ms = new double[n];
        try (ExecutionSession s = executor.openSession(ws, ExecutionMode.SCRIPT)) {
            for (int i = 0; i < 20; i++) {
                s.execute(ExecutionRequest.of(code));
            }
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                ExecutionResult r = s.execute(ExecutionRequest.of(code));
                ms[i] = (System.nanoTime() - t0) / 1e6;
                if (!r.isSuccess()) {
                    throw new IllegalStateException(r.toString());
                }
            }
        }
        return ms;
    }

    private static double[] subprocessPerBlock(Path ws, Path mpl, String code, int n) throws Exception {
        double[] ms = new double[n];
        runScript(ws, mpl, code);
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            runScript(ws, mpl, code);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    /** The reference: write the block to a file, run a fresh interpreter on it in the workspace, read its output. */
    private static void runScript(Path ws, Path mpl, String code) throws Exception {
        Path script = ws.resolve(".block.py");
        Files.writeString(script, code);
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), script.toString()).directory(ws.toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(Map.of("MPLBACKEND", "Agg", "MPLCONFIGDIR", mpl.toString()));
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("script failed: " + code);
        }
        Files.deleteIfExists(script);
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double p90(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[(int) (s.length * 0.9)];
    }

}
