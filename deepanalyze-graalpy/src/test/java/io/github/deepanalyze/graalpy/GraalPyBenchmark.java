package io.github.deepanalyze.graalpy;

import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.core.internal.protocol.ExecuteTurn;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionSession;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Not a unit test: measures cold start, warm session acquisition, per-block overhead and a stdlib
 * workload (CSV parse + group statistics over 50k rows) in GraalPy, against CPython run as a fresh
 * subprocess per block (what the reference does). Run from the project root with
 * {@code bash scripts/bench.sh GraalPyBenchmark [python3]}.
 */
public final class GraalPyBenchmark {
    static final String WORKLOAD = """
            import csv, statistics
            from collections import defaultdict
            groups = defaultdict(list)
            with open('rows.csv', newline='') as f:
                for row in csv.DictReader(f):
                    groups[row['group']].append(float(row['value']))
            for g in sorted(groups):
                v = groups[g]
                print(g, len(v), round(statistics.mean(v), 3), round(statistics.pstdev(v), 3))
            """;

    private GraalPyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String python = args.length > 0 ? args[0] : "python3";
        Path ws = Files.createTempDirectory("graalpy-bench");
        writeRows(ws.resolve("rows.csv"), 50_000);
        Files.writeString(ws.resolve("workload.py"), WORKLOAD);
        Files.writeString(ws.resolve("trivial.py"), "x = 1\n");

        long t0 = System.nanoTime();
        GraalPyExecutor executor = GraalPyExecutor.builder().poolSize(1).prewarm(false).build();
        ExecutionSession first = executor.openSession(ws, ExecutionMode.SCRIPT);
        first.execute(ExecutionRequest.of("x = 1"));
        double cold = ms(t0);
        System.out.printf("cold start (engine + first context + warm imports + first block): %.0f ms%n", cold);
        first.close();

        List<Double> acquire = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            awaitPool(executor, 1);
            long a = System.nanoTime();
            ExecutionSession s = executor.openSession(ws, ExecutionMode.SCRIPT);
            acquire.add(ms(a));
            s.close();
        }
        System.out.printf("warm session acquisition from the pool (ms): %s, median %.2f%n", fmt(acquire), median(acquire));
        awaitPool(executor, 1);
        ExecutionSession pooled = executor.openSession(ws, ExecutionMode.SCRIPT);
        long u = System.nanoTime();
        executor.openSession(ws, ExecutionMode.SCRIPT).close();
        System.out.printf("session acquisition with an empty pool (builds a context while the pool refills): %.0f ms%n", ms(u));
        pooled.close();

        awaitPool(executor, 1);
        try (ExecutionSession s = executor.openSession(ws, ExecutionMode.SCRIPT)) {
            List<Double> trivial = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                long b = System.nanoTime();
                s.execute(ExecutionRequest.of("x = 1"));
                trivial.add(ms(b));
            }
            List<Double> tail = trivial.subList(100, 300);
            System.out.printf("trivial block, GraalPy (ms): first %.2f, median of last 200 %.3f, p90 %.3f%n",
                    trivial.get(0), median(tail), pct(tail, 0.9));
            List<Double> work = new ArrayList<>();
            String out = null;
            for (int i = 0; i < 6; i++) {
                long b = System.nanoTime();
                ExecutionResult r = s.execute(ExecutionRequest.of(WORKLOAD).withTimeout(Duration.ofSeconds(300)));
                work.add(ms(b));
                out = ExecuteTurn.render(r);
            }
            System.out.printf("50k-row CSV + group stats, GraalPy (ms): %s%n", fmt(work));
            List<Double> cpyTrivial = new ArrayList<>();
            List<Double> cpyWork = new ArrayList<>();
            String cpyOut = null;
            for (int i = 0; i < 10; i++) {
                cpyTrivial.add(subprocess(python, ws, "trivial.py"));
            }
            for (int i = 0; i < 6; i++) {
                long b = System.nanoTime();
                cpyOut = run(python, ws, "workload.py");
                cpyWork.add(ms(b));
            }
            System.out.printf("trivial block, CPython fresh subprocess (ms): median %.1f%n", median(cpyTrivial));
            System.out.printf("50k-row CSV + group stats, CPython subprocess (ms): %s%n", fmt(cpyWork));
            System.out.printf("ratios: trivial-block overhead CPython/GraalPy = %.0fx; workload GraalPy/CPython = %.1fx (median)%n",
                    median(cpyTrivial) / median(tail), median(work) / median(cpyWork));
            System.out.println("same output: " + out.strip().equals(cpyOut.strip()));
        }

        // memory per idle pooled context
        executor.close();
        gc();
        long heap0 = heapUsed();
        long rss0 = rssKb();
        GraalPyExecutor pool = GraalPyExecutor.builder().poolSize(4).build();
        awaitPool(pool, 4);
        gc();
        long heap4 = heapUsed();
        long rss4 = rssKb();
        System.out.printf("4 idle pooled contexts: heap +%d MB (%.1f MB each), RSS +%d MB (%.1f MB each)%n",
                (heap4 - heap0) >> 20, (heap4 - heap0) / 4.0 / (1 << 20), (rss4 - rss0) >> 10, (rss4 - rss0) / 4.0 / 1024);
        pool.close();
        System.exit(0);
    }

    private static void writeRows(Path file, int n) throws IOException {
        Random rnd = new Random(42);
        StringBuilder sb = new StringBuilder("id,group,value\n");
        for (int i = 0; i < n; i++) {
            sb.append(i).append(",g").append(rnd.nextInt(17)).append(',').append(String.format("%.3f", rnd.nextGaussian() * 10 + 50)).append('\n');
        }
        Files.writeString(file, sb);
    }

    private static double subprocess(String python, Path ws, String script) throws Exception {
        long b = System.nanoTime();
        run(python, ws, script);
        return ms(b);
    }

    private static String run(String python, Path ws, String script) throws Exception {
        Process p = new ProcessBuilder(python, script).directory(ws.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    private static void awaitPool(GraalPyExecutor e, int n) throws InterruptedException {
        while (e.stats().idleContexts() < n) {
            Thread.sleep(20);
        }
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(List<Double> v) {
        return pct(v, 0.5);
    }

    private static double pct(List<Double> v, double q) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get((int) Math.min(s.size() - 1, Math.floor(q * s.size())));
    }

    private static String fmt(List<Double> v) {
        StringBuilder sb = new StringBuilder();
        for (double d : v) {
            sb.append(sb.isEmpty() ? "" : ", ").append(String.format(d < 10 ? "%.2f" : "%.0f", d));
        }
        return sb.toString();
    }

    private static void gc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
