package io.github.deepanalyze.graalpy;

import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionResult.Outcome;
import io.github.deepanalyze.execution.ExecutionSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.graalvm.polyglot.PolyglotException;

/**
 * One analysis' view of the GraalPy executor: a warmed context bound to the workspace. If a block
 * poisons the context (cancelled, resource limit, internal error), the next block gets a fresh one.
 * Not thread-safe, as {@link ExecutionSession} allows.
 */
final class GraalPySession implements ExecutionSession {
    private static final long POLL_MILLIS = 25;

    private final GraalPyExecutor executor;
    private final Path workspace;
    private final Path realWorkspace;
    private final boolean notebook;
    private ContextSlot slot;
    private boolean closed;

    GraalPySession(GraalPyExecutor executor, Path workspace, Path realWorkspace, ExecutionMode mode) {
        this.executor = executor;
        this.workspace = workspace;
        this.realWorkspace = realWorkspace;
        this.notebook = mode == ExecutionMode.NOTEBOOK;
        this.slot = bind(executor.acquire());
    }

    private ContextSlot bind(ContextSlot s) {
        s.fs.bind(realWorkspace);
        return s;
    }

    @Override
    public Path workspace() {
        return workspace;
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) {
        if (closed) {
            throw new IllegalStateException("this GraalPy session over " + workspace
                    + " is closed; open a new one with CodeExecutor.openSession");
        }
        executor.checkUsable();
        if (request.cancellation().isCancelled()) {
            return new ExecutionResult("", "", Outcome.CANCELLED, "[Cancelled]: the analysis was cancelled", -1,
                    Duration.ZERO, List.of(), false);
        }
        boolean lostState = false;
        if (slot == null || slot.isPoisoned()) {
            if (slot != null) {
                slot.close();
            }
            slot = null;
            slot = bind(executor.acquire());
            lostState = notebook;
        }
        ContextSlot s = slot;
        GraalPyExecutor.Config config = executor.config();
        long start = System.nanoTime();
        s.out.begin(request.maxOutputChars());
        s.err.begin(request.maxOutputChars());
        String hint = GraalPyExecutor.DEFAULT_HINT;
        String prefix = lostState ? "[Note]: the previous block's interpreter was discarded; notebook variables were reset.\n" : "";
        Future<String> future = s.run(request.code(), notebook, hint);
        long deadline = start + request.timeout().toNanos();
        Outcome stopped = null;
        String failure = null;
        Outcome failureOutcome = null;
        while (true) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    stopped = Outcome.TIMEOUT;
                    break;
                }
                failure = future.get(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, POLL_MILLIS), TimeUnit.MILLISECONDS);
                failureOutcome = failure == null ? Outcome.SUCCESS : Outcome.ERROR;
                break;
            } catch (TimeoutException e) {
                if (request.cancellation().isCancelled()) {
                    stopped = Outcome.CANCELLED;
                    break;
                }
            } catch (ExecutionException e) {
                Classified c = classify(e.getCause(), config);
                failure = c.text;
                failureOutcome = c.outcome;
                if (c.poison) {
                    s.poison();
                }
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = Outcome.CANCELLED;
                break;
            }
        }
        if (stopped != null) {
            stop(s, future, config);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        CapturedOutput.Captured out = s.out.end();
        CapturedOutput.Captured err = s.err.end();
        String stdout = prefix + out.text();
        boolean truncated = out.truncated() || err.truncated();
        ExecutionResult result;
        if (stopped == Outcome.TIMEOUT) {
            result = ExecutionResult.timeout(stdout, err.text(), request.timeout(), took);
        } else if (stopped == Outcome.CANCELLED) {
            result = new ExecutionResult(stdout, err.text(), Outcome.CANCELLED, "[Cancelled]: the analysis was cancelled",
                    -1, took, List.of(), false);
        } else if (failureOutcome == Outcome.SUCCESS) {
            result = ExecutionResult.success(stdout, err.text(), took);
        } else if (failureOutcome == Outcome.ERROR) {
            result = ExecutionResult.error(stdout, err.text(), failure, took);
        } else {
            result = new ExecutionResult(stdout, err.text(), failureOutcome, failure, -1, took, List.of(), false);
        }
        return result.withTruncated(truncated);
    }

    /** Interrupt, then cancel, then abandon: the caller returns within the two grace periods. */
    private void stop(ContextSlot s, Future<String> future, GraalPyExecutor.Config config) {
        if (s.interrupt(config.interruptGrace()) && awaitDone(future, Duration.ofSeconds(1))) {
            return; // interrupted cleanly: the context stays usable
        }
        s.cancelAsync();
        if (!awaitDone(future, config.cancelGrace())) {
            executor.abandoned(s);
        }
        s.poison();
    }

    private static boolean awaitDone(Future<?> f, Duration max) {
        try {
            f.get(max.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return f.isDone();
        }
    }

    private record Classified(Outcome outcome, String text, boolean poison) {
    }

    private static Classified classify(Throwable t, GraalPyExecutor.Config config) {
        if (t instanceof PolyglotException pe) {
            if (pe.isResourceExhausted()) {
                return new Classified(Outcome.RESOURCE_EXHAUSTED, "[ResourceExhausted]: " + pe.getMessage(), true);
            }
            if (pe.isInterrupted() || pe.isCancelled()) {
                return new Classified(Outcome.CRASHED, "[Crashed]: the interpreter was stopped: " + pe.getMessage(), true);
            }
            if (config.statementLimit() > 0 && (pe.isInternalError() || String.valueOf(pe.getMessage()).contains("Statement count limit"))) {
                // GraalPy 25.0 surfaces the statement limit as an internal IllegalMonitorStateException
                return new Classified(Outcome.RESOURCE_EXHAUSTED,
                        "[ResourceExhausted]: Statement count limit of " + config.statementLimit() + " exceeded", true);
            }
            if (pe.isHostException()) {
                Throwable host = pe.asHostException();
                String name = host instanceof SecurityException ? "PermissionError" : host.getClass().getSimpleName();
                return new Classified(Outcome.ERROR, "Traceback (most recent call last):\n  File \"<string>\", in <module>\n"
                        + name + ": " + host.getMessage(), false);
            }
            if (pe.isInternalError()) {
                String m = String.valueOf(pe.getMessage());
                if (m.contains("SecurityException") || m.contains("not allowed") || m.contains("was excluded")) {
                    // a sandbox denial GraalPy did not turn into a Python exception
                    return new Classified(Outcome.ERROR, "Traceback (most recent call last):\n  File \"<string>\", in <module>\n"
                            + "PermissionError: [Errno 1] Operation not permitted: " + m, true);
                }
                return new Classified(Outcome.CRASHED, "[Crashed]: internal interpreter error: " + pe.getMessage(), true);
            }
            return new Classified(Outcome.ERROR, String.valueOf(pe.getMessage()), false);
        }
        if (t instanceof StackOverflowError) {
            return new Classified(Outcome.RESOURCE_EXHAUSTED, "RecursionError: maximum recursion depth exceeded", true);
        }
        if (t instanceof OutOfMemoryError) {
            return new Classified(Outcome.RESOURCE_EXHAUSTED, "MemoryError: the host JVM ran out of memory", true);
        }
        return new Classified(Outcome.CRASHED, "[Crashed]: " + t, true);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        executor.sessionClosed(this);
        if (slot != null) {
            slot.close();
            slot = null;
        }
    }

    /** Called by the executor's close, possibly from another thread. */
    void closeQuietly() {
        ContextSlot s = slot;
        if (s != null) {
            s.cancelAsync();
        }
    }
}
