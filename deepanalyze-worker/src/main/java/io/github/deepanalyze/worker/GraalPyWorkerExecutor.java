package io.github.deepanalyze.worker;

import io.github.deepanalyze.common.ConfigurationException;
import io.github.deepanalyze.common.ExecutorException;
import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionSession;
import io.github.deepanalyze.execution.IsolationLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

    /**
     * {@link IsolationLevel#PROCESS}: every block runs in a worker process that can be killed, with
     * a scrubbed environment. Whether that process can reach the network is a separate fact, which
     * this level does not promise: see {@link #isNetworkIsolated()}, and {@link #describe()}, which
     * says {@code network NOT isolated} and why when it is not.
     */
    @Override
    public IsolationLevel isolation() {
        return IsolationLevel.PROCESS;
    }

    /** The runtime, pool size, network state ({@code network isolated (...)} or {@code network NOT isolated (why)}) and limits. */
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

    /**
     * Configures a {@link GraalPyWorkerExecutor}: the pool settings of {@link WorkerPoolBuilder} plus
     * the worker JVM's launcher, class path, heap and options. Not thread-safe; setters throw
     * {@link ConfigurationException} for a bad value, {@link #build()} for settings that do not fit together.
     */
    public static final class Builder extends WorkerPoolBuilder<Builder> {
        private Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        private List<Path> classPath;
        private long heapBytes = 2L << 30;
        private Duration startupTimeout = Duration.ofMinutes(2);
        private final List<String> jvmOptions = new ArrayList<>();
        private Path resourceCache;

        private Builder() {
            super(1, Duration.ofSeconds(3), 1000);
        }

        /** The {@code java} launcher for workers (Java 21+); default this JVM's. */
        public Builder javaExecutable(Path launcher) {
            this.java = Objects.requireNonNull(launcher, "launcher");
            return this;
        }

        /**
         * The worker JVM's class path: the GraalPy jars ({@code org.graalvm.polyglot:python} and its
         * dependencies) plus this module's jar. Relative entries are resolved against this JVM's
         * working directory (workers run elsewhere), and an entry {@code dir/*} stands for the jars
         * in {@code dir}, as for {@code java -cp}. Default: this JVM's {@code java.class.path}.
         */
        public Builder classPath(List<Path> entries) {
            this.classPath = List.copyOf(entries);
            return this;
        }

        /** Each worker's {@code -Xmx}; default 2 GiB. */
        public Builder heapBytes(long bytes) {
            this.heapBytes = atLeast(bytes, 256L << 20, "heapBytes", " (256 MiB: GraalPy needs ~100 MiB of heap to start)");
            return this;
        }

        /** How long a worker JVM may take to start GraalPy; default 2 min. A worker that exits while starting fails at once. */
        public Builder startupTimeout(Duration d) {
            this.startupTimeout = positive(d, "startupTimeout");
            return this;
        }

        /** Extra JVM options for workers, e.g. the JIT flags {@code -XX:+EnableJVMCI --upgrade-module-path=...}. */
        public Builder jvmOption(String option) {
            jvmOptions.add(Objects.requireNonNull(option, "option"));
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
            WorkerPoolOptions pool = poolOptions();
            List<Path> cp = WorkerClassPath.resolve(classPath != null ? classPath : WorkerClassPath.ofThisJvm());
            if (!WorkerClassPath.containsGraalPy(cp)) {
                throw new ConfigurationException("the worker class path has no GraalPy: add org.graalvm.polyglot:python "
                        + "(type pom) and org.graalvm.polyglot:polyglot to the application's dependencies, or pass "
                        + "classPath(...) listing those jars");
            }
            WorkerRuntime runtime = new GraalPyRuntime(java.toAbsolutePath(), cp, heapBytes, List.copyOf(jvmOptions),
                    resourceCache == null ? null : resourceCache.toAbsolutePath(), startupTimeout);
            return new GraalPyWorkerExecutor(new ProcessExecutor(new ProcessExecutor.Settings(runtime, pool, heapBytes,
                    false, 0, "/usr/local/bin:/usr/bin:/bin", null, null, List.of())));
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
            cmd.add(WorkerClassPath.join(ownLocation(), classPath));
            cmd.add(GraalPyWorkerMain.class.getName());
            cmd.add(runner.toString());
            cmd.addAll(runnerArgs);
            return cmd;
        }

        private static Path ownLocation() {
            try {
                return Path.of(GraalPyWorkerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
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
        public String startupHint() {
            return "Check that the worker class path (GraalPyWorkerExecutor.Builder.classPath) holds the GraalPy jars "
                    + "and deepanalyze-worker, and that " + java + " is Java 21 or newer.";
        }

        @Override
        public String describe() {
            return "graalpy-worker " + java + " -Xmx" + (heapBytes >> 20) + "m";
        }
    }
}
