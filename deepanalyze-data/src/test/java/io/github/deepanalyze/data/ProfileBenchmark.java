package io.github.deepanalyze.data;

import io.github.deepanalyze.testing.Fixtures;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Wall time and peak heap of profiling the student-loan fixture's 21 files (warm, repeated) and
 * a generated 500 MB CSV, plus 10,000 small files. Not a unit test: run it from the project root,
 *
 * <pre>
 * JAVA_OPTS=-Xmx256m bash scripts/bench.sh ProfileBenchmark           # everything, a 500 MB CSV
 * JAVA_OPTS=-Xmx256m bash scripts/bench.sh ProfileBenchmark 50        # a 50 MB CSV
 * bash scripts/bench.sh ProfileBenchmark fixture                      # the student-loan files only
 * </pre>
 *
 * The big file is generated in the system temp directory and deleted afterwards. With the argument
 * {@code xlsx} it measures only the student-loan {@code .xlsx} inputs as the engine profiles them: the
 * first one in this fresh JVM (cold), then the warm median per file.
 */
public final class ProfileBenchmark {
    private ProfileBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        System.out.printf(Locale.ROOT, "JVM %s, max heap %d MB, %d CPUs%n", Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        if (args.length > 0 && args[0].equals("xlsx")) {
            xlsxPerFile();
            return;
        }
        fixture();
        if (args.length > 0 && args[0].equals("fixture")) {
            return;
        }
        bigCsv(args.length > 0 ? Long.parseLong(args[0]) << 20 : 500L << 20);
        smallFiles();
    }

