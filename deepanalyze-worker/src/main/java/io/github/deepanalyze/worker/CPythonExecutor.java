package io.github.deepanalyze.worker;

import io.github.deepanalyze.common.ConfigurationException;
import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionSession;
import io.github.deepanalyze.execution.IsolationLevel;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs model code in a pool of CPython worker processes ({@link IsolationLevel#PROCESS}), so the
 * real data-science stack (pandas, numpy, matplotlib, seaborn, scipy, statsmodels, scikit-learn)
 * works, and every block can be stopped by killing its process.
 *
 * <p>Per worker, on Linux:
 * <ul>
 *   <li><b>Time</b>: at the request's timeout the runner raises a {@code BaseException} into the code
 *       (the worker survives); if the code does not stop within {@link Builder#timeoutGrace} (a long
 *       C call such as {@code sum(range(10**10))}), the worker and all its descendants are killed
 *       and a fresh worker runs the next block. Either way the result is {@code TIMEOUT}.</li>
 *   <li><b>Memory</b>: {@code RLIMIT_AS} (address space) set by the runner before any user code, inherited
 *       by processes the code starts; allocations past it raise {@code MemoryError}.</li>
 *   <li><b>Network</b>: none, when util-linux {@code unshare} can create namespaces (root, or
 *       unprivileged user namespaces): the worker gets an empty network namespace and its own PID
 *       namespace. Otherwise the build fails if {@link Builder#requireNetworkIsolation} is set,
 *       else workers can reach the network (logged, and
 *       {@link #describe()} says {@code network NOT isolated} and why).</li>
 *   <li><b>Environment</b>: scrubbed: {@code PATH}, {@code LANG}, {@code HOME}/{@code TMPDIR} (a private
 *       temp dir), matplotlib and thread-count variables, plus what {@link Builder#environment} adds.</li>
 *   <li><b>Confinement</b> (default): each session gets its own worker, started for its
 *       workspace in a bubblewrap sandbox and killed when the session closes: uid 65534 in a user
 *       namespace without capabilities, own session and PID/network/IPC/UTS namespaces, a seccomp
 *       filter (ptrace, mount, setns, unshare, bpf, keyrings, modules, kexec, perf, non-AF_UNIX
 *       sockets fail with {@code EPERM}); it sees read-only only what the interpreter needs, a
 *       private size-capped {@code /tmp}, and read-write only the workspace (cwd, at {@code /workspace})
 *       and its scratch directory. {@link Builder#build()} fails when this is impossible here
 *       ({@code apt-get install -y bubblewrap python3-seccomp});
 *       {@link Builder#unconfined()} runs pooled workers without it.</li>
 *   <li><b>Files</b> (unconfined only): the working directory is the workspace, but code can read and
 *       write whatever the host user can. With {@link Builder#confineFilesTo} (bubblewrap) the file
 *       system is read-only except the workspace root and a private {@code /tmp}.</li>
 * </ul>
 *
 * <p>Thread-safe. Create with {@link #builder()}; {@link #close()} kills every worker and every
 * process they started. Arguments are non-null unless stated otherwise.
 */
public final class CPythonExecutor implements CodeExecutor {
    private final ProcessExecutor delegate;

    private CPythonExecutor(ProcessExecutor delegate) {
        this.delegate = delegate;
    }

    /** A builder with the defaults described on each method. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The interpreter the default builder would use: {@code /usr/bin/python3} if executable, else the
     * first {@code python3} on the host's {@code PATH}; empty if neither exists.
     */
    public static Optional<Path> findDefaultInterpreter() {
        Path system = Path.of("/usr/bin/python3");
        if (Files.isExecutable(system)) {
            return Optional.of(system);
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir, "python3");
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
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

    /** Whether workers run without network access (an empty network namespace). */
    public boolean isNetworkIsolated() {
        return delegate.networkIsolated();
    }

    /** PIDs of the worker processes alive right now (not the processes the model's code started). */
    public List<Long> workerPids() {
        return delegate.livePids();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /**
     * Configures a {@link CPythonExecutor}: the pool settings of {@link WorkerPoolBuilder} plus the
     * interpreter, memory and file-system limits. Not thread-safe; setters throw
     * {@link ConfigurationException} for a bad value, {@link #build()} for settings that do not fit together.
     */
    public static final class Builder extends WorkerPoolBuilder<Builder> {
        private Path interpreter;
        private long memoryLimitBytes = 4L << 30;
        private boolean preload = true;
        private long maxWorkerRssBytes = 2L << 30;
        private String path = "/usr/local/bin:/usr/bin:/bin";
        private Path matplotlibConfigDir;
        private Path writableRoot;
        private boolean confined = true;
        private int openFilesLimit = 4096;
        private long fileSizeLimitBytes = 4L << 30;
        private long cpuSecondsLimit = 3600;

        private Builder() {
            super(Math.max(2, Runtime.getRuntime().availableProcessors()), Duration.ofSeconds(2), 500);
        }

        /** The Python 3.8+ interpreter (a system or virtualenv {@code python3}); default {@link #findDefaultInterpreter()}. */
        public Builder interpreter(Path python) {
            this.interpreter = Objects.requireNonNull(python, "python");
            return this;
        }

        /**
         * The address-space limit (RLIMIT_AS) of each worker; default 4 GiB, 0 for none. It counts
         * virtual memory, which with pandas and matplotlib imported is ~0.5 GiB before any data.
         */
        public Builder memoryLimitBytes(long bytes) {
            if (bytes != 0 && bytes < (256L << 20)) {
                throw new ConfigurationException("memoryLimitBytes must be 0 (no limit) or >= 256 MiB (Python with "
                        + "numpy needs that much address space to start), got " + bytes);
            }
            this.memoryLimitBytes = bytes;
            return this;
        }

        /** RLIMIT_NOFILE of each worker and its children; default 4096. Past it, {@code open} fails with {@code EMFILE}. */
        public Builder openFilesLimit(int files) {
            this.openFilesLimit = atLeast(files, 64, "openFilesLimit");
            return this;
        }

        /**
         * RLIMIT_FSIZE: the largest file a worker may write; default 4 GiB. A write past it fails
         * with {@code OSError: [Errno 27] File too large} and a {@code [Quota]} line naming this call.
         */
        public Builder fileSizeLimitBytes(long bytes) {
            this.fileSizeLimitBytes = atLeast(bytes, 1L << 20, "fileSizeLimitBytes", "");
            return this;
        }

        /** RLIMIT_CPU: CPU seconds a worker (one session when confined) may use in all; default 3600; a backstop to the timeout. */
        public Builder cpuSecondsLimit(long seconds) {
            this.cpuSecondsLimit = atLeast(seconds, 1, "cpuSecondsLimit", "");
            return this;
        }

        /** Whether workers import numpy, pandas and matplotlib (Agg) before the first block; default true. */
        public Builder preloadLibraries(boolean on) {
            this.preload = on;
            return this;
        }

        /** Replace a worker at the end of a session when its resident set exceeds this (0 = never); default 2 GiB. */
        public Builder maxWorkerRssBytes(long bytes) {
            this.maxWorkerRssBytes = atLeast(bytes, 0, "maxWorkerRssBytes", "");
            return this;
        }

        /** The workers' {@code PATH} (not the host's); default {@code /usr/local/bin:/usr/bin:/bin}. */
        public Builder path(String searchPath) {
            this.path = Objects.requireNonNull(searchPath, "searchPath");
            return this;
        }

        /**
         * A directory for matplotlib's font cache, shared by the workers; default a fresh one per
         * executor (the first worker then spends ~1 s building the cache). Model code can write to it.
         */
        public Builder matplotlibConfigDir(Path dir) {
            this.matplotlibConfigDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Confines workers' writes with bubblewrap: the whole file system is mounted read-only,
         * {@code /tmp} and {@code /dev} are private, and only {@code workspaceRoot} (plus each
         * worker's scratch directory) is writable; every session's workspace must lie under it.
         * Reads are not restricted. Needs {@code bwrap} ({@code apt-get install bubblewrap}) and
         * namespaces; {@link #build()} fails if it cannot work. Default: off.
         */
        public Builder confineFilesTo(Path workspaceRoot) {
            this.writableRoot = Objects.requireNonNull(workspaceRoot, "workspaceRoot");
            return this;
        }

        /**
         * Runs model code WITHOUT the sandbox: with the file, process and memory access of the user
         * running this JVM (it can read secrets and other analyses' files, write anywhere, and kill
         * or read the JVM), in pooled workers reused across analyses. Only for trusted code or where
         * bubblewrap cannot run; every session logs a warning. By default (without this call) each
         * session gets its own confined worker (see the class documentation and {@code README.md}),
         * and {@link #build()} fails if confinement is impossible here.
         */
        public Builder unconfined() {
            this.confined = false;
            return this;
        }

        /**
         * Validates, probes the interpreter and the sandbox, and (unconfined only) starts the warm
         * workers in the background.
         *
         * @throws ConfigurationException if no interpreter is found or it cannot run the runner, or if
         *     the workers cannot be confined here (the message names what is missing and the apt line)
         */
        public CPythonExecutor build() {
            Path python = interpreter != null ? interpreter : findDefaultInterpreter().orElseThrow(() ->
                    new ConfigurationException("no Python interpreter found: neither /usr/bin/python3 nor python3 on "
                            + "PATH exists; install Python 3 (e.g. apt-get install python3-pandas ...) or call "
                            + "interpreter(Path)"));
            if (!Files.isExecutable(python)) {
                throw new ConfigurationException("interpreter " + python + " is not an executable file; point "
                        + "interpreter(...) at a python3 binary");
            }
            python = python.toAbsolutePath(); // workers start in their own scratch directory
            WorkerPoolOptions pool = poolOptions();
            if (writableRoot != null && !Files.isDirectory(writableRoot)) {
                throw new ConfigurationException("confineFilesTo(" + writableRoot + "): not an existing directory; create it first");
            }
            if (matplotlibConfigDir != null && !Files.isDirectory(matplotlibConfigDir)) {
                throw new ConfigurationException("matplotlibConfigDir " + matplotlibConfigDir + " is not a directory; "
                        + "create it first");
            }
            String version = probeVersion(python);
            WorkerRuntime runtime = new CPythonRuntime(python, version);
            return new CPythonExecutor(new ProcessExecutor(new ProcessExecutor.Settings(runtime, pool, memoryLimitBytes,
                    preload, maxWorkerRssBytes, path, matplotlibConfigDir, writableRoot,
                    List.of("--open-files-limit", Integer.toString(openFilesLimit),
                            "--file-size-limit", Long.toString(fileSizeLimitBytes),
                            "--cpu-seconds-limit", Long.toString(cpuSecondsLimit))), confined));
        }

        private static String probeVersion(Path python) {
            try {
                Process p = new ProcessBuilder(python.toString(), "-I", "-c",
                        "import sys; print('%d.%d.%d' % sys.version_info[:3]); sys.exit(0 if sys.version_info >= (3, 8) else 3)")
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes()).strip();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new ConfigurationException("interpreter " + python + " did not answer a version probe in 30 s");
                }
                if (p.exitValue() == 3) {
                    throw new ConfigurationException("interpreter " + python + " is Python " + out
                            + "; the worker runner needs Python 3.8 or newer");
                }
                if (p.exitValue() != 0) {
                    throw new ConfigurationException("interpreter " + python + " failed a version probe: " + out);
                }
                return out;
            } catch (java.io.IOException e) {
                throw new ConfigurationException("could not run interpreter " + python + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConfigurationException("interrupted while probing interpreter " + python, e);
            }
        }
    }

    /** CPython: {@code python -I -B runner.py ...} (isolated mode: no user site, no script dir on sys.path). */
    private record CPythonRuntime(Path python, String version) implements WorkerRuntime {
        @Override
        public Path executable() {
            return python;
        }

        @Override
        public List<String> command(Path runner, List<String> runnerArgs) {
            List<String> cmd = new java.util.ArrayList<>(List.of(python.toString(), "-I", "-B", runner.toString()));
            cmd.addAll(runnerArgs);
            return cmd;
        }

        @Override
        public boolean runnerEnforcesMemoryLimit() {
            return true;
        }

        @Override
        public Map<String, String> extraEnvironment() {
            return Map.of();
        }

        @Override
        public Duration startupTimeout() {
            return Duration.ofSeconds(60);
        }

        @Override
        public String startupHint() {
            return "Check the interpreter path and that it can run the runner (Python 3.8+).";
        }

        @Override
        public String describe() {
            return "cpython-worker " + python + " (" + version + ")";
        }
    }
}
