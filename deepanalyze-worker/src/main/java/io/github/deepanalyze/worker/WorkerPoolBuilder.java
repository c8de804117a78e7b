package io.github.deepanalyze.worker;

import io.github.deepanalyze.common.ConfigurationException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The settings every worker-process executor shares: how many workers, how many kept warm, how
 * long a caller waits for one, how long a timed-out block may take to stop, what the workers'
 * scrubbed environment adds, when a worker is replaced, and the network sandbox. The base of
 * {@link CPythonExecutor.Builder} and {@link GraalPyWorkerExecutor.Builder}, so both spell and
 * check these the same way; the defaults differ where the runtimes do (a GraalPy worker JVM costs
 * ~0.5 GB and 10-20 s to start, a CPython worker ~1 s).
 *
 * <p>Each setter checks its argument at once and throws {@link ConfigurationException} naming the
 * setting and the value; combinations (such as {@code warmWorkers > poolSize}) are checked by the
 * executor builder's {@code build()}. Not thread-safe, like every builder. Arguments are non-null.
 *
 * @param <B> the concrete builder, which every setter returns so calls chain
 */
public abstract sealed class WorkerPoolBuilder<B extends WorkerPoolBuilder<B>>
        permits CPythonExecutor.Builder, GraalPyWorkerExecutor.Builder {
    private int poolSize;
    private int warmWorkers = 1;
    private Duration acquireTimeout = Duration.ofMinutes(5);
    private Duration timeoutGrace;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private int maxBlocksPerWorker;
    private boolean isolateNetwork = true;
    private boolean requireNetworkIsolation;

    WorkerPoolBuilder(int defaultPoolSize, Duration defaultTimeoutGrace, int defaultMaxBlocksPerWorker) {
        this.poolSize = defaultPoolSize;
        this.timeoutGrace = defaultTimeoutGrace;
        this.maxBlocksPerWorker = defaultMaxBlocksPerWorker;
    }

    /**
     * Maximum concurrent sessions, each owning one worker process for its whole life; default
     * max(2, cores) for CPython workers, 1 for GraalPy worker JVMs.
     */
    public B poolSize(int n) {
        this.poolSize = atLeast(n, 1, "poolSize");
        return self();
    }

    /**
     * Workers started ahead of the first session and kept idle, so that a new session does not
     * wait for a worker to start; default 1, 0 starts workers on demand. At most {@link #poolSize}.
     * A confined CPython worker (the default) is started for its session's workspace, so it has no
     * warm pool; this applies to {@code unconfined()} workers and GraalPy worker JVMs.
     */
    public B warmWorkers(int n) {
        this.warmWorkers = atLeast(n, 0, "warmWorkers");
        return self();
    }

    /** How long {@code openSession} waits (first come, first served) when every worker is busy; default 5 min. */
    public B acquireTimeout(Duration d) {
        this.acquireTimeout = positive(d, "acquireTimeout");
        return self();
    }

    /**
     * How long after a block's timeout the worker may take to stop by itself before it is killed
     * (and replaced for the next block); default 2 s for CPython, 3 s for GraalPy.
     */
    public B timeoutGrace(Duration d) {
        this.timeoutGrace = positive(d, "timeoutGrace");
        return self();
    }

    /** Adds a variable to the workers' otherwise scrubbed environment. Never put secrets here: model code can read it. */
    public B environment(String name, String value) {
        environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return self();
    }

    /** Replace a worker after it ran this many blocks (0 = never); default 500 for CPython, 1000 for GraalPy. */
    public B maxBlocksPerWorker(int n) {
        this.maxBlocksPerWorker = atLeast(n, 0, "maxBlocksPerWorker");
        return self();
    }

    /**
     * Whether to run workers in an empty network namespace when the OS allows (util-linux
     * {@code unshare}); default true. Turning it off lets model code use the network: only for
     * trusted code. A confined CPython worker (the default) always has its own empty network
     * namespace and ignores this; it applies to {@code unconfined()} workers and GraalPy worker JVMs.
     */
    public B isolateNetwork(boolean on) {
        this.isolateNetwork = on;
        return self();
    }

    /**
     * Whether {@code build()} fails when network isolation is asked for but this machine cannot set
     * it up; default false: the executor is built, logs a warning, and its {@code describe()} says
     * {@code network NOT isolated}.
     */
    public B requireNetworkIsolation(boolean on) {
        this.requireNetworkIsolation = on;
        return self();
    }

    /** The pool settings as set, after the checks that involve several of them. */
    final WorkerPoolOptions poolOptions() {
        if (warmWorkers > poolSize) {
            throw new ConfigurationException("warmWorkers (" + warmWorkers + ") exceeds poolSize (" + poolSize
                    + "); lower warmWorkers(...) or raise poolSize(...)");
        }
        return new WorkerPoolOptions(poolSize, warmWorkers, acquireTimeout, timeoutGrace, environment,
                maxBlocksPerWorker, isolateNetwork, requireNetworkIsolation);
    }

    @SuppressWarnings("unchecked") // sealed: every subclass is declared as WorkerPoolBuilder<itself>
    private B self() {
        return (B) this;
    }

    static Duration positive(Duration d, String setting) {
        Objects.requireNonNull(d, setting);
        if (d.isNegative() || d.isZero()) {
            throw new ConfigurationException(setting + " must be positive, got " + d + "; pass a duration such as "
                    + "Duration.ofSeconds(5)");
        }
        return d;
    }

    static int atLeast(int n, int min, String setting) {
        if (n < min) {
            throw new ConfigurationException(setting + " must be >= " + min + ", got " + n);
        }
        return n;
    }

    static long atLeast(long n, long min, String setting, String why) {
        if (n < min) {
            throw new ConfigurationException(setting + " must be >= " + min + why + ", got " + n);
        }
        return n;
    }
}
