package io.github.deepanalyze.jupyter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.deepanalyze.common.Artifact;
import io.github.deepanalyze.common.Cancellation;
import io.github.deepanalyze.common.ExecutorException;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionSession;
import io.github.deepanalyze.execution.PythonError;
import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** One kernel and its WebSocket; blocks run one at a time. Not thread-safe (one analysis thread). */
final class KernelSession implements ExecutionSession {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
    private static final String ERROR_MIME = "application/x-deepanalyze-error+json";
    /**
     * Defined once per kernel: runs a block as a script ({@code exec} in a fresh {@code __main__}
     * dict, the reference semantics; {@code %reset -f} would also clear the kernel's own names and
     * cost more) or in the notebook's namespace, with cwd = the workspace, its source registered in
     * {@code linecache} so tracebacks and warnings show the lines, and a raised exception reported as
     * a Python-formatted traceback without this wrapper's frame (what the other executors print).
     */
    private static final String BOOTSTRAP = String.join("\n",
            "def __da_run(src, cwd, script, name):",
            "    import os, sys, linecache, traceback",
            "    from IPython.display import publish_display_data",
            "    os.chdir(cwd)",
            "    linecache.cache[name] = (len(src), None, src.splitlines(True), name)",
            "    g = {'__name__': '__main__', '__builtins__': __builtins__} if script else get_ipython().user_ns",
            "    try:",
            "        exec(compile(src, name, 'exec'), g)",
            "    except SystemExit as e:",
            "        if e.code is None or e.code == 0:",
            "            return",
            "        tb = ''.join(traceback.format_exception(type(e), e, e.__traceback__.tb_next))",
            "        sys.stdout.flush(); sys.stderr.flush()",
            "        publish_display_data({'" + "application/x-deepanalyze-error+json" + "': {'type': 'SystemExit', 'message': str(e.code), 'traceback': tb}})",
            "    except BaseException as e:",
            "        tb = e.__traceback__.tb_next if e.__traceback__ is not None and not isinstance(e, SyntaxError) else None",
            "        text = ''.join(traceback.format_exception(type(e), e, tb))",
            "        sys.stdout.flush(); sys.stderr.flush()",
            "        publish_display_data({'" + "application/x-deepanalyze-error+json" + "': {'type': type(e).__name__ if type(e).__module__ in ('builtins', '__main__') else type(e).__module__ + '.' + type(e).__name__, 'message': str(e), 'traceback': text}})",
            "        if isinstance(e, KeyboardInterrupt):",
            "            raise",
            "    finally:",
            "        sys.stdout.flush(); sys.stderr.flush()",
            "try:",
            "    get_ipython().run_line_magic('matplotlib', 'inline')",
            "except Exception:",
            "    pass",
            "");
    private static final JsonNode CLOSED = JupyterExecutor.JSON.createObjectNode().put("closed", true);

    private final JupyterExecutor executor;
    private final Path workspace;
    private final ExecutionMode mode;
    private final String sessionId = UUID.randomUUID().toString();
    private String kernelId;
    private WebSocket socket;
    private BlockingQueue<JsonNode> inbox;
    private boolean closed;
    private boolean stateLost;
    private int figures;
    private int cells;

    KernelSession(JupyterExecutor executor, Path workspace, ExecutionMode mode) {
        this.executor = executor;
        this.workspace = workspace;
        this.mode = mode;
        connect();
    }

