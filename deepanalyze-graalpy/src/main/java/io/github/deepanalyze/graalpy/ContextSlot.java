package io.github.deepanalyze.graalpy;

import io.github.deepanalyze.common.ExecutorException;
import io.github.deepanalyze.execution.PythonError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * One sandboxed GraalPy context and the one daemon thread that runs everything in it. A block
 * runs on that thread so the caller can always walk away: if the guest ignores interruption and
 * cancellation, the caller abandons context and thread together and never touches them again.
 *
 * <p>Lifecycle: created and warmed up (bootstrap, common imports) in a pool, then bound to one
 * session's workspace, then closed when the session ends or the slot is poisoned. Never reused
 * across sessions, so nothing a block does to modules or builtins leaks into another analysis.
 */
final class ContextSlot {
    private static final long STACK_BYTES = 16L << 20;

    /** Only {@code @HostAccess.Export} members of the objects the SDK binds, plus list access to their results. */
    static final HostAccess HOST_ACCESS = HostAccess.newBuilder()
            .allowAccessAnnotatedBy(HostAccess.Export.class)
            .allowListAccess(true)
            .allowArrayAccess(true)
            .allowBufferAccess(true)
            .build();

    private static final Source DISCARD_PENDING_OUTPUT = Source.create("python",
            "(lambda sys: [s.flush() for s in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__) "
                    + "if hasattr(s, 'flush')])(__import__('sys'))");

    final WorkspaceFileSystem fs;
    final CapturedOutput out = new CapturedOutput();
    final CapturedOutput err = new CapturedOutput();
    private final ExecutorService thread;
    private final SqliteBridge sqlite;
    private Context context;
    private Value runner;
    private volatile boolean poisoned;
    private volatile boolean abandoned;

    private ContextSlot(GraalPyExecutor.Config config, long id) {
        this.fs = new WorkspaceFileSystem(config.pythonPath());
        this.sqlite = new SqliteBridge(fs);
        String name = "graalpy-context-" + id;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, name, STACK_BYTES);
            t.setDaemon(true);
            return t;
        });
    }

    /** Builds and warms up a context on its own thread; blocks until it is ready. */
    static ContextSlot create(GraalPyExecutor.Config config, long id) {
        ContextSlot slot = new ContextSlot(config, id);
        try {
            slot.thread.submit(() -> slot.init(config)).get();
            return slot;
        } catch (ExecutionException e) {
            slot.thread.shutdownNow();
            throw new ExecutorException("could not start a GraalPy context: " + e.getCause()
                    + " (check that org.graalvm.polyglot:python " + "is on the class path and the JVM is Java 21+)", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            slot.thread.shutdownNow();
            throw new ExecutorException("interrupted while starting a GraalPy context", e);
        }
    }

    private Void init(GraalPyExecutor.Config config) {
        Context.Builder b = Context.newBuilder("python")
                .engine(config.engine())
                .allowIO(IOAccess.newBuilder().fileSystem(fs).build())
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowCreateThread(false)
                .allowHostClassLookup(className -> false)
                .allowHostClassLoading(false)
                .allowHostAccess(HOST_ACCESS)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowInnerContextOptions(false)
                .in(InputStream.nullInputStream())
                .out(out)
                .err(err)
                .option("python.DontWriteBytecodeFlag", "true");
        if (!config.pythonPath().isEmpty()) {
            b.option("python.PythonPath", String.join(":", config.pythonPath().stream().map(Object::toString).toList()));
        }
        if (config.statementLimit() > 0) {
            b.resourceLimits(ResourceLimits.newBuilder().statementLimit(config.statementLimit(), null).build());
        }
        context = b.build();
        Value bindings = context.getBindings("python");
        bindings.putMember("_da_sqlite_src", resource("sqlite3.py"));
        bindings.putMember("_da_openpyxl_src", resource("openpyxl.py"));
        bindings.putMember("_da_sqlite_host", sqlite);
        bindings.putMember("_da_xlsx_host", new XlsxBridge(fs));
        bindings.putMember("_da_warm_modules", String.join(",", config.warmModules()));
        context.eval(Source.newBuilder("python", resource("bootstrap.py"), "<deepanalyze-bootstrap>").buildLiteral());
        runner = bindings.getMember("_da_run");
        return null;
    }

    private static String resource(String name) {
        try (InputStream in = ContextSlot.class.getResourceAsStream("python/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource python/" + name + " in deepanalyze-graalpy");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts one block; the future yields the Python error (with the runner's remedy for a missing
     * module as its hint), or null on success.
     */
    Future<PythonError> run(String code, boolean notebook, String hint) {
        String cwd = fs.root().toString();
        return thread.submit(() -> {
            context.resetLimits();
            Value r = runner.execute(code, notebook, cwd, hint);
            if (r.isNull()) {
                return null;
            }
            if (!r.isString() && r.hasArrayElements()) { // (traceback, remedy)
                return PythonError.parse(r.getArrayElement(0).asString()).withHint(r.getArrayElement(1).asString());
            }
            return PythonError.parse(r.asString());
        });
    }

    /**
     * Asks the running block to stop and waits up to {@code grace}.
     *
     * @return whether the guest acknowledged the interrupt
     */
    boolean interrupt(Duration grace) {
        try {
            context.interrupt(grace);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (RuntimeException e) {
            return false; // already closed or closing
        }
    }

    /** Cancels the context from a helper daemon thread, because close(true) itself may never return. */
    void cancelAsync() {
        poisoned = true;
        Thread t = new Thread(() -> {
            try {
                context.close(true);
            } catch (RuntimeException ignored) {
                // cancelling a context that is already gone
            }
            thread.shutdown();
        }, "graalpy-context-cancel");
        t.setDaemon(true);
        t.start();
    }

    /** Closes the context on its own thread (bounded wait) and stops the thread. */
    void close() {
        if (abandoned) {
            return;
        }
        Future<?> f = thread.submit(() -> {
            sqlite.closeAll();
            try {
                context.close(poisoned);
            } catch (RuntimeException ignored) {
                // a poisoned context may refuse a graceful close; it is dropped either way
            }
        });
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            cancelAsync();
        } catch (ExecutionException e) {
            // nothing more to release
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.shutdown();
    }

    /**
     * After a block was interrupted: flushes what it left in Python's stream buffers while nothing
     * captures it, so that output is dropped instead of leaking into the next block's stdout (an
     * interrupt skips the block's own final flush). One expression, so the context's globals stay
     * untouched. Poisons the slot if the flush fails or does not end within {@code grace}.
     */
    void discardPendingOutput(Duration grace) {
        Future<?> f = thread.submit(() -> context.eval(DISCARD_PENDING_OUTPUT));
        try {
            f.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            poisoned = true;
        } catch (ExecutionException e) {
            poisoned = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            poisoned = true;
        }
    }

    void poison() {
        poisoned = true;
    }

    boolean isPoisoned() {
        return poisoned;
    }

    /** Gives up on a context whose thread will not stop; it is never touched again. */
    void abandon() {
        poisoned = true;
        abandoned = true;
        thread.shutdown();
    }
}
