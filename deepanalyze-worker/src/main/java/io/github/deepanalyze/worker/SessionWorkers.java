package io.github.deepanalyze.worker;

import io.github.deepanalyze.common.ExecutorException;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Workers for confined sessions: a confined worker can only see the workspace it was started
 * with, so each session gets a worker of its own, started when the session opens (with the
 * workspace bound into its sandbox) and killed when it closes; nothing, not even a warm
 * interpreter, passes from one analysis to the next. A one-worker {@link WorkerPool} per session
 * keeps the pool's replacement logic (a crashed or timed-out worker is replaced by one started for
 * the same workspace). At most {@code maxSessions} are open at once, first come, first served.
 * Thread-safe.
 */
final class SessionWorkers implements AutoCloseable {
    private final Function<Path, WorkerProcess> factory;
    private final int maxSessions;
    private final int maxBlocksPerWorker;
    private final long maxRssKb;
    private final Semaphore permits;
    private final Set<WorkerPool> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    SessionWorkers(Function<Path, WorkerProcess> factory, int maxSessions, int maxBlocksPerWorker, long maxRssKb) {
        this.factory = factory;
        this.maxSessions = maxSessions;
        this.maxBlocksPerWorker = maxBlocksPerWorker;
        this.maxRssKb = maxRssKb;
        this.permits = new Semaphore(maxSessions, true);
    }

    /** Waits for a free slot, then starts a confined worker for {@code workspace} (about as long as a Python start). */
    ExecutionSession open(Path workspace, ExecutionMode mode, Duration acquireTimeout, Duration grace) {
        ensureOpen();
        try {
            if (!permits.tryAcquire(acquireTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new ExecutorException("all " + maxSessions + " workers stayed busy for " + acquireTimeout.toMillis()
                        + " ms; raise poolSize(...) or acquireTimeout(...), or close finished sessions");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutorException("interrupted while waiting for a worker", e);
        }
        WorkerPool pool = null;
        try {
            ensureOpen();
            pool = new WorkerPool(() -> factory.apply(workspace), 1, 0, maxBlocksPerWorker, maxRssKb, Duration.ofSeconds(30));
            open.add(pool);
            if (closed) {
                throw new ExecutorException("the executor is closed; create a new one to run more code");
            }
            WorkerProcess worker = pool.acquire(acquireTimeout);
            // the worker sees the workspace at /workspace; the host keeps its own path
            return new Session(new WorkerSession(pool, worker, Confinement.WORKSPACE, mode, grace), pool, workspace);
        } catch (RuntimeException e) {
            if (pool != null) {
                open.remove(pool);
                pool.close();
            }
            permits.release();
            throw e;
        }
    }

    List<Long> livePids() {
        List<Long> pids = new ArrayList<>();
        for (WorkerPool p : open) {
            pids.addAll(p.livePids());
        }
        return pids;
    }

    @Override
    public void close() {
        closed = true;
        for (WorkerPool p : new ArrayList<>(open)) {
            p.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new ExecutorException("the executor is closed; create a new one to run more code");
        }
    }

    /** Closing the session kills its worker (and, through its PID namespace, everything the code started). */
    private final class Session implements ExecutionSession {
        private final WorkerSession delegate;
        private final WorkerPool pool;
        private final Path workspace;
        private boolean done;

        Session(WorkerSession delegate, WorkerPool pool, Path workspace) {
            this.delegate = delegate;
            this.pool = pool;
            this.workspace = workspace;
        }

        @Override
        public Path workspace() {
            return workspace;
        }

        @Override
        public ExecutionResult execute(ExecutionRequest request) {
            return delegate.execute(request);
        }

        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            try {
                delegate.close();
            } finally {
                pool.close();
                open.remove(pool);
                permits.release();
            }
        }
    }
}