    private void connect() {
        kernelId = executor.startKernel();
        inbox = new LinkedBlockingQueue<>();
        URI base = executor.server();
        String wsScheme = "https".equals(base.getScheme()) ? "wss" : "ws";
        URI ws = URI.create(wsScheme + "://" + base.getRawAuthority() + base.getRawPath() + "api/kernels/" + kernelId
                + "/channels?session_id=" + sessionId);
        BlockingQueue<JsonNode> q = inbox;
        try {
            socket = executor.http().newWebSocketBuilder().header("Authorization", "token " + executor.token())
                    .connectTimeout(Duration.ofSeconds(30)).buildAsync(ws, new Listener(q))
                    .get(executor.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            deleteKernel();
            throw new ExecutorException("cannot open the kernel channel " + ws + " of the Jupyter server at " + base
                    + ": " + e + "; check the server and its token", e);
        }
        // wait until the kernel answers (kernel_info_request), so the first block does not race the start-up
        String id = send("shell", "kernel_info_request", JupyterExecutor.JSON.createObjectNode());
        long deadline = System.nanoTime() + executor.startTimeout().toNanos();
        while (true) {
            JsonNode m = poll(deadline);
            if (m == null || m == CLOSED) {
                close();
                throw new ExecutorException("the " + executor.kernelName() + " kernel on " + base + " did not answer within "
                        + executor.startTimeout() + "; check the server log");
            }
            if (isReplyTo(m, id, "kernel_info_reply")) {
                break;
            }
        }
        runRaw(BOOTSTRAP, Duration.ofSeconds(60));
    }

    @Override
    public Path workspace() {
        return workspace;
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) {
        java.util.Objects.requireNonNull(request, "request");
        if (closed) {
            throw new IllegalStateException("this Jupyter session is closed; open a new one");
        }
        if (executor.isClosed()) {
            throw new ExecutorException("the Jupyter executor for " + executor.server() + " is closed; build a new one");
        }
        if (request.cancellation().isCancelled()) {
            return ExecutionResult.cancelled("", "", Duration.ZERO);
        }
        if (kernelId == null) {
            connect();
        }
        boolean lost = stateLost;
        stateLost = false;
        long start = System.nanoTime();
        Cancellation.Registration reg = request.cancellation().onCancel(this::interrupt);
        try {
            return run(request, start, false).withStateLost(lost && mode == ExecutionMode.NOTEBOOK);
        } finally {
            reg.close();
        }
    }

    private ExecutionResult run(ExecutionRequest request, long start, boolean raw) {
        String code = raw ? request.code()
                : "__da_run(" + pyString(request.code()) + ", " + pyString(workspace.toString()) + ", "
                        + (mode == ExecutionMode.SCRIPT ? "True, '<string>'" : "False, '<cell-" + (++cells) + ">'") + ")";
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        List<Artifact> artifacts = new ArrayList<>();
        int cap = request.maxOutputChars();
        boolean[] truncated = {false};
        String id = send("shell", "execute_request", JupyterExecutor.JSON.createObjectNode().put("code", code)
                .put("silent", false).put("store_history", false).put("allow_stdin", false)
                .put("stop_on_error", true).set("user_expressions", JupyterExecutor.JSON.createObjectNode()));
        long deadline = start + request.timeout().toNanos();
        boolean idle = false;
        JsonNode reply = null;
        PythonError error = null;
        while (!idle || reply == null) {
            JsonNode m = poll(deadline);
            if (m == CLOSED) {
                return crashed(out, err, "the kernel channel closed mid-block", start);
            }
            if (m == null) { // timeout
                if (request.cancellation().isCancelled()) {
                    return ExecutionResult.cancelled(out.toString(), err.toString(), since(start));
                }
                stop();
                return ExecutionResult.timeout(out.toString(), err.toString(), request.timeout(), since(start))
                        .withTruncated(truncated[0]).withArtifacts(artifacts);
            }
            String type = m.path("header").path("msg_type").asText();
            boolean mine = id.equals(m.path("parent_header").path("msg_id").asText());
            if ("status".equals(type)) {
                String state = m.path("content").path("execution_state").asText();
                if ("restarting".equals(state) || "dead".equals(state)) {
                    return crashed(out, err, "the " + executor.kernelName() + " kernel died (" + state + ")", start);
                }
                if (mine && "idle".equals(state)) {
                    idle = true;
                }
                continue;
            }
            if (!mine) {
                continue;
            }
            JsonNode c = m.path("content");
            switch (type) {
                case "stream" -> append("stderr".equals(c.path("name").asText()) ? err : out, c.path("text").asText(), cap, truncated);
                case "display_data", "execute_result" -> {
                    if (c.path("data").has(ERROR_MIME)) {
                        JsonNode e = c.path("data").path(ERROR_MIME);
                        String tb = e.path("traceback").asText();
                        PythonError parsed = PythonError.parse(tb);
                        error = new PythonError(e.path("type").asText(), e.path("message").asText(), tb, parsed.frames(), "");
                        continue;
                    }
                    Artifact a = saveImage(c.path("data"));
                    if (a != null) {
                        artifacts.add(a);
                    } else if (c.path("data").has("text/plain") && "execute_result".equals(type)) {
                        append(out, c.path("data").path("text/plain").asText() + "\n", cap, truncated);
                    }
                }
                case "error" -> error = error(c);
                case "execute_reply" -> reply = c;
                default -> { }
            }
        }
        if (request.cancellation().isCancelled()) {
            return ExecutionResult.cancelled(out.toString(), err.toString(), since(start)).withArtifacts(artifacts);
        }
        ExecutionResult r;
        if (error != null || "error".equals(reply.path("status").asText())) {
            PythonError e = error != null ? error : error(reply);
            if ("SystemExit".equals(e.type()) && (e.message().isEmpty() || "0".equals(e.message()) || "None".equals(e.message()))) {
                r = ExecutionResult.success(out.toString(), err.toString(), since(start));
            } else {
                r = ExecutionResult.error(out.toString(), err.toString(), e, since(start));
            }
        } else {
            r = ExecutionResult.success(out.toString(), err.toString(), since(start));
        }
        return r.withArtifacts(artifacts).withTruncated(truncated[0]);
    }

    private static PythonError error(JsonNode c) {
        StringBuilder tb = new StringBuilder();
        for (JsonNode line : c.path("traceback")) {
            tb.append(ANSI.matcher(line.asText()).replaceAll("")).append('\n');
        }
        PythonError parsed = PythonError.parse(tb.toString());
        return new PythonError(c.path("ename").asText(), c.path("evalue").asText(), tb.toString().strip(),
                parsed.frames(), "");
    }

    private Artifact saveImage(JsonNode data) {
        String ext;
        byte[] bytes;
        String media;
        if (data.has("image/png")) {
            media = "image/png";
            ext = ".png";
            bytes = Base64.getMimeDecoder().decode(data.path("image/png").asText());
        } else if (data.has("image/svg+xml")) {
            media = "image/svg+xml";
            ext = ".svg";
            bytes = data.path("image/svg+xml").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } else {
            return null;
        }
        try {
            Path p;
            do {
                p = workspace.resolve("figure_" + (++figures) + ext);
            } while (Files.exists(p));
            Files.write(p, bytes);
            return new Artifact(workspace.relativize(p), p, bytes.length, media, Artifact.Change.CREATED, 0);
        } catch (IOException e) {
            throw new ExecutorException("cannot save a figure the kernel displayed into " + workspace + ": " + e.getMessage(), e);
        }
    }

    private static void append(StringBuilder b, String s, int cap, boolean[] truncated) {
        int room = cap - b.length();
        if (s.length() > room) {
            truncated[0] = true;
            b.append(s, 0, Math.max(0, room));
        } else {
            b.append(s);
        }
    }

    private ExecutionResult crashed(StringBuilder out, StringBuilder err, String detail, long start) {
        dropKernel();
        return ExecutionResult.crashed(out.toString(), err.toString(), detail + "; a fresh kernel serves the next block",
                -1, since(start));
    }

    /** Interrupts the block; if the kernel does not go idle within the grace period, restarts it. */
    private void stop() {
        interrupt();
        long deadline = System.nanoTime() + executor.interruptGrace().toNanos();
        while (true) {
            JsonNode m = poll(deadline);
            if (m == null || m == CLOSED) {
                dropKernel();
                return;
            }
            if ("status".equals(m.path("header").path("msg_type").asText())
                    && "idle".equals(m.path("content").path("execution_state").asText())) {
                return;
            }
        }
    }

    private void interrupt() {
        String k = kernelId;
        if (k != null) {
            try {
                executor.rest("POST", "api/kernels/" + k + "/interrupt", null);
            } catch (ExecutorException ignored) {
                // the kernel is gone already; the block's result says so
            }
        }
    }

    /** Forgets the kernel (deleting it on the server); the next block starts a fresh one. */
    private void dropKernel() {
        if (socket != null) {
            socket.abort();
            socket = null;
        }
        deleteKernel();
        stateLost = true;
    }

    private void deleteKernel() {
        String k = kernelId;
        kernelId = null;
        if (k != null) {
            try {
                executor.rest("DELETE", "api/kernels/" + k, null);
            } catch (ExecutorException ignored) {
                // already gone (e.g. the server culled it)
            }
        }
    }

    /** Runs setup code, failing the session if it fails. */
    private void runRaw(String code, Duration timeout) {
        ExecutionResult r = run(new ExecutionRequest(code, timeout, 100_000, Cancellation.none()), System.nanoTime(), true);
        if (!r.isSuccess()) {
            close();
            throw new ExecutorException("the " + executor.kernelName() + " kernel on " + executor.server()
                    + " failed its set-up (" + r.outcome() + " " + r.error() + r.detail() + ")");
        }
    }

    private String send(String channel, String type, ObjectNode content) {
        String id = UUID.randomUUID().toString();
        ObjectNode msg = JupyterExecutor.JSON.createObjectNode();
        msg.putObject("header").put("msg_id", id).put("msg_type", type).put("session", sessionId)
                .put("username", "deepanalyze").put("version", "5.3").put("date", java.time.Instant.now().toString());
        msg.putObject("parent_header");
        msg.putObject("metadata");
        msg.set("content", content);
        msg.put("channel", channel);
        msg.putArray("buffers");
        socket.sendText(msg.toString(), true).join();
        return id;
    }

    private JsonNode poll(long deadlineNanos) {
        try {
            long left = deadlineNanos - System.nanoTime();
            return left <= 0 ? inbox.poll() : inbox.poll(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean isReplyTo(JsonNode m, String id, String type) {
        return type.equals(m.path("header").path("msg_type").asText())
                && id.equals(m.path("parent_header").path("msg_id").asText());
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static String pyString(String s) {
        try {
            return JupyterExecutor.JSON.writeValueAsString(s); // a JSON string is a valid Python string literal
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (socket != null) {
            socket.abort();
            socket = null;
        }
        deleteKernel();
    }

    /** Collects text frames into messages. */
    private static final class Listener implements WebSocket.Listener {
        private final BlockingQueue<JsonNode> q;
        private final StringBuilder part = new StringBuilder();

        Listener(BlockingQueue<JsonNode> q) {
            this.q = q;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                try {
                    q.add(JupyterExecutor.JSON.readTree(part.toString()));
                } catch (IOException e) {
                    // not a protocol message; ignore it
                }
                part.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            q.add(CLOSED);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            q.add(CLOSED);
        }
    }
}
