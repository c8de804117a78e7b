package io.github.deepanalyze.graalpy;

import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Not a unit test: measures what back-to-back analyses wait for a GraalPy context with the default
 * executor (pool of 1, prewarmed). Each "analysis" opens a session, runs a few short stdlib blocks
 * (about what a replayed analysis does) and closes it, then the next starts at once. Prints the
 * {@code openSession} wait per analysis and how many contexts were built on the caller's thread. Run with
 * {@code bash scripts/bench.sh BackToBackSessions [analyses] [blocksPerAnalysis] [modelMillisPerAnalysis]}
 * (the last emulates the model's generation time between blocks; default 0).
 */
public final class BackToBackSessions {
    private BackToBackSessions() {
    }

    public static void main(String[] args) throws Exception {
        int analyses = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long modelMillis = args.length > 2 ? Long.parseLong(args[2]) : 0;
        Path ws = Files.createTempDirectory("graalpy-b2b");
        List<Double> waits = new ArrayList<>();
        long t0 = System.nanoTime();
        try (GraalPyExecutor executor = GraalPyExecutor.builder().build()) {
            for (int i = 0; i < analyses; i++) {
                long a = System.nanoTime();
                try (ExecutionSession s = executor.openSession(ws, ExecutionMode.SCRIPT)) {
                    waits.add((System.nanoTime() - a) / 1e6);
                    for (int b = 0; b < blocks; b++) {
                        Thread.sleep(modelMillis / Math.max(1, blocks));
                        s.execute(ExecutionRequest.of("import json, statistics\nprint(statistics.mean(range(1000)))"));
                    }
                }
            }
            System.out.printf("openSession wait per analysis (ms): %s%n", fmt(waits));
            List<Double> rest = new ArrayList<>(waits.subList(1, waits.size()));
            Collections.sort(rest);
            double mean = rest.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            System.out.printf("after the first: median %.0f ms, mean %.0f ms, max %.0f ms; contexts created %d; total %.1f s%n",
                    rest.get(rest.size() / 2), mean, rest.get(rest.size() - 1), executor.stats().contextsCreated(),
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    private static String fmt(List<Double> v) {
        StringBuilder b = new StringBuilder();
        for (double d : v) {
            b.append(b.length() == 0 ? "" : ", ").append(String.format("%.0f", d));
        }
        return b.toString();
    }
}
