package io.github.deepanalyze.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.deepanalyze.model.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real HTTP server on loopback that speaks the OpenAI chat-completions protocol the way vLLM does
 * (server-sent events, a role chunk, content chunks, a finish chunk, a usage chunk when asked for,
 * {@code data: [DONE]}), answering successive requests with scripted {@link Reply replies} and
 * recording every request it receives. Replies can inject faults: error statuses, a connection that
 * breaks mid-stream, malformed JSON, stalls, a non-streaming answer, a missing {@code [DONE]}.
 *
 * <pre>{@code
 * try (ScriptedModelServer server = ScriptedModelServer.start()) {
 *     server.enqueue(Reply.status(500, "boom"), Reply.text("<Analyze>hi</Analyze>"));
 *     LanguageModel model = OpenAiCompatibleModel.builder().baseUrl(server.baseUrl()).model("m").build();
 *     ...
 *     assertThat(server.requests()).hasSize(2);
 * }
 * }</pre>
 *
 * <p>Requests take replies from the script in arrival order; when it is exhausted the
 * {@link #otherwise(Function) fallback responder} answers, and without one the server answers 400
 * naming the request, so a test that calls the model too often fails loudly. Thread-safe: requests
 * are served concurrently.
 */
public final class ScriptedModelServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private boolean retainRequests = true;
    private int received;
    private final MessageTailExpectations expectations = new MessageTailExpectations();
    private Function<RecordedRequest, Reply> otherwise;
    private RecordedTrajectory trajectory;
    private final AtomicInteger created = new AtomicInteger();

    private ScriptedModelServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "scripted-model-server-" + created.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A running server with an empty script. */
    public static ScriptedModelServer start() {
        return new ScriptedModelServer();
    }

    /** A running server that answers successive requests with {@code turns}, streamed, finish reason "stop". */
    public static ScriptedModelServer replying(String... turns) {
        ScriptedModelServer s = start();
        for (String t : turns) {
            s.enqueue(Reply.text(t));
        }
        return s;
    }

    /**
     * A running server that answers call {@code i} with {@code trajectory.servedTurn(i)}, the turn
     * without its trailing {@code </Code>}, as a server with stop string {@code "</Code>"} sends it,
     * with finish reason "stop".
     */
    public static ScriptedModelServer replaying(RecordedTrajectory trajectory) {
        ScriptedModelServer s = start();
        synchronized (s) {
            s.trajectory = trajectory;
        }
        for (int i = 0; i < trajectory.turns().size(); i++) {
            s.enqueue(Reply.text(trajectory.servedTurn(i)));
        }
        return s;
    }

    /** Appends replies to the script. */
    public synchronized ScriptedModelServer enqueue(Reply... replies) {
        for (Reply r : replies) {
            script.addLast(r);
        }
        return this;
    }

    /**
     * Stops recording request bodies (for load and leak runs, where keeping thousands of them
     * would look like a leak); {@link #requests()} then stays empty.
     */
    public synchronized ScriptedModelServer withoutRecording() {
        this.retainRequests = false;
        return this;
    }

    /** Answers requests that find the script empty. */
    public synchronized ScriptedModelServer otherwise(Function<RecordedRequest, Reply> responder) {
        this.otherwise = responder;
        return this;
    }

    /**
     * Check mode: request {@code requestIndex} must end with {@code tail} (role and exact content).
     * Mismatches are collected, not thrown on the server's thread; see {@link #verifyExpectations()}.
     */
    public synchronized ScriptedModelServer expectMessagesEndingWith(int requestIndex, Message... tail) {
        expectations.expect(requestIndex, List.of(tail));
        return this;
    }

    /**
     * Check mode for {@link #replaying}: request {@code i >= 1} must end with the recorded assistant
     * turn {@code i - 1} (with its {@code </Code>}) followed by an execute message holding the recorded
     * output {@code i - 1}, exactly as recorded. Only meaningful when the executor reproduces the
     * recorded outputs byte for byte (e.g. an executor that replays them).
     */
    public synchronized ScriptedModelServer expectingRecordedExecuteOutputs() {
        if (trajectory == null) {
            throw new IllegalStateException("expectingRecordedExecuteOutputs() needs a server made by replaying(trajectory)");
        }
        for (int i = 1; i < trajectory.turns().size(); i++) {
            expectMessagesEndingWith(i, Message.assistant(trajectory.turns().get(i - 1)),
                    Message.execute(trajectory.executeOutputs().get(i - 1)));
        }
        return this;
    }

    /** Check-mode mismatches so far, one line each. */
    public synchronized List<String> expectationFailures() {
        return expectations.failures();
    }

    /** Throws an {@link AssertionError} listing every check-mode mismatch, if any. */
    public void verifyExpectations() {
        List<String> failures = expectationFailures();
        if (!failures.isEmpty()) {
            throw new AssertionError("the model server received unexpected messages:\n" + String.join("\n", failures));
        }
    }

    /** {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort() + "/v1";
    }

    /** The chat-completions requests received so far, in arrival order. */
    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Request {@code index}; fails if it has not arrived. */
    public synchronized RecordedRequest request(int index) {
        if (index >= requests.size()) {
            throw new AssertionError("request " + index + " has not arrived; " + requests.size() + " did");
        }
        return requests.get(index);
    }

    public synchronized int requestCount() {
        return requests.size();
    }

    /** Waits until at least {@code count} requests have arrived; fails after {@code timeout}. */
    public synchronized void awaitRequests(int count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (requests.size() < count) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " requests within " + timeout + ", got " + requests.size());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Stops the server at once, interrupting replies still stalled or streaming. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        boolean abruptClose = false;
        try {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("GET") && path.equals("/v1/models")) {
                ReplyWriter.sendJson(exchange, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"scripted\",\"object\":\"model\"}]}");
                return;
            }
            if (!exchange.getRequestMethod().equals("POST") || !path.equals("/v1/chat/completions")) {
                ReplyWriter.sendJson(exchange, 404, errorJson("no route for " + exchange.getRequestMethod() + " " + path
                        + "; this server serves POST /v1/chat/completions", "NotFoundError", 404));
                return;
            }
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body;
            try {
                body = JSON.readTree(raw);
            } catch (IOException e) {
                ReplyWriter.sendJson(exchange, 400, errorJson("request body is not JSON: " + e.getMessage(), "BadRequestError", 400));
                return;
            }
            RecordedRequest request;
            Reply reply;
            synchronized (this) {
                request = new RecordedRequest(received++, exchange.getRequestHeaders(), body);
                if (retainRequests) {
                    requests.add(request);
                }
                expectations.check(request);
                reply = !script.isEmpty() ? script.pollFirst() : otherwise != null ? otherwise.apply(request) : null;
                notifyAll();
            }
            if (reply == null) {
                ReplyWriter.sendJson(exchange, 400, errorJson("ScriptedModelServer has no scripted reply for request #" + request.index()
                        + " (the script is exhausted)", "BadRequestError", 400));
                return;
            }
            abruptClose = ReplyWriter.serve(exchange, reply, request);
        } catch (IOException | InterruptedException e) {
            // the client went away or the server is closing: nothing to answer
            abruptClose = true;
        } finally {
            if (!abruptClose) {
                exchange.close();
            }
        }
        if (abruptClose) {
            // an exception out of the handler makes HttpServer drop the connection without ending the body
            throw new IOException("ScriptedModelServer: connection dropped on purpose");
        }
    }

    /** An OpenAI-style error body, {@code {"error": {"message", "type", "code"}}}. */
    public static String errorJson(String message, String type, int code) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("message", message).put("type", type).put("code", code);
        return root.toString();
    }

    /**
     * One scripted answer. Immutable: every {@code with}-style method returns a changed copy.
     * Content is streamed in chunks of {@link #chunkSize(int)} code points (default 6, like tokens).
     */
    public static final class Reply {
        enum Fault { CLOSE, MALFORMED, STALL, ERROR_EVENT }

        // package-private for ReplyWriter; only ever set on a fresh copy, so a published Reply never changes
        int status = 200;
        String errorBody = "";
        String content = "";
        String finishReason = "stop";
        int chunkSize = 6;
        Duration chunkDelay = Duration.ZERO;
        boolean usage = true;
        long promptTokens = -1;
        long completionTokens = -1;
        boolean nonStreaming;
        boolean sendDone = true;
        boolean crlf;
        boolean keepAlives;
        boolean multiLineEvents;
        Duration stallBeforeResponse = Duration.ZERO;
        Fault fault;
        int faultAtChars = -1;
        Duration faultStall = Duration.ZERO;
        Map<String, String> headers = Map.of();

        private Reply() {
        }

        /** Streams {@code content} with finish reason "stop". */
        public static Reply text(String content) {
            Reply r = new Reply();
            r.content = content;
            return r;
        }

        /** Answers HTTP {@code status} with {@code body} (JSON or plain text) instead of a completion. */
        public static Reply status(int status, String body) {
            Reply r = new Reply();
            r.status = status;
            r.errorBody = body;
            return r;
        }

        /** The finish reason sent at the end, e.g. "length"; {@code null} sends no finish chunk. */
        public Reply finishReason(String reason) {
            Reply r = copy();
            r.finishReason = reason;
            return r;
        }

        public Reply chunkSize(int codePoints) {
            if (codePoints <= 0) {
                throw new IllegalArgumentException("chunk size must be > 0");
            }
            Reply r = copy();
            r.chunkSize = codePoints;
            return r;
        }

        /** Waits this long before each content chunk. */
        public Reply chunkDelay(Duration delay) {
            Reply r = copy();
            r.chunkDelay = delay;
            return r;
        }

        /** Reports this usage (sent only when the client asked with stream_options.include_usage). */
        public Reply usage(long prompt, long completion) {
            Reply r = copy();
            r.promptTokens = prompt;
            r.completionTokens = completion;
            return r;
        }

        /** Sends no usage at all, like a server that does not support stream_options. */
        public Reply withoutUsage() {
            Reply r = copy();
            r.usage = false;
            return r;
        }

        /** Answers one {@code chat.completion} JSON object, ignoring {@code "stream": true}. */
        public Reply nonStreaming() {
            Reply r = copy();
            r.nonStreaming = true;
            return r;
        }

        /** Ends the stream without {@code data: [DONE]}. */
        public Reply withoutDone() {
            Reply r = copy();
            r.sendDone = false;
            return r;
        }

        /** Ends lines with CRLF. */
        public Reply crlf() {
            Reply r = copy();
            r.crlf = true;
            return r;
        }

        /** Sends a {@code : keep-alive} comment line before every event. */
        public Reply keepAlives() {
            Reply r = copy();
            r.keepAlives = true;
            return r;
        }

        /** Spreads every event's JSON over several {@code data:} lines (pretty-printed). */
        public Reply multiLineEvents() {
            Reply r = copy();
            r.multiLineEvents = true;
            return r;
        }

        /** Adds a response header, e.g. {@code Retry-After}. */
        public Reply header(String name, String value) {
            Reply r = copy();
            Map<String, String> h = new HashMap<>(headers);
            h.put(name, value);
            r.headers = Map.copyOf(h);
            return r;
        }

        /** Sends nothing at all (not even headers) for {@code stall}, then answers. */
        public Reply stallBeforeResponse(Duration stall) {
            Reply r = copy();
            r.stallBeforeResponse = stall;
            return r;
        }

        /** After about {@code chars} characters of content, drops the connection without ending the response. */
        public Reply closeAfter(int chars) {
            return fault(Fault.CLOSE, chars, Duration.ZERO);
        }

        /** After about {@code chars} characters of content, sends a line of malformed JSON, then carries on. */
        public Reply malformedJsonAfter(int chars) {
            return fault(Fault.MALFORMED, chars, Duration.ZERO);
        }

        /** After about {@code chars} characters of content, sends nothing for {@code stall}, then carries on. */
        public Reply stallAfter(int chars, Duration stall) {
            return fault(Fault.STALL, chars, stall);
        }

        /**
         * After about {@code chars} characters of content, sends {@code data: <errorJson>} the way
         * llama.cpp and vLLM report a failure inside a running stream, then carries on.
         */
        public Reply errorEventAfter(int chars, String errorJson) {
            Reply r = fault(Fault.ERROR_EVENT, chars, Duration.ZERO);
            r.errorBody = errorJson;
            return r;
        }

        private Reply fault(Fault f, int chars, Duration stall) {
            Reply r = copy();
            r.fault = f;
            r.faultAtChars = chars;
            r.faultStall = stall;
            return r;
        }

        List<String> chunks() {
            List<String> out = new ArrayList<>();
            int i = 0;
            while (i < content.length()) {
                int end = i;
                for (int n = 0; n < chunkSize && end < content.length(); n++) {
                    end = content.offsetByCodePoints(end, 1);
                }
                out.add(content.substring(i, end));
                i = end;
            }
            return out;
        }

        private Reply copy() {
            Reply r = new Reply();
            r.status = status;
            r.errorBody = errorBody;
            r.content = content;
            r.finishReason = finishReason;
            r.chunkSize = chunkSize;
            r.chunkDelay = chunkDelay;
            r.usage = usage;
            r.promptTokens = promptTokens;
            r.completionTokens = completionTokens;
            r.nonStreaming = nonStreaming;
            r.sendDone = sendDone;
            r.crlf = crlf;
            r.keepAlives = keepAlives;
            r.multiLineEvents = multiLineEvents;
            r.stallBeforeResponse = stallBeforeResponse;
            r.fault = fault;
            r.faultAtChars = faultAtChars;
            r.faultStall = faultStall;
            r.headers = headers;
            return r;
        }
    }
}