    private static void fixture() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Fixtures.studentLoanData())) {
            files = s.sorted().toList();
        }
        long cold = System.nanoTime();
        DataProfiles.ofAll(files);
        cold = System.nanoTime() - cold;
        for (int i = 0; i < 30; i++) {
            DataProfiles.ofAll(files);
        }
        int runs = 50;
        double[] ms = new double[runs];
        resetPeaks();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            DataProfiles.ofAll(files);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "student-loan %d files: cold %.1f ms; warm median %.1f ms, min %.1f ms, max %.1f ms"
                + " (%d runs); peak heap %d MB%n", files.size(), cold / 1e6, ms[runs / 2], ms[0], ms[runs - 1], runs, peakHeap() >> 20);
        // per format, to see where the time goes
        for (String ext : List.of(".csv", ".xlsx", ".sqlite")) {
            List<Path> some = files.stream().filter(p -> p.toString().endsWith(ext)).toList();
            long t = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                DataProfiles.ofAll(some);
            }
            System.out.printf(Locale.ROOT, "  %-7s x%2d: %.1f ms per pass%n", ext, some.size(), (System.nanoTime() - t) / 1e6 / 10);
        }
        xlsxModes(files);
    }

    private static void xlsxPerFile() throws IOException {
        List<Path> xlsx;
        try (Stream<Path> s = Files.list(Fixtures.studentLoanData())) {
            xlsx = s.filter(p -> p.toString().endsWith(".xlsx")).sorted().toList();
        }
        long t = System.nanoTime();
        DataProfiles.of(xlsx.get(0));
        System.out.printf(Locale.ROOT, "first .xlsx in a fresh JVM (%s): %.1f ms%n", xlsx.get(0).getFileName(),
                (System.nanoTime() - t) / 1e6);
        for (int i = 0; i < 20; i++) {
            DataProfiles.ofAll(xlsx);
        }
        int runs = 30;
        double[] ms = new double[runs * xlsx.size()];
        int k = 0;
        for (int i = 0; i < runs; i++) {
            for (Path p : xlsx) {
                long s = System.nanoTime();
                DataProfiles.of(p);
                ms[k++] = (System.nanoTime() - s) / 1e6;
            }
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "warm, per .xlsx file (%d files x %d runs): median %.2f ms, max %.2f ms%n",
                xlsx.size(), runs, ms[ms.length / 2], ms[ms.length - 1]);
    }

    private static void xlsxModes(List<Path> files) throws IOException {
        List<Path> xlsx = files.stream().filter(p -> p.toString().endsWith(".xlsx")).toList();
        ExcelProfiler userModel = new ExcelProfiler(ProfileOptions.DEFAULTS, Long.MAX_VALUE);
        ExcelProfiler streaming = new ExcelProfiler(ProfileOptions.DEFAULTS, 0);
        for (int round = 0; round < 2; round++) {
            for (var mode : List.of(userModel, streaming)) {
                long t = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    for (Path p : xlsx) {
                        mode.profile(p, Files.size(p));
                    }
                }
                if (round == 1) {
                    System.out.printf(Locale.ROOT, "  xlsx x%d via %s: %.1f ms per pass%n", xlsx.size(),
                            mode == userModel ? "POI user model" : "JDK stream (default)", (System.nanoTime() - t) / 1e6 / 20);
                }
            }
        }
    }

    private static void bigCsv(long target) throws IOException {
        Path f = Files.createTempFile("deepanalyze-bench-", ".csv");
        try {
            long t = System.nanoTime();
            generate(f, target);
            System.out.printf(Locale.ROOT, "generated %s: %d MB in %.1f s%n", f, Files.size(f) >> 20, (System.nanoTime() - t) / 1e9);
            for (int i = 0; i < 6; i++) {
                System.gc();
                resetPeaks();
                long gcBefore = gcCount();
                long s = System.nanoTime();
                var p = (DataProfile.Delimited) DataProfiles.of(f);
                double ms = (System.nanoTime() - s) / 1e6;
                System.out.printf(Locale.ROOT, "500 MB CSV run %d: %.1f ms, peak heap %d MB, %d GCs; rows %,d (estimated=%s), %d columns%n",
                        i + 1, ms, peakHeap() >> 20, gcCount() - gcBefore, p.rowCount(), p.rowCountEstimated(), p.columns().size());
                if (i == 0) {
                    System.out.println("  " + p.toPromptText().replace("\n", "\n  "));
                }
            }
            long exact = 0;
            long s = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                exact = CsvProfiler.countRecords(f, TextEncoding.detect(new byte[0], 0, true), '"');
            }
            System.out.printf(Locale.ROOT, "  (exact record count by byte scan, for comparison: %,d records, %.0f ms)%n",
                    exact - 1, (System.nanoTime() - s) / 1e6 / 3);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private static void smallFiles() throws IOException {
        Path dir = Files.createTempDirectory("deepanalyze-bench-small-");
        try {
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                files.add(Files.writeString(dir.resolve("part-" + i + ".csv"), "k,v,when\n" + i + ",x,2024-01-01\n"));
            }
            for (int r = 0; r < 3; r++) {
                long t = System.nanoTime();
                DataProfiles.ofAll(files);
                System.out.printf(Locale.ROOT, "10,000 small CSV files, run %d: %.0f ms%n", r + 1, (System.nanoTime() - t) / 1e6);
            }
        } finally {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static void generate(Path f, long target) throws IOException {
        String[] schools = {"ucla", "ucb", "smc", "ucsd", "occ", "uci"};
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(f), 1 << 20)) {
            out.write("id,name,school,amount,due,paid,comment\n".getBytes(StandardCharsets.US_ASCII));
            StringBuilder sb = new StringBuilder(256);
            long written = 0;
            for (long i = 0; written < target; i++) {
                sb.setLength(0);
                sb.append(i).append(",student").append(i % 100_000).append(',').append(schools[(int) (i % schools.length)])
                        .append(',').append(i % 5000).append('.').append(i % 100)
                        .append(String.format(Locale.ROOT, ",2024-%02d-%02d", i % 12 + 1, i % 28 + 1))
                        .append(',').append(i % 3 == 0 ? "true" : "false").append(',')
                        .append(i % 7 == 0 ? "\"late, then paid\"" : "").append('\n');
                byte[] b = sb.toString().getBytes(StandardCharsets.US_ASCII);
                out.write(b);
                written += b.length;
            }
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, g.getCollectionCount());
        }
        return n;
    }
}
