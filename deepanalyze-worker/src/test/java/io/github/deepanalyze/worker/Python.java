package io.github.deepanalyze.worker;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Test support: the system interpreter with the data-science stack (.ci/run installs it with apt). */
final class Python {
    static final Path SYSTEM = Path.of("/usr/bin/python3");

    private Python() {
    }

    /**
     * Skips locally (fails under CI=true) when /usr/bin/python3 with pandas, or what the default
     * (confined) executor needs (bubblewrap, the seccomp bindings), is missing.
     */
    static Path requireDataStack() {
        boolean ok = Files.isExecutable(SYSTEM) && run("import pandas, matplotlib, seaborn, sklearn, networkx, openpyxl, seccomp")
                && Files.isExecutable(Path.of("/usr/bin/bwrap"));
        String msg = "/usr/bin/python3 with pandas, matplotlib, seaborn, scikit-learn, networkx, openpyxl and seccomp, and bwrap, are needed "
                + "(apt-get install python3-pandas python3-matplotlib python3-seaborn python3-scipy python3-statsmodels "
                + "python3-sklearn python3-openpyxl python3-networkx fonts-noto-cjk bubblewrap python3-seccomp)";
        if (!ok && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(msg);
        }
        assumeTrue(ok, msg);
        return SYSTEM;
    }

    static boolean run(String code) {
        try {
            Process p = new ProcessBuilder(SYSTEM.toString(), "-I", "-c", code)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** Processes whose command line contains {@code marker} (to find what model code spawned, whatever its PID namespace). */
    static Optional<ProcessHandle> processWithArgument(String marker) {
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false))
                .findFirst();
    }

    static boolean eventually(java.util.function.BooleanSupplier condition, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    /**
     * True when no process has this PID any more or it is a zombie: a killed worker is gone when
     * kill returns, but the JVM's reaper collects it a moment later, and until then
     * {@link ProcessHandle#isAlive()} still says true.
     */
    static boolean gone(long pid) {
        return ProcessHandle.of(pid).map(ProcessTrees::gone).orElse(true);
    }
}
