package io.github.deepanalyze.worker;

import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Not a unit test: what confinement costs. A confined worker is started when its session opens
 * (it can only see the workspace it was started with), so the time to the first block includes a
 * Python start with pandas and matplotlib, where the unconfined pool hands out a warm worker.
 * Per-block overhead inside a session is compared too. Run with
 * {@code bash scripts/bench.sh ConfinementCostBenchmark [sessions]}.
 */
public final class ConfinementCostBenchmark {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private ConfinementCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path root = Files.createTempDirectory("da-confine-bench-");
        try (CPythonExecutor confined = CPythonExecutor.builder().interpreter(PYTHON).poolSize(1).build();
             CPythonExecutor unconfined = CPythonExecutor.builder().interpreter(PYTHON).unconfined().poolSize(1)
                     .warmWorkers(1).build()) {
            for (CPythonExecutor ex : new CPythonExecutor[] {confined, unconfined}) {
                String name = ex == confined ? "confined (default)" : "unconfined, warm pool";
                double[] first = new double[sessions];
                double[] perBlock = new double[sessions];
                for (int i = -1; i < sessions; i++) { // round -1 warms caches (font list, page cache)
                    Path ws = Files.createDirectories(root.resolve(name.charAt(0) + "-" + i));
                    if (ex == unconfined) {
                        Python.eventually(() -> unconfined.workerPids().size() == 1, Duration.ofSeconds(60));
                    }
                    long t0 = System.nanoTime();
                    try (ExecutionSession s = ex.openSession(ws, ExecutionMode.SCRIPT)) {
                        check(s.execute(ExecutionRequest.of("x = 1")));
                        double firstMs = (System.nanoTime() - t0) / 1e6;
                        long b0 = System.nanoTime();
                        for (int k = 0; k < 20; k++) {
                            check(s.execute(ExecutionRequest.of("x = 1")));
                        }
                        if (i >= 0) {
                            first[i] = firstMs;
                            perBlock[i] = (System.nanoTime() - b0) / 1e6 / 20;
                        }
                    }
                }
                System.out.printf("%-24s time to first block median %7.1f ms (max %7.1f) | trivial block median %5.2f ms%n",
                        name, median(first), Arrays.stream(first).max().orElse(0), median(perBlock));
            }
        } finally {
            ProcessTrees.deleteRecursively(root);
        }
    }

    private static void check(ExecutionResult r) {
        if (!r.isSuccess()) {
            throw new IllegalStateException(r.toString());
        }
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
