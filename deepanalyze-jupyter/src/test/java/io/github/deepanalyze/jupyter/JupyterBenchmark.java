package io.github.deepanalyze.jupyter;

import io.github.deepanalyze.common.Cancellation;
import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionSession;
import io.github.deepanalyze.worker.CPythonExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Per-block overhead of a trivial block ({@code x = 1}, pandas already imported) on a warm local
 * Jupyter kernel against a warm confined CPython worker, and the time to open a session (kernel
 * start). {@code bash scripts/bench.sh JupyterBenchmark [blocks]} (default 200).
 */
public final class JupyterBenchmark {
    private JupyterBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path root = Files.createTempDirectory("jupyter-bench-");
        try (JupyterServer server = new JupyterServer(); JupyterExecutor jupyter = server.executor().build()) {
            for (ExecutionMode mode : ExecutionMode.values()) {
                measure("jupyter kernel " + mode, jupyter, Files.createDirectories(root.resolve("j" + mode)), mode, n);
            }
        }
        try (CPythonExecutor cpython = CPythonExecutor.builder().interpreter(Path.of("/usr/bin/python3")).poolSize(1).build()) {
            measure("cpython worker SCRIPT", cpython, Files.createDirectories(root.resolve("c")), ExecutionMode.SCRIPT, n);
        }
    }

    private static void measure(String name, CodeExecutor executor, Path ws, ExecutionMode mode, int n) {
        long t0 = System.nanoTime();
        try (ExecutionSession s = executor.openSession(ws, mode)) {
            ExecutionResult first = run(s, "import pandas");
            double open = (System.nanoTime() - t0) / 1e6;
            if (!first.isSuccess()) {
                throw new IllegalStateException(name + ": " + first);
            }
            for (int i = 0; i < 20; i++) {
                run(s, "x = 1");
            }
            double[] ms = new double[n];
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                ExecutionResult r = run(s, "x = 1");
                ms[i] = (System.nanoTime() - t) / 1e6;
                if (!r.isSuccess()) {
                    throw new IllegalStateException(name + ": " + r);
                }
            }
            Arrays.sort(ms);
            System.out.printf("%-24s open+import pandas %7.0f ms | trivial block: median %6.2f ms, p90 %6.2f ms, mean %6.2f ms (%d blocks)%n",
                    name, open, ms[n / 2], ms[n * 9 / 10], Arrays.stream(ms).average().orElse(0), n);
        }
    }

    private static ExecutionResult run(ExecutionSession s, String code) {
        return s.execute(new ExecutionRequest(code, Duration.ofSeconds(60), 100_000, Cancellation.none()));
    }
}
