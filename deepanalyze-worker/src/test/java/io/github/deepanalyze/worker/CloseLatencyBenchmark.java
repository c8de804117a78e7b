package io.github.deepanalyze.worker;

import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Not a unit test: prints how long {@code close()} of the worker executors takes in the situations
 * a host meets (idle warm workers, a session open whose code left a background process, a worker
 * still starting). Run {@code bash scripts/bench.sh CloseLatencyBenchmark}, with the argument
 * {@code graalpy} to include the GraalPy worker (~20 s per start).
 */
public final class CloseLatencyBenchmark {
    private CloseLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("da-close-");
        Path python = Path.of("/usr/bin/python3");
        for (int i = 0; i < 3; i++) {
            measure("cpython, 2 idle warm workers", () -> CPythonExecutor.builder().interpreter(python).poolSize(2)
                    .warmWorkers(2).build(), 2, null, root);
            measure("cpython, session open with a background child", () -> CPythonExecutor.builder().interpreter(python)
                    .poolSize(2).warmWorkers(2).build(), 2,
                    "import subprocess\nsubprocess.Popen(['sleep', '1000'])\nprint('ok')", root);
            measure("cpython, closed while the warm worker starts", () -> CPythonExecutor.builder().interpreter(python)
                    .poolSize(2).warmWorkers(1).build(), 0, null, root);
        }
        if (args.length > 0 && args[0].equals("graalpy")) {
            measure("graalpy-worker, 1 idle warm worker", () -> GraalPyWorkerExecutor.builder().warmWorkers(1).build(),
                    1, null, root);
            measure("graalpy-worker, session open", () -> GraalPyWorkerExecutor.builder().warmWorkers(1).build(),
                    1, "print('ok')", root);
            measure("graalpy-worker, closed while the warm worker starts",
                    () -> GraalPyWorkerExecutor.builder().warmWorkers(1).build(), 0, null, root);
        }
        ProcessTrees.deleteRecursively(root);
    }

    private static void measure(String what, Supplier<CodeExecutor> build, int warm, String code, Path root)
            throws Exception {
        CodeExecutor executor = build.get();
        ExecutionSession session = null;
        if (warm > 0) {
            Python.eventually(() -> livePids(executor) >= warm, Duration.ofMinutes(3));
        }
        if (code != null) {
            Path ws = Files.createTempDirectory(root, "ws");
            session = executor.openSession(ws, ExecutionMode.SCRIPT);
            session.execute(ExecutionRequest.of(code).withTimeout(Duration.ofSeconds(120)));
        }
        long t0 = System.nanoTime();
        executor.close();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("%-55s close() %5d ms%n", what, ms);
        if (session != null) {
            session.close();
        }
    }

    private static int livePids(CodeExecutor e) {
        return e instanceof CPythonExecutor c ? c.workerPids().size() : ((GraalPyWorkerExecutor) e).workerPids().size();
    }
}
