package io.github.deepanalyze.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.deepanalyze.common.ExecutorException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One worker process speaking the runner protocol (see {@code runner.py}) over its stdin/stdout.
 * Used by one thread at a time (the pool hands it to one session); {@link #kill()} may be called
 * from any thread (cancellation, executor close).
 */
final class WorkerProcess {
    static final int PROTOCOL_VERSION = 1;
    private static final String EOF = "\u0000EOF";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long READY_POLL_MILLIS = 20;
    /** Bound on waiting for killed processes to disappear; SIGKILL usually takes a few milliseconds. */
    static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final long EXIT_DRAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Process process;
    private final Path scratch;
    private final BufferedWriter stdin;
    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final AtomicLong ids = new AtomicLong();
    private final List<String> command;
    private final Duration startupTimeout;
    /** What to check when the worker fails to start, appended to the error. */
    private final String startupHint;
    private final boolean wrapped;
    private final String executable;
    private volatile JsonNode ready;
    private volatile boolean dead;
    private int blocksRun;
    private long lastRssKb;
    private boolean retireRequested;

    private WorkerProcess(Process process, List<String> command, Path scratch, Duration startupTimeout,
            String startupHint, boolean wrapped, String executable) {
        this.process = process;
        this.command = command;
        this.startupTimeout = startupTimeout;
        this.startupHint = startupHint;
        this.wrapped = wrapped;
        this.executable = executable;
        this.scratch = scratch;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(this::readFrames, "deepanalyze-worker-" + process.pid() + "-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a worker process without waiting for it: call {@link #awaitReady} next. Keeping the
     * two apart lets the owner register the process first, so that a {@code close()} of the
     * executor can kill a worker that is still starting instead of waiting for it.
     */
    static WorkerProcess launch(List<String> command, Map<String, String> env, Path scratch, Duration startupTimeout,
            String startupHint, boolean wrapped, Path interpreter) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.directory(scratch.toFile());
        pb.redirectError(scratch.resolve("worker.log").toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ExecutorException("could not start the worker process " + abbreviate(String.join(" ", command), 500)
                    + ": " + e.getMessage() + ". Check that " + interpreter + " exists and is executable.", e);
        }
        String executable;
        try {
            executable = interpreter.toRealPath().toString();
        } catch (IOException e) {
            executable = interpreter.toString();
        }
        return new WorkerProcess(p, List.copyOf(command), scratch, startupTimeout, startupHint, wrapped, executable);
    }

    /**
     * Waits for the ready frame. Fails at once, with the exit code and the end of the worker's
     * stderr, when the process exits first; after the start-up timeout when it stays silent.
     *
     * @throws ExecutorException if the worker is not ready; it is killed then
     */
    void awaitReady() {
        Duration timeout = startupTimeout;
        String hint = startupHint;
        long deadline = System.nanoTime() + timeout.toNanos();
        long exitedAt = 0;
        try {
            while (true) {
                String line = frames.poll(READY_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (line != null && !line.equals(EOF)) {
                    JsonNode frame = parse(line);
                    if ("ready".equals(frame.path("type").asText())) {
                        this.ready = frame;
                        return;
                    }
                    throw startFailure("sent " + abbreviate(line, 300) + " instead of its ready frame", hint);
                }
                // the channel can stay open after the process exited (a descendant holds it): go by the exit too,
                // after a moment for the reader to hand over what the process wrote before it exited
                long now = System.nanoTime();
                if (line != null || (exitedAt != 0 && now - exitedAt > EXIT_DRAIN_NANOS)) {
                    throw startFailure(startExit(), hint);
                }
                if (exitedAt == 0 && !process.isAlive()) {
                    exitedAt = now;
                }
                if (now - deadline > 0) {
                    throw startFailure("did not become ready within " + timeout.toSeconds() + " s", hint);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new ExecutorException("interrupted while waiting for the worker process " + process.pid() + " to start", e);
        } catch (ExecutorException e) {
            kill();
            throw e;
        }
    }

    private String startExit() {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.isAlive() ? "closed its output while starting"
                : "exited with code " + process.exitValue() + " while starting, before it was ready";
    }

    private ExecutorException startFailure(String what, String hint) {
        String log = tail(scratch.resolve("worker.log"));
        return new ExecutorException("the worker process " + process.pid() + " (" + abbreviate(String.join(" ", command), 500)
                + ") " + what + "; " + (log.isEmpty() ? "its stderr was empty" : "its stderr ended with: " + log)
                + ". " + hint);
    }

    /** The ready frame: implementation, version, preloaded modules, capabilities. */
    JsonNode ready() {
        return ready;
    }

    Path scratch() {
        return scratch;
    }

    long pid() {
        return process.pid();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    int blocksRun() {
        return blocksRun;
    }

    long lastRssKb() {
        return lastRssKb;
    }

    /** Marks this worker to be replaced instead of reused (e.g. after a MemoryError). */
    void requestRetire() {
        retireRequested = true;
    }

    boolean retireRequested() {
        return retireRequested;
    }

    boolean isAlive() {
        return !dead && process.isAlive();
    }

    /**
     * Sends {@code request} (a frame without {@code v}/{@code id}) and waits up to {@code timeout}.
     *
     * @return the response, or {@code null} if none came in time (the caller kills the worker)
     * @throws WorkerDiedException if the process exited or closed its channel
     */
    JsonNode call(ObjectNode request, Duration timeout) {
        long id = ids.incrementAndGet();
        request.put("v", PROTOCOL_VERSION);
        request.put("id", id);
        try {
            stdin.write(JSON.writeValueAsString(request));
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw new WorkerDiedException(exitDescription());
        }
        if ("exec".equals(request.path("type").asText())) {
            blocksRun++;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            String line;
            try {
                line = frames.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (line == null) {
                return null;
            }
            if (line.equals(EOF)) {
                frames.offer(EOF);
                throw new WorkerDiedException(exitDescription());
            }
            JsonNode frame = parse(line);
            if (frame.path("id").asLong(-1) == id) {
                if (frame.has("rss_kb") && frame.get("rss_kb").isNumber()) {
                    lastRssKb = frame.get("rss_kb").asLong();
                }
                return frame;
            }
            // a frame for an earlier request: impossible in normal operation; ignore it
        }
    }

    static ObjectNode request(String type) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", type);
        return n;
    }

    /** Asks the worker to exit, waiting briefly; kills it if it does not. */
    void shutdown(Duration wait) {
        if (isAlive()) {
            try {
                call(request("shutdown"), wait);
                process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (WorkerDiedException e) {
                // already gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kill();
    }

    /**
     * Kills the processes the model's code started and left running (background jobs, daemons in
     * the worker's PID namespace are covered by the kill at worker exit), keeping the interpreter.
     */
    void killStrays() {
        ProcessHandle root = process.toHandle();
        // under a sandbox wrapper (unshare --fork, bwrap) the interpreter is a descendant of the wrapper
        ProcessHandle interpreter = root;
        if (wrapped) {
            interpreter = root.descendants()
                    .filter(h -> h.info().command().map(c -> c.equals(executable)).orElse(false))
                    .findFirst().orElse(null);
            if (interpreter == null) {
                return; // cannot tell the interpreter from its children: better leave strays than kill the worker
            }
        }
        interpreter.descendants().toList().forEach(ProcessHandle::destroyForcibly);
    }

    /** Kills the worker and every process it started (see {@link ProcessTrees}), waiting briefly until they are gone. */
    void kill() {
        killAll(List.of(this), KILL_WAIT);
    }

    /** Kills the workers and their descendants all at once, then waits (up to {@code wait} in all) until they are gone. */
    static void killAll(Collection<WorkerProcess> workers, Duration wait) {
        List<ProcessHandle> roots = new ArrayList<>();
        for (WorkerProcess w : workers) {
            w.dead = true;
            roots.add(w.process.toHandle());
        }
        ProcessTrees.kill(roots, wait);
        for (WorkerProcess w : workers) {
            try {
                w.stdin.close();
            } catch (IOException ignored) {
                // the pipe is gone with the process
            }
        }
    }

    void deleteScratch() {
        ProcessTrees.deleteRecursively(scratch);
    }

    /** A description of how the process ended, with the tail of its diagnostic log. */
    String exitDescription() {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String code = process.isAlive() ? "still running" : "exit code " + process.exitValue();
        String log = tail(scratch.resolve("worker.log"));
        return "the worker process " + process.pid() + " ended (" + code + ")" + (log.isEmpty() ? "" : ": " + log);
    }

    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    private void readFrames() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    frames.offer(line);
                }
            }
        } catch (IOException ignored) {
            // the process died; EOF below tells the waiting caller
        } finally {
            dead = true;
            frames.offer(EOF);
        }
    }

    private JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new ExecutorException("the worker process " + process.pid() + " wrote a line that is not a protocol "
                    + "frame: " + abbreviate(line, 2000) + ". The runner's channel was corrupted; the worker will be replaced.", e);
        }
    }

    static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            return s.length() > 2000 ? "..." + s.substring(s.length() - 2000) : s;
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    /** The worker exited or closed its channel while a request was outstanding. */
    static final class WorkerDiedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WorkerDiedException(String message) {
            super(message, null, false, false);
        }
    }
}
