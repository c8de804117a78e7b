package io.github.deepanalyze.worker;

import io.github.deepanalyze.common.ExecutorException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded pool of worker processes. A session holds a permit (one of {@code maxWorkers}) for its
 * whole life; permits are handed out first come, first served. Idle workers are kept warm and
 * reset between sessions; worn or broken ones are killed and replaced in the background.
 * Thread-safe.
 */
final class WorkerPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    private final Supplier<WorkerProcess> factory;
    private final int maxWorkers;
    private final int warmWorkers;
    private final int maxBlocksPerWorker;
    private final long maxRssKb;
    private final Duration resetTimeout;
    private final Semaphore permits;
    private final Deque<WorkerProcess> idle = new ArrayDeque<>();
    private final Set<WorkerProcess> live = ConcurrentHashMap.newKeySet();
    /** Launched, not ready yet: close() kills them rather than waiting for their start. Guarded by lock. */
    private final Set<WorkerProcess> starting = new HashSet<>();
    private final Object lock = new Object();
    /** Live plus starting processes; never above maxWorkers. Guarded by lock. */
    private int reserved;
    /** Background (warm) starts in flight. Guarded by lock. */
    private int warming;
    private final ExecutorService spawner;
    private volatile boolean closed;

    WorkerPool(Supplier<WorkerProcess> factory, int maxWorkers, int warmWorkers, int maxBlocksPerWorker,
            long maxRssKb, Duration resetTimeout) {
        this.factory = factory;
        this.maxWorkers = maxWorkers;
        this.warmWorkers = Math.min(warmWorkers, maxWorkers);
        this.maxBlocksPerWorker = maxBlocksPerWorker;
        this.maxRssKb = maxRssKb;
        this.resetTimeout = resetTimeout;
        this.permits = new Semaphore(maxWorkers, true);
        this.spawner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "deepanalyze-worker-spawner");
            t.setDaemon(true);
            return t;
        });
        topUp();
    }

    /** Waits (FIFO) for a permit, then returns a warm worker or starts one. */
    WorkerProcess acquire(Duration timeout) {
        ensureOpen();
        try {
            if (!permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new ExecutorException("all " + maxWorkers + " workers stayed busy for " + timeout.toMillis()
                        + " ms; raise poolSize(...) or acquireTimeout(...), or close finished sessions");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutorException("interrupted while waiting for a worker", e);
        }
        try {
            return workerForPermit();
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** A worker for a caller that already holds a permit (after its previous worker was retired). */
    WorkerProcess workerForPermit() {
        while (true) {
            ensureOpen();
            WorkerProcess w;
            synchronized (lock) {
                w = idle.pollFirst();
                if (w == null) {
                    if (reserved < maxWorkers) {
                        reserved++;
                        break;
                    }
                    // every slot is taken by a process that is starting in the background: it lands in idle
                    try {
                        lock.wait(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new ExecutorException("interrupted while waiting for a worker", e);
                    }
                    continue;
                }
            }
            if (w.isAlive()) {
                topUp();
                return w;
            }
            retire(w);
        }
        try {
            return spawnReserved();
        } catch (RuntimeException e) {
            unreserve();
            throw e;
        }
    }

    /** Gives back a session's worker (possibly null or dead) and its permit. */
    void release(WorkerProcess w) {
        try {
            if (w != null) {
                if (!closed && reusable(w) && reset(w)) {
                    synchronized (lock) {
                        idle.addLast(w);
                        lock.notifyAll();
                    }
                    if (closed) {
                        retire(w);
                    }
                } else {
                    retire(w);
                }
            }
        } finally {
            permits.release();
            topUp();
        }
    }

    /** Kills a worker and forgets it. */
    void retire(WorkerProcess w) {
        boolean wasLive = live.remove(w);
        synchronized (lock) {
            idle.remove(w);
        }
        if (wasLive) {
            unreserve();
        }
        w.kill();
        w.deleteScratch();
    }

    int liveWorkers() {
        return live.size();
    }

    int idleWorkers() {
        synchronized (lock) {
            return idle.size();
        }
    }

    /** PIDs of all live workers (the processes the SDK started, not their children). */
    List<Long> livePids() {
        List<Long> out = new ArrayList<>();
        for (WorkerProcess w : live) {
            out.add(w.pid());
        }
        return out;
    }

    /**
     * Kills every worker, idle, in use or still starting, all at once, and returns when they are
     * gone. Does not wait for background starts: their processes are killed like the others, and
     * the interrupted start gives up. Leaves the workers' scratch directories to the owner, which
     * deletes the directory they live in.
     */
    @Override
    public void close() {
        List<WorkerProcess> doomed;
        synchronized (lock) {
            closed = true;
            doomed = new ArrayList<>(live);
            doomed.addAll(starting);
            live.clear();
            idle.clear();
            lock.notifyAll();
        }
        spawner.shutdownNow();
        WorkerProcess.killAll(doomed, WorkerProcess.KILL_WAIT); // their directories go with the executor's
    }

    private boolean reusable(WorkerProcess w) {
        if (!w.isAlive() || w.retireRequested()) {
            return false;
        }
        if (maxBlocksPerWorker > 0 && w.blocksRun() >= maxBlocksPerWorker) {
            LOG.debug("recycling worker {} after {} blocks", w.pid(), w.blocksRun());
            return false;
        }
        if (maxRssKb > 0 && w.lastRssKb() > maxRssKb) {
            LOG.debug("recycling worker {}: resident set {} kB exceeds {} kB", w.pid(), w.lastRssKb(), maxRssKb);
            return false;
        }
        return true;
    }

    private boolean reset(WorkerProcess w) {
        try {
            w.killStrays();
            var resp = w.call(WorkerProcess.request("reset"), resetTimeout);
            return resp != null && "ok".equals(resp.path("type").asText())
                    && !(maxRssKb > 0 && w.lastRssKb() > maxRssKb);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void unreserve() {
        synchronized (lock) {
            reserved--;
            lock.notifyAll();
        }
    }

    /** Starts a process for a slot already counted in {@code reserved}; the caller releases the slot if this throws. */
    private WorkerProcess spawnReserved() {
        WorkerProcess w = factory.get();
        // close() flips closed under the same lock, so w is either seen by close or killed here
        boolean closedAlready;
        synchronized (lock) {
            closedAlready = closed;
            if (!closedAlready) {
                starting.add(w);
            }
        }
        if (closedAlready) {
            discard(w);
            throw closedException();
        }
        try {
            w.awaitReady();
        } catch (RuntimeException e) {
            boolean closedMeanwhile;
            synchronized (lock) {
                starting.remove(w);
                closedMeanwhile = closed;
            }
            discard(w);
            throw closedMeanwhile ? closedException() : e;
        }
        synchronized (lock) {
            starting.remove(w);
            if (!closed) {
                live.add(w);
                return w;
            }
        }
        discard(w);
        throw closedException();
    }

    private static void discard(WorkerProcess w) {
        w.kill();
        w.deleteScratch();
    }

    /** Starts background workers until {@code warmWorkers} are idle, never exceeding {@code maxWorkers} processes. */
    private void topUp() {
        synchronized (lock) {
            if (closed || idle.size() + warming >= warmWorkers || reserved >= maxWorkers) {
                return;
            }
            reserved++;
            warming++;
        }
        try {
            spawner.execute(() -> {
                WorkerProcess w = null;
                try {
                    w = spawnReserved();
                } catch (RuntimeException e) {
                    if (!closed) {
                        LOG.warn("could not pre-start a warm worker: {}", e.getMessage());
                    }
                }
                synchronized (lock) {
                    warming--;
                    if (w == null) {
                        reserved--;
                    } else if (live.contains(w)) {
                        idle.addLast(w);
                    }
                    lock.notifyAll();
                }
                if (w != null) {
                    topUp();
                }
            });
        } catch (RejectedExecutionException e) {
            synchronized (lock) {
                warming--;
                reserved--;
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw closedException();
        }
    }

    private static ExecutorException closedException() {
        return new ExecutorException("the executor is closed; create a new one to run more code");
    }
}
