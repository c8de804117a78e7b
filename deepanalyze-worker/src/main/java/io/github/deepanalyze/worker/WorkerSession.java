package io.github.deepanalyze.worker;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.deepanalyze.common.Cancellation;
import io.github.deepanalyze.common.ExecutorException;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A session that keeps one worker for its whole life: an analysis runs its blocks one after
 * another, NOTEBOOK mode needs the interpreter's state to survive between blocks, and borrowing
 * per block would add a reset round trip to every block for no gain. When a block times out, is
 * cancelled or kills the worker, the worker is replaced before the next block (NOTEBOOK state is
 * lost then: the crashed result's detail says so, and the next block's result has
 * {@link ExecutionResult#stateLost()} set). Not thread-safe, like every session.
 */
final class WorkerSession implements ExecutionSession {
    private final WorkerPool pool;
    private final Path workspace;
    private final ExecutionMode mode;
    private final Duration grace;
    private WorkerProcess worker;
    private boolean closed;

    WorkerSession(WorkerPool pool, WorkerProcess worker, Path workspace, ExecutionMode mode, Duration grace) {
        this.pool = pool;
        this.worker = worker;
        this.workspace = workspace;
        this.mode = mode;
        this.grace = grace;
    }

    @Override
    public Path workspace() {
        return workspace;
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) {
        if (closed) {
            throw new IllegalStateException("this worker session over " + workspace
                    + " is closed; open a new one with CodeExecutor.openSession");
        }
        Cancellation cancellation = request.cancellation();
        if (cancellation.isCancelled()) {
            return cancelled("", "", Duration.ZERO);
        }
        boolean stateLost = false;
        if (worker == null || !worker.isAlive()) {
            if (worker != null) {
                pool.retire(worker);
                worker = null;
            }
            worker = pool.workerForPermit();
            stateLost = mode == ExecutionMode.NOTEBOOK; // the result says so: the model must re-load its data
        }
        WorkerProcess w = worker;
        ObjectNode req = WorkerProcess.request("exec");
        req.put("code", request.code());
        req.put("cwd", workspace.toString());
        req.put("timeout_s", request.timeout().toMillis() / 1000.0);
        req.put("max_output", request.maxOutputChars());
        req.put("mode", mode == ExecutionMode.NOTEBOOK ? "notebook" : "script");

        AtomicBoolean cancelledNow = new AtomicBoolean();
        long start = System.nanoTime();
        ExecutionResult result;
        try (Cancellation.Registration ignored = cancellation.onCancel(() -> {
            cancelledNow.set(true);
            w.kill();
        })) {
            JsonNode resp;
            try {
                resp = w.call(req, request.timeout().plus(grace));
            } catch (WorkerProcess.WorkerDiedException e) {
                Duration d = elapsed(start);
                String[] captured = readCaptures(w, request.maxOutputChars());
                discardWorker();
                if (cancelledNow.get()) {
                    result = cancelled(captured[0], captured[1], d);
                } else {
                    result = ExecutionResult.crashed(captured[0], captured[1],
                            "the Python worker process died while running this block (" + e.getMessage()
                                    + "); a fresh worker runs the next block" + notebookNote(),
                            w.exitCode(), d);
                }
                return result.withStateLost(stateLost);
            }
            Duration d = elapsed(start);
            if (resp == null) {
                // the soft deadline inside the worker did not stop the code: kill it
                String[] captured = readCaptures(w, request.maxOutputChars());
                discardWorker();
                result = cancelledNow.get() ? cancelled(captured[0], captured[1], d)
                        : ExecutionResult.timeout(captured[0], captured[1], request.timeout(), d);
            } else {
                result = toResult(resp, request.timeout(), d);
            }
        }
        return result.withStateLost(stateLost);
    }

    private ExecutionResult toResult(JsonNode resp, Duration limit, Duration d) {
        if (!"result".equals(resp.path("type").asText())) {
            discardWorker();
            throw new ExecutorException("the worker answered an exec request with " + resp
                    + "; the runner and the SDK disagree about the protocol. Use the runner bundled with this SDK.");
        }
        String out = resp.path("stdout").asText("");
        String err = resp.path("stderr").asText("");
        boolean truncated = resp.path("truncated").asBoolean(false);
        ExecutionResult r = switch (resp.path("outcome").asText()) {
            case "success" -> ExecutionResult.success(out, err, d);
            case "timeout" -> {
                worker.killStrays(); // what the stopped block started must not outlive it
                yield ExecutionResult.timeout(out, err, limit, d);
            }
            default -> {
                String tb = resp.path("error").asText("");
                if (tb.contains("MemoryError")) {
                    worker.requestRetire(); // its heap may be fragmented or half-full: replace it between sessions
                }
                yield ExecutionResult.error(out, err, tb, d);
            }
        };
        return r.withTruncated(truncated);
    }

    private void discardWorker() {
        if (worker != null) {
            pool.retire(worker);
            worker = null;
        }
    }

    private String notebookNote() {
        return mode == ExecutionMode.NOTEBOOK ? " (variables from earlier blocks are gone)" : "";
    }

    private static ExecutionResult cancelled(String out, String err, Duration d) {
        return ExecutionResult.cancelled(out, err, d);
    }

    /** What a killed block had printed so far: the runner's capture files survive the process. */
    private static String[] readCaptures(WorkerProcess w, int cap) {
        return new String[] {readCapped(w.scratch().resolve("block.out"), cap), readCapped(w.scratch().resolve("block.err"), cap)};
    }

    private static String readCapped(Path file, int cap) {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, cap * 4L));
            String s = new String(bytes, StandardCharsets.UTF_8);
            return s.length() > cap ? s.substring(0, cap) : s;
        } catch (IOException e) {
            return "";
        }
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        WorkerProcess w = worker;
        worker = null;
        pool.release(w);
    }
}
