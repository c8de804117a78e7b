package io.github.deepanalyze.worker;

import io.github.deepanalyze.common.ConfigurationException;
import io.github.deepanalyze.common.ExecutorException;
import io.github.deepanalyze.common.InvalidInputException;
import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionSession;
import io.github.deepanalyze.execution.IsolationLevel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machinery shared by the public process-isolated executors: extracts the runner, probes the
 * namespace sandbox, builds the scrubbed environment, and owns the worker pool. Thread-safe.
 */
final class ProcessExecutor implements CodeExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessExecutor.class);
    static final String RUNNER_RESOURCE = "/io/github/deepanalyze/worker/runner.py";

    /** Everything a process executor needs: the runtime, the shared pool options and the CPython-only limits. */
    record Settings(
            WorkerRuntime runtime,
            WorkerPoolOptions pool,
            long memoryLimitBytes,
            boolean preload,
            long maxWorkerRssBytes,
            String path,
            Path matplotlibConfigDir,
            Path writableRoot,
            List<String> capArgs) {
    }

    private final Settings settings;
    private final Path root;
    private final Path runner;
    private final Path mplConfig;
    private final Optional<List<String>> namespacePrefix;
    /** bubblewrap, when file-system confinement was asked for. */
    private final Path bubblewrap;
    private final Path writableRoot;
    private final WorkerPool pool;
    /** The sandbox of confined workers, or null when this executor runs unconfined. */
    private final Confinement confinement;
    /** Per-session workers when confined (null otherwise); {@link #pool} is null then. */
    private final SessionWorkers sessionWorkers;
    private final AtomicInteger workerCount = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    ProcessExecutor(Settings settings) {
        this(settings, false);
    }

    /**
     * @param confine run every session in its own confined worker ({@link Confinement}); the
     *     constructor fails with a {@link ConfigurationException} naming what is missing if that is
     *     impossible here
     */
    ProcessExecutor(Settings settings, boolean confine) {
        this.settings = settings;
        if (settings.writableRoot() != null) {
            this.bubblewrap = Namespaces.bubblewrap().orElseThrow(() -> new ConfigurationException(
                    "confineFilesTo(" + settings.writableRoot() + ") needs bubblewrap, which is missing or cannot create "
                            + "namespaces here; install it (apt-get install bubblewrap) or drop confineFilesTo(...)"));
            this.writableRoot = realPath(settings.writableRoot());
            this.namespacePrefix = Optional.empty();
        } else {
            this.bubblewrap = null;
            this.writableRoot = null;
            this.namespacePrefix = settings.pool().isolateNetwork() ? Namespaces.probe() : Optional.empty();
        }
        if (bubblewrap == null && settings.pool().isolateNetwork() && namespacePrefix.isEmpty()) {
            String msg = "cannot start workers without network access here: util-linux 'unshare --net' failed "
                    + "(not root and unprivileged user namespaces are disabled, or unshare is missing)";
            if (settings.pool().requireNetworkIsolation()) {
                throw new ConfigurationException(msg + "; run as a user that may create namespaces, or call "
                        + "requireNetworkIsolation(false) to accept workers that can reach the network");
            }
            LOG.warn("{}; model code will be able to reach the network", msg);
        }
        try {
            this.root = Files.createTempDirectory("deepanalyze-worker-");
            this.runner = root.resolve("runner.py");
            try (InputStream in = ProcessExecutor.class.getResourceAsStream(RUNNER_RESOURCE)) {
                if (in == null) {
                    throw new ExecutorException("the runner script " + RUNNER_RESOURCE + " is missing from the class "
                            + "path; the deepanalyze-worker jar is incomplete");
                }
                Files.copy(in, runner);
            }
            runner.toFile().setReadOnly();
            this.mplConfig = settings.matplotlibConfigDir() != null ? settings.matplotlibConfigDir()
                    : Files.createDirectories(root.resolve("mplconfig"));
        } catch (IOException e) {
            throw new ExecutorException("could not prepare the worker directory in " + System.getProperty("java.io.tmpdir")
                    + ": " + e.getMessage() + "; check that the temp directory is writable", e);
        }
        if (confine) {
            try {
                this.confinement = Confinement.prepare(settings.runtime().executable(), root);
            } catch (RuntimeException e) {
                ProcessTrees.deleteRecursively(root);
                throw e;
            }
            this.sessionWorkers = new SessionWorkers(this::startConfinedWorker, settings.pool().poolSize(),
                    settings.pool().maxBlocksPerWorker(), settings.maxWorkerRssBytes() / 1024);
            this.pool = null;
            return;
        }
        this.confinement = null;
        this.sessionWorkers = null;
        this.pool = new WorkerPool(this::startWorker, settings.pool().poolSize(), settings.pool().warmWorkers(),
                settings.pool().maxBlocksPerWorker(), settings.maxWorkerRssBytes() / 1024, Duration.ofSeconds(30));
    }

    @Override
    public ExecutionSession openSession(Path workspace, ExecutionMode mode) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(mode, "mode");
        if (!Files.isDirectory(workspace)) {
            throw new InvalidInputException("workspace " + workspace + " is not an existing directory; create it first");
        }
        Path ws = workspace.toAbsolutePath().normalize();
        if (writableRoot != null && !realPath(ws).startsWith(writableRoot)) {
            throw new InvalidInputException("workspace " + workspace + " is outside " + writableRoot + ", the only "
                    + "directory this executor's workers may write to (confineFilesTo); create workspaces under it");
        }
        if (sessionWorkers != null) {
            return sessionWorkers.open(realPath(ws), mode, settings.pool().acquireTimeout(), settings.pool().timeoutGrace());
        }
        LOG.warn("running model code UNCONFINED in workspace {}: it has the rights of the user running this JVM "
                + "(files, processes, host memory); only for trusted code", ws);
        return new WorkerSession(pool, pool.acquire(settings.pool().acquireTimeout()), ws, mode, settings.pool().timeoutGrace());
    }

    @Override
    public IsolationLevel isolation() {
        return IsolationLevel.PROCESS;
    }

    @Override
    public String describe() {
        return settings.runtime().describe() + ", pool " + settings.pool().poolSize()
                + (confinement != null ? ", " + confinement.describe() : ", UNCONFINED")
                + ", network " + networkDescription()
                + (bubblewrap != null ? ", files read-only except " + writableRoot : "")
                + (settings.memoryLimitBytes() > 0 ? ", memory cap " + (settings.memoryLimitBytes() >> 20) + " MiB" : "")
                + (settings.capArgs().isEmpty() ? "" : ", caps " + String.join(" ", settings.capArgs()));
    }

    private String networkDescription() {
        if (confinement != null) {
            return "isolated (confined)";
        }
        if (networkIsolated()) {
            return "isolated (" + (bubblewrap != null ? "bwrap" : "unshare") + ")";
        }
        return settings.pool().isolateNetwork()
                ? "NOT isolated (unshare cannot create namespaces here; requireNetworkIsolation(true) makes build() fail instead)"
                : "NOT isolated (isolateNetwork(false))";
    }

    boolean networkIsolated() {
        if (confinement != null) {
            return true;
        }
        return bubblewrap != null ? settings.pool().isolateNetwork() : namespacePrefix.isPresent();
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new InvalidInputException("cannot resolve " + p + ": " + e.getMessage() + "; create the directory first");
        }
    }

    WorkerPool pool() {
        return pool;
    }

    /** PIDs of the live worker processes (pooled or per session). */
    java.util.List<Long> livePids() {
        return sessionWorkers != null ? sessionWorkers.livePids() : pool.livePids();
    }

    /**
     * Kills every worker, started or starting, and returns once they are gone; does not wait for
     * warm-ups. The executor's directory is deleted right after on a background thread: it can
     * hold GraalPy's unpacked home, thousands of files that take ~0.25 s to delete.
     */
    @Override
    public void close() {
        if (sessionWorkers != null) {
            sessionWorkers.close();
        } else {
            pool.close();
        }
        if (closed.compareAndSet(false, true)) {
            Thread cleanup = new Thread(() -> ProcessTrees.deleteRecursively(root), "deepanalyze-worker-cleanup");
            cleanup.setDaemon(false); // a JVM that exits normally finishes the deletion first
            cleanup.start();
        }
    }

    private WorkerProcess startWorker() {
        Path scratch = root.resolve("w" + workerCount.incrementAndGet());
        try {
            Files.createDirectories(scratch.resolve("home"));
            Files.createDirectories(scratch.resolve("tmp"));
        } catch (IOException e) {
            throw new ExecutorException("could not create the worker directory " + scratch + ": " + e.getMessage()
                    + "; check that the temp directory is writable and not full", e);
        }
        List<String> args = new ArrayList<>(List.of("--scratch", scratch.toString(), "--preload", settings.preload() ? "1" : "0"));
        if (settings.memoryLimitBytes() > 0 && settings.runtime().runnerEnforcesMemoryLimit()) {
            args.add("--memory-limit");
            args.add(Long.toString(settings.memoryLimitBytes()));
        }
        args.addAll(settings.capArgs());
        List<String> command = new ArrayList<>(bubblewrap != null
                ? Namespaces.bubblewrapPrefix(bubblewrap, runner, List.of(scratch, mplConfig, writableRoot), settings.pool().isolateNetwork())
                : namespacePrefix.orElse(List.of()));
        command.addAll(settings.runtime().command(runner, args));
        try {
            return WorkerProcess.launch(command, environment(scratch), scratch, settings.runtime().startupTimeout(),
                    settings.runtime().startupHint(),
                    bubblewrap != null || namespacePrefix.map(p -> p.contains("--fork")).orElse(false),
                    settings.runtime().executable());
        } catch (RuntimeException e) {
            ProcessTrees.deleteRecursively(scratch);
            throw e;
        }
    }

    /**
     * A confined worker for one session's workspace: its own scratch directory (home, temp, a
     * private matplotlib cache seeded from the executor's) and only {@code workspace} writable.
     */
    private WorkerProcess startConfinedWorker(Path workspace) {
        Path scratch = root.resolve("w" + workerCount.incrementAndGet());
        Path mpl = scratch.resolve("mplconfig");
        try {
            Files.createDirectories(scratch.resolve("home"));
            Files.createDirectories(scratch.resolve("tmp"));
            Files.createDirectories(mpl);
            MatplotlibCache.seed(mplConfig, mpl);
        } catch (IOException e) {
            throw new ExecutorException("could not create the worker directory " + scratch + ": " + e.getMessage()
                    + "; check that the temp directory is writable and not full", e);
        }
        List<String> args = new ArrayList<>(List.of("--scratch", scratch.toString(), "--preload", settings.preload() ? "1" : "0"));
        if (settings.memoryLimitBytes() > 0 && settings.runtime().runnerEnforcesMemoryLimit()) {
            args.add("--memory-limit");
            args.add(Long.toString(settings.memoryLimitBytes()));
        }
        args.addAll(settings.capArgs());
        List<String> command = confinement.command(runner, scratch, workspace, settings.runtime().command(runner, args));
        Map<String, String> env = environment(scratch);
        env.put("MPLCONFIGDIR", mpl.toString());
        try {
            WorkerProcess w = WorkerProcess.launch(command, env, scratch, settings.runtime().startupTimeout(),
                    settings.runtime().startupHint(), true, settings.runtime().executable());
            MatplotlibCache.keep(mpl, mplConfig); // written before any model code ran
            return w;
        } catch (RuntimeException e) {
            ProcessTrees.deleteRecursively(scratch);
            throw e;
        }
    }

    /** Only what the runner and the data-science stack need; never the host's variables. */
    private Map<String, String> environment(Path scratch) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", settings.path());
        env.put("LANG", "C.UTF-8");
        env.put("LC_ALL", "C.UTF-8");
        env.put("HOME", scratch.resolve("home").toString());
        env.put("TMPDIR", scratch.resolve("tmp").toString());
        env.put("MPLBACKEND", "Agg");
        env.put("MPLCONFIGDIR", mplConfig.toString());
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYTHONIOENCODING", "utf-8");
        env.put("PYTHONNOUSERSITE", "1");
        env.put("OPENBLAS_NUM_THREADS", "1");
        env.put("OMP_NUM_THREADS", "1");
        env.put("MKL_NUM_THREADS", "1");
        env.put("NUMEXPR_NUM_THREADS", "1");
        env.putAll(settings.runtime().extraEnvironment());
        env.putAll(settings.pool().environment());
        return env;
    }
}
