package io.github.deepanalyze.graalpy;

import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionResult.Outcome;
import io.github.deepanalyze.execution.ExecutionSession;
import io.github.deepanalyze.execution.PythonError;
import java.nio.file.Path;
import java.time.Duration;
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
            return ExecutionResult.cancelled("", "", Duration.ZERO);
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
        Future<PythonError> future = s.run(request.code(), notebook, hint);
        long deadline = start + request.timeout().toNanos();
        Outcome stopped = null;
        PythonError failure = null;
        Classified classified = null;
        while (true) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    stopped = Outcome.TIMEOUT;
                    break;
                }
                failure = future.get(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, POLL_MILLIS), TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException e) {
                if (request.cancellation().isCancelled()) {
                    stopped = Outcome.CANCELLED;
                    break;
                }
            } catch (ExecutionException e) {
                classified = classify(e.getCause(), config);
                if (classified.poison) {
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
        if (stopped != null && !s.isPoisoned()) {
            s.discardPendingOutput(config.interruptGrace()); // with capture off: a flood's buffered tail is dropped
        }
        String stdout = out.text();
        boolean truncated = out.truncated() || err.truncated();
        ExecutionResult result;
        if (stopped == Outcome.TIMEOUT) {
            result = ExecutionResult.timeout(stdout, err.text(), request.timeout(), took);
        } else if (stopped == Outcome.CANCELLED) {
            result = ExecutionResult.cancelled(stdout, err.text(), took);
        } else if (classified != null) {
            result = classified.result(stdout, err.text(), took);
        } else if (failure == null) {
            result = ExecutionResult.success(stdout, err.text(), took);
        } else {
            result = ExecutionResult.error(stdout, err.text(), failure, took);
        }
        return result.withTruncated(truncated).withStateLost(lostState);
    }

    /** Interrupt, then cancel, then abandon: the caller returns within the two grace periods. */
    private void stop(ContextSlot s, Future<PythonError> future, GraalPyExecutor.Config config) {
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

    /**
     * A failure the interpreter raised instead of returning: what it means for the block, and
     * whether the context is spent. {@code text} is a Python traceback for ERROR and for a limit
     * Python reported itself ({@code pythonError}), else a plain detail sentence.
     */
    private record Classified(Outcome outcome, String text, boolean pythonError, boolean poison) {
        Classified(Outcome outcome, String text, boolean poison) {
            this(outcome, text, outcome == Outcome.ERROR, poison);
        }

        /** A resource limit that surfaced as a Python exception: the model sees the exception, as Python prints it. */
        static Classified pythonLimit(String exceptionLine) {
            return new Classified(Outcome.RESOURCE_EXHAUSTED, exceptionLine, true, true);
        }

        ExecutionResult result(String stdout, String stderr, Duration took) {
            return switch (outcome) {
                case ERROR -> ExecutionResult.error(stdout, stderr, text, took);
                case CRASHED -> ExecutionResult.crashed(stdout, stderr, text, -1, took);
                case RESOURCE_EXHAUSTED -> pythonError
                        ? ExecutionResult.resourceExhausted(stdout, stderr, PythonError.parse(text), took)
                        : ExecutionResult.resourceExhausted(stdout, stderr, text, took);
                default -> throw new AssertionError(outcome);
            };
        }
    }

    private static Classified classify(Throwable t, GraalPyExecutor.Config config) {
        if (t instanceof PolyglotException pe) {
            if (pe.isResourceExhausted()) {
                return new Classified(Outcome.RESOURCE_EXHAUSTED, String.valueOf(pe.getMessage()), true);
            }
            if (pe.isInterrupted() || pe.isCancelled()) {
                return new Classified(Outcome.CRASHED, "the interpreter was stopped: " + pe.getMessage(), true);
            }
            if (config.statementLimit() > 0 && (pe.isInternalError() || String.valueOf(pe.getMessage()).contains("Statement count limit"))) {
                // GraalPy 25.0 surfaces the statement limit as an internal IllegalMonitorStateException
                return new Classified(Outcome.RESOURCE_EXHAUSTED,
                        "Statement count limit of " + config.statementLimit() + " exceeded", true);
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
                return new Classified(Outcome.CRASHED, "internal interpreter error: " + pe.getMessage(), true);
            }
            return new Classified(Outcome.ERROR, String.valueOf(pe.getMessage()), false);
        }
        if (t instanceof StackOverflowError) {
            return Classified.pythonLimit("RecursionError: maximum recursion depth exceeded");
        }
        if (t instanceof OutOfMemoryError) {
            return Classified.pythonLimit("MemoryError: the host JVM ran out of memory");
        }
        return new Classified(Outcome.CRASHED, String.valueOf(t), true);
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
