package io.github.deepanalyze.worker;

import io.github.deepanalyze.ConfigurationException;
import io.github.deepanalyze.ExecutorException;
import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionSession;
import io.github.deepanalyze.execution.IsolationLevel;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs model code in worker JVMs that run GraalPy ({@link IsolationLevel#PROCESS}): the same
 * runner and protocol as {@link CPythonExecutor}, with no system Python needed. Each worker JVM
 * holds one GraalPy context with native access, so C extensions load there (sqlite3 and xml work;
 * numpy and pandas work when GraalPy wheels for them are installed into the GraalPy home or a
 * virtual environment the worker uses, which needs the GraalPy wheel index at build time).
 *
 * <p>Per worker: heap capped with {@code -Xmx} (native memory of C extensions is not capped);
 * the hard timeout kills the JVM (which also stops builtins that ignore GraalPy's interrupt, such
 * as {@code sum(range(10**10))}); network, PID namespace and environment as for
 * {@link CPythonExecutor}; files are <em>not</em> confined to the workspace (native access
 * bypasses GraalPy's virtual file system). Expect ~10-20 s to start a worker on 2 cores and
 * ~0.5 GB resident per worker, so keep workers warm and reuse them.
 *
 * <p>Thread-safe. Create with {@link #builder()}. Arguments are non-null unless stated otherwise.
 */
public final class GraalPyWorkerExecutor implements CodeExecutor {
    private final ProcessExecutor delegate;

    private GraalPyWorkerExecutor(ProcessExecutor delegate) {
        this.delegate = delegate;
    }

    /** A builder with the defaults described on each method. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ExecutionSession openSession(Path workspace, ExecutionMode mode) {
        return delegate.openSession(workspace, mode);
    }

    @Override
    public IsolationLevel isolation() {
        return IsolationLevel.PROCESS;
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    /** Whether workers run without network access. */
    public boolean isNetworkIsolated() {
        return delegate.networkIsolated();
    }

    /** PIDs of the worker processes alive right now. */
    public List<Long> workerPids() {
        return delegate.pool().livePids();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** Configures a {@link GraalPyWorkerExecutor}. Not thread-safe; {@link #build()} validates. */
    public static final class Builder {
        private Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        private List<Path> classPath;
        private long heapBytes = 2L << 30;
        private int poolSize = 1;
        private int warmWorkers = 1;
        private Duration acquireTimeout = Duration.ofMinutes(5);
        private Duration timeoutGrace = Duration.ofSeconds(3);
        private Duration startupTimeout = Duration.ofMinutes(2);
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private int maxBlocksPerWorker = 1000;
        private boolean isolateNetwork = true;
        private boolean requireNetworkIsolation;
        private Path resourceCache;

        private Builder() {
        }

        /** The {@code java} launcher for workers (Java 21+); default this JVM's. */
        public Builder javaExecutable(Path launcher) {
            this.java = Objects.requireNonNull(launcher, "launcher");
            return this;
        }

        /**
         * The worker JVM's class path: the GraalPy jars ({@code org.graalvm.polyglot:python} and its
         * dependencies) plus this module's jar. Default: this JVM's {@code java.class.path}.
         */
        public Builder classPath(List<Path> entries) {
            this.classPath = List.copyOf(entries);
            return this;
        }

        /** Each worker's {@code -Xmx}; default 2 GiB. */
        public Builder heapBytes(long bytes) {
            if (bytes < (256L << 20)) {
                throw new IllegalArgumentException("heapBytes must be >= 256 MiB (GraalPy needs ~100 MiB of heap to start), got " + bytes);
            }
            this.heapBytes = bytes;
            return this;
        }

        /** Maximum concurrent sessions, one worker JVM each; default 1 (a worker costs ~0.5 GB). */
        public Builder poolSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("poolSize must be >= 1, got " + n);
            }
            this.poolSize = n;
            return this;
        }

        /** Worker JVMs started ahead of the first session; default 1, 0 starts them on demand. */
        public Builder warmWorkers(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("warmWorkers must be >= 0, got " + n);
            }
            this.warmWorkers = n;
            return this;
        }

        /** How long {@code openSession} waits when every worker is busy; default 5 min. */
        public Builder acquireTimeout(Duration d) {
            this.acquireTimeout = positive(d, "acquireTimeout");
            return this;
        }

        /** Time after a block's timeout before the worker JVM is killed; default 3 s. */
        public Builder timeoutGrace(Duration d) {
            this.timeoutGrace = positive(d, "timeoutGrace");
            return this;
        }

        /** How long a worker JVM may take to start GraalPy; default 2 min. */
        public Builder startupTimeout(Duration d) {
            this.startupTimeout = positive(d, "startupTimeout");
            return this;
        }

        /** Adds a variable to the workers' scrubbed environment (model code can read it). */
        public Builder environment(String name, String value) {
            environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Extra JVM options for workers, e.g. the JIT flags {@code -XX:+EnableJVMCI --upgrade-module-path=...}. */
        public Builder jvmOption(String option) {
            jvmOptions.add(Objects.requireNonNull(option, "option"));
            return this;
        }

        /** Replace a worker after this many blocks (0 = never); default 1000. */
        public Builder maxBlocksPerWorker(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxBlocksPerWorker must be >= 0, got " + n);
            }
            this.maxBlocksPerWorker = n;
            return this;
        }

        /** Whether to run workers in an empty network namespace when possible; default true. */
        public Builder isolateNetwork(boolean on) {
            this.isolateNetwork = on;
            return this;
        }

        /** Fail {@link #build()} when network isolation is unavailable; default false (warn). */
        public Builder requireNetworkIsolation(boolean on) {
            this.requireNetworkIsolation = on;
            return this;
        }

        /**
         * Where GraalPy unpacks its home (stdlib, ~24 MB); default a directory per executor. Sharing
         * one across executors saves start-up time; model code can write to it.
         */
        public Builder resourceCache(Path dir) {
            this.resourceCache = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Validates and starts the warm workers in the background.
         *
         * @throws ConfigurationException if the launcher or the GraalPy jars are missing
         */
        public GraalPyWorkerExecutor build() {
            if (!Files.isExecutable(java)) {
                throw new ConfigurationException("java launcher " + java + " is not executable; set javaExecutable(...)");
            }
            List<Path> cp = classPath != null ? classPath : currentClassPath();
            if (!containsGraalPy(cp)) {
                throw new ConfigurationException("the worker class path has no GraalPy: add org.graalvm.polyglot:python "
                        + "(type pom) and org.graalvm.polyglot:polyglot " + "to the application's dependencies, or pass "
                        + "classPath(...) listing those jars");
            }
            if (warmWorkers > poolSize) {
                throw new ConfigurationException("warmWorkers (" + warmWorkers + ") exceeds poolSize (" + poolSize + ")");
            }
            WorkerRuntime runtime = new GraalPyRuntime(java, cp, heapBytes, List.copyOf(jvmOptions), resourceCache,
                    startupTimeout);
            return new GraalPyWorkerExecutor(new ProcessExecutor(new ProcessExecutor.Settings(runtime, poolSize,
                    warmWorkers, acquireTimeout, heapBytes, timeoutGrace, environment, false, maxBlocksPerWorker, 0,
                    isolateNetwork, requireNetworkIsolation, "/usr/local/bin:/usr/bin:/bin", null, null)));
        }

        private static List<Path> currentClassPath() {
            List<Path> out = new ArrayList<>();
            for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
                if (!e.isBlank()) {
                    out.add(Path.of(e));
                }
            }
            return out;
        }

        private static boolean containsGraalPy(List<Path> cp) {
            boolean polyglot = false;
            boolean python = false;
            for (Path p : cp) {
                String n = p.getFileName() == null ? "" : p.getFileName().toString();
                polyglot |= n.startsWith("polyglot-") && n.endsWith(".jar");
                python |= n.startsWith("python-language-") && n.endsWith(".jar");
            }
            return polyglot && python;
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }

    /** {@code java -Xmx... -cp <graalpy + this module> GraalPyWorkerMain runner.py ...}. */
    private record GraalPyRuntime(Path java, List<Path> classPath, long heapBytes, List<String> jvmOptions,
            Path resourceCache, Duration startupTimeout) implements WorkerRuntime {
        @Override
        public Path executable() {
            return java;
        }

        @Override
        public List<String> command(Path runner, List<String> runnerArgs) {
            List<String> cmd = new ArrayList<>();
            cmd.add(java.toString());
            cmd.add("-Xmx" + (heapBytes >> 20) + "m");
            cmd.add("-XX:+UseSerialGC");
            // stdout is the protocol channel, and the JVM logs its warnings there by default: move them to
            // stderr. In a PID namespace every worker JVM is PID 1, so they would also fight over
            // /tmp/hsperfdata_<user>/1 (a warning that killed the worker): no perf data at all.
            cmd.add("-Xlog:disable");
            cmd.add("-Xlog:all=warning:stderr");
            cmd.add("-XX:-UsePerfData");
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.add("--sun-misc-unsafe-memory-access=allow");
            cmd.add("-Dpolyglot.engine.WarnInterpreterOnly=false");
            Path cache = resourceCache != null ? resourceCache : runner.resolveSibling("graalpy-cache");
            cmd.add("-Dpolyglot.engine.userResourceCache=" + cache);
            cmd.addAll(jvmOptions);
            cmd.add("-cp");
            List<String> entries = new ArrayList<>();
            entries.add(ownLocation());
            for (Path p : classPath) {
                entries.add(p.toString());
            }
            cmd.add(String.join(File.pathSeparator, entries));
            cmd.add(GraalPyWorkerMain.class.getName());
            cmd.add(runner.toString());
            cmd.addAll(runnerArgs);
            return cmd;
        }

        private static String ownLocation() {
            try {
                return Path.of(GraalPyWorkerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            } catch (Exception e) {
                throw new ExecutorException("cannot locate the deepanalyze-worker classes for the worker JVM's class path: "
                        + e.getMessage(), e);
            }
        }

        @Override
        public boolean runnerEnforcesMemoryLimit() {
            return false; // RLIMIT_AS would break the JVM's reservations; -Xmx caps the heap instead
        }

        @Override
        public Map<String, String> extraEnvironment() {
            return Map.of();
        }

        @Override
        public String describe() {
            return "graalpy-worker " + java + " -Xmx" + (heapBytes >> 20) + "m";
        }
    }
}
