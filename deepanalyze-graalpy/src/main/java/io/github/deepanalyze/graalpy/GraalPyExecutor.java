package io.github.deepanalyze.graalpy;

import io.github.deepanalyze.common.ConfigurationException;
import io.github.deepanalyze.common.ExecutorException;
import io.github.deepanalyze.common.InvalidInputException;
import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionSession;
import io.github.deepanalyze.execution.IsolationLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.graalvm.polyglot.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs model code in-process, in sandboxed GraalPy (Python 3.12) contexts that share one polyglot
 * {@link Engine}. Build it once with {@link #builder()} and share it; each analysis opens its own
 * {@link ExecutionSession}.
 *
 * <h2>What the sandbox guarantees</h2>
 * <ul>
 *   <li>Files: code reads and writes only inside its session's workspace ({@code ..}, absolute
 *       paths and symbolic links that lead outside are denied with {@code PermissionError}); it
 *       can read, never write, GraalPy's standard library and the configured {@link
 *       Builder#pythonPath extra Python path}.</li>
 *   <li>No processes, no threads, no native code ({@code ctypes}, C extensions), no sockets, an
 *       empty environment, no host class lookup, no other polyglot languages. Host objects are
 *       limited to the SDK's own {@code @HostAccess.Export} members (the Java-backed {@code
 *       sqlite3} and {@code openpyxl} readers, which apply the same workspace check).</li>
 *   <li>Time: each block has a wall-clock limit. The block is interrupted, then its context is
 *       cancelled. Some builtins ignore both (e.g. {@code sum(range(10**10))}); the caller still
 *       gets a TIMEOUT result after at most timeout + {@link Builder#interruptGrace} + {@link
 *       Builder#cancelGrace}, and the context with its thread is abandoned (never reused). After
 *       {@link Builder#maxAbandonedContexts} abandoned contexts the executor refuses new work
 *       with an {@link ExecutorException}: they still burn CPU until the builtin ends.</li>
 *   <li>Output: each stream keeps at most the request's cap; the rest is dropped.</li>
 * </ul>
 * <h2>What it does not guarantee</h2>
 * There is no memory limit (GraalPy community edition has none): a block can allocate until the
 * host JVM throws {@link OutOfMemoryError}; large single allocations usually fail cleanly with
 * {@code MemoryError}. CPU time of abandoned builtins is not reclaimed. For hostile code use the
 * process-isolated worker executor, which can be killed and given {@code -Xmx}.
 *
 * <h2>Performance</h2>
 * Contexts are created and warmed up (bootstrap and common imports) in a background pool of
 * {@link Builder#poolSize} contexts, so opening a session normally only binds a warmed context to
 * the workspace. Taking a context starts building its replacement at once; a session opened while
 * that build is still running waits for it rather than building a second cold context beside it,
 * so only the first analysis after start pays the full start-up. A context serves exactly one session and is closed afterwards, so no state leaks
 * between analyses. GraalPy runs interpreter-only unless the JVM is started with the Graal JIT
 * ({@code -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=<graal compiler
 * jars>}); see the module README.
 *
 * <p>Thread-safe. Sessions are not (one analysis uses its session from one thread at a time).
 */
public final class GraalPyExecutor implements CodeExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(GraalPyExecutor.class);

    static final String DEFAULT_HINT = "the Python package '{name}' is not installed in the GraalPy executor; "
            + "add it with GraalPyExecutor.builder().pythonPath(...) (a GraalPy venv's site-packages or pure-Python "
            + "wheels, e.g. built with graalpy-maven-plugin, offline with PIP_NO_INDEX=1 PIP_FIND_LINKS=<wheelhouse>) "
            + "or run the analysis on the CPython worker executor (deepanalyze-worker).";

    private static final long FILL_POLL_MILLIS = 20;

    private final Config config;
    private final LinkedBlockingDeque<ContextSlot> idle = new LinkedBlockingDeque<>();
    private final ExecutorService filler;
    private final AtomicBoolean filling = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger abandoned = new AtomicInteger();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong coldStarts = new AtomicLong();
    private final AtomicInteger waiting = new AtomicInteger();
    private final Set<GraalPySession> sessions = ConcurrentHashMap.newKeySet();

    private GraalPyExecutor(Builder b, Engine engine) {
        this.config = new Config(engine, b.pythonPath, b.statementLimit, b.warmModules, b.poolSize,
                b.interruptGrace, b.cancelGrace, b.maxAbandonedContexts);
        this.filler = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "graalpy-pool-filler");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
    }

    /** A builder with secure defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ExecutionSession openSession(Path workspace, ExecutionMode mode) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(mode, "mode");
        checkUsable();
        Path real;
        try {
            real = workspace.toRealPath();
        } catch (IOException e) {
            throw new InvalidInputException("workspace " + workspace + " does not exist; create the directory before "
                    + "opening a session", e);
        }
        if (!Files.isDirectory(real)) {
            throw new InvalidInputException("workspace " + workspace + " is not a directory; pass the directory the "
                    + "code should run in");
        }
        GraalPySession session = new GraalPySession(this, workspace, real, mode);
        sessions.add(session);
        return session;
    }

    @Override
    public IsolationLevel isolation() {
        return IsolationLevel.IN_PROCESS_SANDBOX;
    }

    @Override
    public String describe() {
        return "graalpy (Python " + config.engine().getLanguages().get("python").getVersion() + ", in-process sandbox, pool "
                + config.poolSize() + ")";
    }

    /** Counters for monitoring; a snapshot. */
    public Stats stats() {
        return new Stats(created.get(), idle.size(), abandoned.get(), sessions.size());
    }

    /**
     * A snapshot of the executor's counters.
     *
     * @param contextsCreated contexts built since the executor started
     * @param idleContexts warmed contexts waiting in the pool
     * @param abandonedContexts contexts given up because a block ignored interruption and cancellation
     * @param openSessions sessions not yet closed
     */
    public record Stats(long contextsCreated, int idleContexts, int abandonedContexts, int openSessions) {
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        filler.shutdownNow();
        for (GraalPySession s : List.copyOf(sessions)) {
            s.closeQuietly();
        }
        ContextSlot slot;
        while ((slot = idle.poll()) != null) {
            slot.close();
        }
        Thread t = new Thread(() -> {
            try {
                config.engine().close(true);
            } catch (RuntimeException ignored) {
                // an engine with abandoned contexts may refuse to close; the JVM reclaims it at exit
            }
        }, "graalpy-engine-close");
        t.setDaemon(true);
        t.start();
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- package-private plumbing for sessions ----

    Config config() {
        return config;
    }

    void checkUsable() {
        if (closed.get()) {
            throw new ExecutorException("the GraalPy executor is closed; build a new one");
        }
        int stuck = abandoned.get();
        if (stuck >= config.maxAbandonedContexts()) {
            throw new ExecutorException("the GraalPy executor has abandoned " + stuck + " contexts whose code ignored "
                    + "interruption (runaway builtins still running in this JVM) and refuses new work; run untrusted "
                    + "code with the process-isolated worker executor (deepanalyze-worker), or raise "
                    + "GraalPyExecutor.builder().maxAbandonedContexts(...) and restart the JVM soon");
        }
    }

    /**
     * Takes a warmed context from the pool; if the pool is empty while the filler is building one,
     * waits for that one (it is further along than a new one, and two builds at once only slow
     * each other); otherwise builds one now. Taking a context starts the background refill, so
     * back-to-back analyses find a warm context or one nearly done.
     */
    ContextSlot acquire() {
        checkUsable();
        ContextSlot slot = idle.poll();
        if (slot == null) {
            slot = awaitFill();
        }
        if (slot == null) {
            checkUsable();
            coldStarts.incrementAndGet();
            slot = newSlot();
        }
        refill();
        return slot;
    }

    /** The context the running fill produces, or null when no fill runs or another caller already waits for it. */
    private ContextSlot awaitFill() {
        if (waiting.incrementAndGet() > (filling.get() ? 1 : 0)) {
            waiting.decrementAndGet();
            return null;
        }
        try {
            while (!closed.get()) {
                ContextSlot slot = idle.poll(FILL_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (slot != null || !filling.get()) {
                    return slot != null ? slot : idle.poll();
                }
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutorException("interrupted while waiting for a warm GraalPy context", e);
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Contexts built on a caller's thread because no warm one was ready (for tests and benchmarks). */
    long coldStarts() {
        return coldStarts.get();
    }

    void abandoned(ContextSlot slot) {
        slot.abandon();
        int n = abandoned.incrementAndGet();
        LOG.warn("abandoned a GraalPy context whose block ignored interrupt and cancel ({} of at most {})",
                n, config.maxAbandonedContexts());
    }

    void sessionClosed(GraalPySession session) {
        sessions.remove(session);
    }

    private ContextSlot newSlot() {
        return ContextSlot.create(config, created.incrementAndGet());
    }

    private void refill() {
        if (closed.get() || config.poolSize() == 0 || !filling.compareAndSet(false, true)) {
            return;
        }
        try {
            filler.execute(() -> {
                boolean filled = false;
                try {
                    while (!closed.get() && idle.size() < config.poolSize()) {
                        ContextSlot slot = newSlot();
                        if (closed.get()) {
                            slot.close();
                        } else {
                            idle.add(slot);
                        }
                    }
                    filled = true;
                } catch (RuntimeException e) {
                    if (!closed.get()) {
                        LOG.warn("could not pre-warm a GraalPy context", e); // no retry loop: the next acquire tries again
                    }
                } finally {
                    filling.set(false); // before waiters give up on this fill, even on an Error
                }
                if (filled && !closed.get() && idle.size() < config.poolSize()) {
                    refill(); // a context was taken between the last check and clearing the flag
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            filling.set(false);
        }
    }

    /** The executor's fixed configuration, shared by all of its contexts. */
    record Config(Engine engine, List<Path> pythonPath, long statementLimit, List<String> warmModules, int poolSize,
            Duration interruptGrace, Duration cancelGrace, int maxAbandonedContexts) {
        Config {
            pythonPath = List.copyOf(pythonPath);
            warmModules = List.copyOf(warmModules);
        }
    }

    /**
     * Configures a {@link GraalPyExecutor}. Defaults are the secure ones; nothing here loosens the
     * sandbox except {@link #pythonPath}, which adds read-only directories. Not thread-safe.
     */
    public static final class Builder {
        private int poolSize = 1;
        private boolean prewarm = true;
        private final List<Path> pythonPath = new ArrayList<>();
        private long statementLimit;
        private List<String> warmModules = List.of("traceback", "csv", "json", "re", "math", "statistics", "datetime",
                "collections", "itertools", "functools", "random", "io", "decimal", "string", "textwrap", "glob");
        private Duration interruptGrace = Duration.ofSeconds(3);
        private Duration cancelGrace = Duration.ofSeconds(5);
        private int maxAbandonedContexts = 3;

        private Builder() {
        }

        /** Warmed contexts kept ready for new sessions (default 1; 0 builds each on demand). */
        public Builder poolSize(int size) {
            if (size < 0) {
                throw new ConfigurationException("poolSize must be >= 0, got " + size);
            }
            this.poolSize = size;
            return this;
        }

        /** Whether {@link #build()} starts warming the pool in the background right away (default true). */
        public Builder prewarm(boolean prewarm) {
            this.prewarm = prewarm;
            return this;
        }

        /**
         * Adds a read-only Python path entry: a directory of pure-Python packages (say, the
         * {@code lib/python3.12/site-packages} of a GraalPy venv made with graalpy-maven-plugin) or
         * a pure-Python wheel or zip file. Native extensions in it cannot load in the sandbox.
         */
        public Builder pythonPath(Path entry) {
            Objects.requireNonNull(entry, "entry");
            try {
                pythonPath.add(entry.toRealPath());
            } catch (IOException e) {
                throw new ConfigurationException("python path entry " + entry + " does not exist; point it at a "
                        + "site-packages directory or a pure-Python wheel", e);
            }
            return this;
        }

        /**
         * Stops a block after this many Python statements (counted per block; 0, the default,
         * means no limit). A block that hits it ends as RESOURCE_EXHAUSTED and its context is
         * replaced (notebook globals are lost).
         */
        public Builder statementLimit(long limit) {
            if (limit < 0) {
                throw new ConfigurationException("statementLimit must be >= 0, got " + limit);
            }
            this.statementLimit = limit;
            return this;
        }

        /** Modules imported while warming each context, so blocks do not pay for them (replaces the default list). */
        public Builder warmModules(List<String> modules) {
            this.warmModules = List.copyOf(modules);
            return this;
        }

        /** How long a timed-out block gets to acknowledge the interrupt (default 3 s). */
        public Builder interruptGrace(Duration grace) {
            this.interruptGrace = positive(grace, "interruptGrace");
            return this;
        }

        /** How long a block that ignored the interrupt gets to end after its context is cancelled (default 5 s). */
        public Builder cancelGrace(Duration grace) {
            this.cancelGrace = positive(grace, "cancelGrace");
            return this;
        }

        /** How many contexts may be abandoned to runaway builtins before the executor refuses work (default 3). */
        public Builder maxAbandonedContexts(int max) {
            if (max < 1) {
                throw new ConfigurationException("maxAbandonedContexts must be >= 1, got " + max);
            }
            this.maxAbandonedContexts = max;
            return this;
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new ConfigurationException(name + " must be positive, got " + d);
            }
            return d;
        }

        /** Creates the shared engine and, unless {@code prewarm(false)}, starts warming the pool. */
        public GraalPyExecutor build() {
            Engine engine = Engine.newBuilder("python")
                    .option("engine.WarnInterpreterOnly", "false")
                    .logHandler(new Slf4jHandler())
                    .build();
            GraalPyExecutor executor = new GraalPyExecutor(this, engine);
            if (prewarm) {
                executor.refill();
            }
            return executor;
        }
    }

    /** Routes the polyglot engine's log (GraalPy warnings) to SLF4J instead of stderr. */
    private static final class Slf4jHandler extends Handler {
        private static final Logger ENGINE = LoggerFactory.getLogger("io.github.deepanalyze.graalpy.engine");

        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                ENGINE.warn("[{}] {}", r.getLoggerName(), r.getMessage());
            } else {
                ENGINE.debug("[{}] {}", r.getLoggerName(), r.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
