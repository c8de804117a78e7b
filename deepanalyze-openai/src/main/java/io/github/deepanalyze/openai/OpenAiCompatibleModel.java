package io.github.deepanalyze.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.deepanalyze.AnalysisCancelledException;
import io.github.deepanalyze.Cancellation;
import io.github.deepanalyze.ConfigurationException;
import io.github.deepanalyze.ModelException;
import io.github.deepanalyze.TokenUsage;
import io.github.deepanalyze.model.FinishReason;
import io.github.deepanalyze.model.Generation;
import io.github.deepanalyze.model.GenerationRequest;
import io.github.deepanalyze.model.LanguageModel;
import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.model.SamplingOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LanguageModel} served over an OpenAI-compatible chat-completions endpoint: vLLM, SGLang,
 * the llama.cpp server, Ollama, or any server speaking the same protocol.
 *
 * <pre>{@code
 * LanguageModel model = OpenAiCompatibleModel.builder()
 *         .baseUrl("http://localhost:8000/v1")
 *         .model("DeepAnalyze-8B")
 *         .build();
 * }</pre>
 *
 * <h2>Protocol</h2>
 * Each {@link #generate} call sends {@code POST {baseUrl}/chat/completions} with {@code "stream": true}
 * and {@code "stream_options": {"include_usage": true}}, the messages (roles by
 * {@link io.github.deepanalyze.model.Role#wireName()}, so DeepAnalyze's {@code execute} role is sent as
 * is), {@code temperature}, {@code top_p}, {@code max_tokens} ({@link SamplingOptions#maxNewTokens()}),
 * {@code seed} when set, and {@code stop} (the request's stop strings, when any). By default it also
 * sends the request extras DeepAnalyze-8B's reference client uses, {@code "add_generation_prompt": false}
 * and {@code "stop_token_ids": [151676, 151645]}; turn them off with
 * {@link Builder#deepAnalyzeExtras(boolean)} for other models. {@link Builder#extraBody(Map)} adds,
 * overrides or removes fields.
 *
 * <p>The server-sent event stream is decoded per the WHATWG format (comments and keep-alives,
 * multi-line events, LF/CRLF/CR line ends); every non-empty {@code choices[0].delta.content} is passed
 * to {@code onText} in order. A server that ignores {@code stream} and answers with one JSON
 * {@code chat.completion} object works too: its whole content arrives as one delta.
 *
 * <h2>Closing {@code </Code>}</h2>
 * Servers do not return the stop string that ended a generation, so a turn stopped by
 * {@code "</Code>"} ends inside an unclosed {@code <Code>} section. When the finish reason is
 * {@link FinishReason#STOP} and the text holds a {@code <Code>} after its last {@code </Code>}, this
 * client appends {@code </Code>} to the returned text and passes it to {@code onText} as a final delta,
 * so the turn reads as the model meant it. The check is a plain last-index comparison; tags inside
 * Markdown are the protocol parser's business. A turn cut by the token limit ({@link FinishReason#LENGTH})
 * is left as it is.
 *
 * <h2>Usage</h2>
 * {@link Generation#usage()} holds the server's {@code usage} when it reports one. When it does not,
 * prompt tokens are 0 and completion tokens are an <em>estimate</em>: the generated text's length in
 * {@code char}s divided by 4, rounded up (about right for English text and code with Qwen-family
 * tokenizers; budgets built on it are approximate).
 *
 * <h2>Failures and retries</h2>
 * Connection failures, HTTP 408, 429 and 5xx, a stream that breaks and a server that sends nothing for
 * {@link Builder#readTimeout(Duration)} are retryable {@link ModelException}s. They are retried here,
 * with exponential backoff and jitter (honouring {@code Retry-After}), up to
 * {@link Builder#maxRetries(int)} times, but only while no text of the attempt has reached
 * {@code onText}: deltas are never delivered twice. Once text was delivered the exception propagates
 * and the caller decides. An I/O failure before any response on the first attempt is retried at once
 * (typically a pooled keep-alive connection the server had closed). Other 4xx answers, malformed JSON in the stream and exceeding
 * {@link Builder#callTimeout(Duration)} are not retryable. Messages name the URL, the status, the
 * server's own error message (truncated) and what to check.
 *
 * <p>{@link GenerationRequest#cancellation()} aborts the request in flight (or the wait before a
 * retry) at once, and {@code generate} then throws {@link AnalysisCancelledException}; an interrupt of
 * the calling thread does the same and keeps the thread's interrupt flag set.
 *
 * <p>Instances are immutable and thread-safe: one instance serves any number of concurrent calls, which
 * share one {@link HttpClient} and its connection pool. Methods reject {@code null} arguments with a
 * {@link NullPointerException}. Requests are logged at debug level through SLF4J; the API key never is.
 */
public final class OpenAiCompatibleModel implements LanguageModel {

    private static final Logger log = LoggerFactory.getLogger(OpenAiCompatibleModel.class);

    /** DeepAnalyze-8B's stop token ids, sent with {@code deepAnalyzeExtras(true)}. */
    static final List<Integer> DEEPANALYZE_STOP_TOKEN_IDS = List.of(151676, 151645);
    private static final String CODE_OPEN = "<Code>";
    private static final String CODE_CLOSE = "</Code>";
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;
    private static final int MAX_JSON_BODY_BYTES = 64 * 1024 * 1024;
    private static final int MAX_QUOTED_CHARS = 300;
    private static final Duration DRAIN_AFTER_DONE = Duration.ofMillis(250);

    private final String baseUrl;
    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final Map<String, String> headers;
    private final boolean deepAnalyzeExtras;
    private final Map<String, JsonNode> extraBody;
    private final Duration readTimeout;
    private final Duration callTimeout;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final HttpClient http;
    private final Sleeper sleeper;
    private final Clock clock;
    private final DoubleSupplier jitter;
    private final ObjectMapper json = new ObjectMapper();

    private OpenAiCompatibleModel(Builder b, String baseUrl, URI endpoint, HttpClient http) {
        this.baseUrl = baseUrl;
        this.endpoint = endpoint;
        this.model = b.model;
        this.apiKey = b.apiKey;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.deepAnalyzeExtras = b.deepAnalyzeExtras;
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        b.extraBody.forEach((k, v) -> extra.put(k, v == null ? MissingNode.getInstance() : json.valueToTree(v)));
        this.extraBody = Collections.unmodifiableMap(extra);
        this.readTimeout = b.readTimeout;
        this.callTimeout = b.callTimeout;
        this.maxRetries = b.maxRetries;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.http = http;
        this.sleeper = b.sleeper;
        this.clock = b.clock;
        this.jitter = b.jitter;
    }

    /** A builder; {@link Builder#baseUrl} and {@link Builder#model} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The API root this client talks to, e.g. {@code http://localhost:8000/v1}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The model name sent with every request. */
    public String model() {
        return model;
    }

    @Override
    public String describe() {
        return "openai-compatible " + model + " @ " + baseUrl;
    }

    @Override
    public String toString() {
        return describe();
    }

    @Override
    public Generation generate(GenerationRequest request, Consumer<String> onText) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(onText, "onText");
        request.cancellation().throwIfCancelled();
        Call call = new Call(request, onText, httpRequest(requestBody(request)));
        Cancellation.Registration registration = request.cancellation().onCancel(call::cancel);
        try {
            return call.run();
        } finally {
            registration.close();
        }
    }

    /** The JSON body for {@code request}, as sent. */
    byte[] requestBody(GenerationRequest request) {
        ObjectNode root = json.createObjectNode();
        root.put("model", model);
        ArrayNode messages = root.putArray("messages");
        for (Message m : request.messages()) {
            messages.addObject().put("role", m.role().wireName()).put("content", m.content());
        }
        root.put("stream", true);
        root.putObject("stream_options").put("include_usage", true);
        SamplingOptions sampling = request.sampling();
        root.put("temperature", sampling.temperature());
        root.put("top_p", sampling.topP());
        root.put("max_tokens", sampling.maxNewTokens());
        if (sampling.seed() != null) {
            root.put("seed", sampling.seed());
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stop = root.putArray("stop");
            request.stop().forEach(stop::add);
        }
        if (deepAnalyzeExtras) {
            root.put("add_generation_prompt", false);
            ArrayNode ids = root.putArray("stop_token_ids");
            DEEPANALYZE_STOP_TOKEN_IDS.forEach(ids::add);
        }
        extraBody.forEach((name, value) -> {
            if (value.isMissingNode()) {
                root.remove(name);
            } else {
                root.set(name, value);
            }
        });
        try {
            return json.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a chat-completions request", e);
        }
    }

    private HttpRequest httpRequest(byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream, application/json");
        headers.forEach(b::header);
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return b.build();
    }

    /** The delay before retry number {@code retry} (0-based): exponential, capped, with jitter in [50%, 100%]. */
    Duration backoff(int retry) {
        long base = initialBackoff.toMillis() << Math.min(retry, 20);
        long capped = Math.min(Math.max(base, 0), maxBackoff.toMillis());
        return Duration.ofMillis(capped / 2 + Math.round(jitter.getAsDouble() * (capped - capped / 2)));
    }

    /** One {@link #generate} call: attempts, retries and the state shared between them. */
    private final class Call {
        private final GenerationRequest request;
        private final Consumer<String> onText;
        private final HttpRequest httpRequest;
        private final long deadlineNanos;
        private final StringBuilder text = new StringBuilder();
        private boolean delivered;
        private Duration retryAfter;
        private int attempt;
        private volatile boolean cancelled;
        private volatile HttpAttempt current;

        Call(GenerationRequest request, Consumer<String> onText, HttpRequest httpRequest) {
            this.request = request;
            this.onText = onText;
            this.httpRequest = httpRequest;
            this.deadlineNanos = System.nanoTime() + callTimeout.toNanos();
        }

        /** Runs on the thread that cancels. */
        void cancel() {
            cancelled = true;
            HttpAttempt a = current;
            if (a != null) {
                a.abort();
            }
        }

        Generation run() {
            for (attempt = 1; ; attempt++) {
                HttpAttempt exchange = new HttpAttempt();
                current = exchange;
                if (cancelled) {
                    throw cancelledException();
                }
                retryAfter = null;
                try {
                    log.debug("POST {} (model {}, {} messages, attempt {} of {})",
                            endpoint, model, request.messages().size(), attempt, maxRetries + 1);
                    exchange.start(http, httpRequest);
                    return receive(exchange);
                } catch (ModelException e) {
                    if (cancelled) {
                        throw cancelledException();
                    }
                    if (!e.isRetryable() || delivered) {
                        throw e;
                    }
                    if (attempt > maxRetries) {
                        throw new ModelException(e.getMessage() + " (gave up after " + attempt
                                + (attempt == 1 ? " attempt)" : " attempts)"), e.statusCode(), true, e.getCause());
                    }
                    Duration delay = retryAfter != null ? retryAfter : backoff(attempt - 1);
                    if (System.nanoTime() + delay.toNanos() - deadlineNanos > 0) {
                        throw new ModelException(e.getMessage() + " (not retried: waiting " + delay.toMillis()
                                + " ms would exceed the call timeout of " + callTimeout + ")", e.statusCode(), true, e.getCause());
                    }
                    log.debug("retrying {} in {} ms after: {}", endpoint, delay.toMillis(), e.getMessage());
                    pause(delay);
                } finally {
                    current = null;
                    exchange.close();
                }
            }
        }

        private void pause(Duration delay) {
            try {
                sleeper.sleep(delay, request.cancellation());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AnalysisCancelledException("interrupted while waiting to retry " + describe());
            }
            if (cancelled || request.cancellation().isCancelled()) {
                throw cancelledException();
            }
        }

        private Generation receive(HttpAttempt exchange) {
            HttpAttempt.Headers head = awaitHeaders(exchange);
            if (head.status() < 200 || head.status() > 299) {
                throw statusFailure(head, readErrorBody(exchange));
            }
            String contentType = head.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            BodyMode mode = contentType.contains("event-stream") ? BodyMode.EVENTS
                    : contentType.contains("json") ? BodyMode.JSON : BodyMode.UNKNOWN;
            return readBody(exchange, mode);
        }

        private HttpAttempt.Headers awaitHeaders(HttpAttempt exchange) {
            HttpAttempt.Signal s = await(exchange, false);
            return switch (s) {
                case HttpAttempt.Headers h -> h;
                case HttpAttempt.Failed f -> throw connectionFailure(f.cause());
                case HttpAttempt.Aborted a -> throw cancelledException();
                default -> throw new IllegalStateException("unexpected " + s + " before response headers");
            };
        }

        private Generation readBody(HttpAttempt exchange, BodyMode initialMode) {
            StreamState state = new StreamState();
            SseDecoder events = new SseDecoder(data -> onEvent(data, state));
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            BodyMode mode = initialMode;
            while (!state.done) {
                HttpAttempt.Signal s = await(exchange, state.finishReason != null);
                switch (s) {
                    case HttpAttempt.Chunk c -> {
                        for (ByteBuffer buffer : c.buffers()) {
                            if (mode == BodyMode.UNKNOWN) {
                                mode = sniff(buffer);
                            }
                            if (mode == BodyMode.JSON) {
                                if (whole.size() + buffer.remaining() > MAX_JSON_BODY_BYTES) {
                                    throw new ModelException("the JSON response from " + endpoint + " exceeds "
                                            + MAX_JSON_BODY_BYTES + " bytes; is baseUrl pointing at a chat-completions API?", false);
                                }
                                byte[] bytes = new byte[buffer.remaining()];
                                buffer.get(bytes);
                                whole.write(bytes, 0, bytes.length);
                            } else if (mode == BodyMode.EVENTS) {
                                events.feed(buffer);
                                if (state.done) {
                                    break;
                                }
                            }
                        }
                    }
                    case HttpAttempt.Complete ignored -> {
                        if (mode == BodyMode.JSON) {
                            onWholeJson(whole.toString(StandardCharsets.UTF_8), state);
                        } else {
                            events.finish();
                        }
                        return finish(state);
                    }
                    case HttpAttempt.Failed f -> {
                        if (state.finishReason != null && mode != BodyMode.JSON) {
                            // the turn was complete; only the end of the stream went wrong
                            log.debug("stream from {} failed after its finish_reason; keeping the turn: {}", endpoint, f.cause().toString());
                            return finish(state);
                        }
                        throw new ModelException("the stream from " + endpoint + " broke after " + text.length()
                                + " characters of the turn (" + describe(f.cause()) + "); the server may have crashed or restarted",
                                -1, true, f.cause());
                    }
                    case HttpAttempt.Aborted a -> throw cancelledException();
                    case HttpAttempt.Headers h -> throw new IllegalStateException("second response headers");
                }
            }
            drainAfterDone(exchange);
            return finish(state);
        }

        /** Waits for the next signal; on a read timeout after the turn's finish_reason, pretends the stream completed. */
        private HttpAttempt.Signal await(HttpAttempt exchange, boolean finishSeen) {
            long remaining = deadlineNanos - System.nanoTime();
            long wait = Math.min(readTimeout.toNanos(), remaining);
            HttpAttempt.Signal s;
            try {
                s = exchange.next(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.abort();
                throw new AnalysisCancelledException("interrupted while waiting for " + describe());
            }
            if (s != null) {
                return s;
            }
            if (cancelled) {
                throw cancelledException();
            }
            if (finishSeen) {
                log.debug("{} sent its finish_reason but did not end the stream; keeping the turn", endpoint);
                return new HttpAttempt.Complete();
            }
            if (wait >= remaining) {
                throw new ModelException("the call to " + endpoint + " did not finish within the call timeout of "
                        + callTimeout + " (" + text.length() + " characters received); raise callTimeout(...) or lower maxNewTokens",
                        -1, false, null);
            }
            throw new ModelException("no data from " + endpoint + " for " + readTimeout + " (read timeout, "
                    + text.length() + " characters received); the server may be stalled or overloaded. Raise readTimeout(...)"
                    + " if it needs longer to start answering long prompts", -1, true, null);
        }

        private void drainAfterDone(HttpAttempt exchange) {
            // the body normally ends right after [DONE]; reading its end lets the connection go back to
            // the pool. A server that keeps the stream open after [DONE] costs at most this short wait
            long end = System.nanoTime() + DRAIN_AFTER_DONE.toNanos();
            try {
                for (HttpAttempt.Signal s = exchange.next(DRAIN_AFTER_DONE.toNanos()); s instanceof HttpAttempt.Chunk;
                        s = exchange.next(end - System.nanoTime())) {
                    // bytes after [DONE] carry nothing
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private BodyMode sniff(ByteBuffer buffer) {
            for (int i = buffer.position(); i < buffer.limit(); i++) {
                byte b = buffer.get(i);
                if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                    continue;
                }
                return b == '{' ? BodyMode.JSON : BodyMode.EVENTS;
            }
            return BodyMode.UNKNOWN;
        }

        private void onEvent(String data, StreamState state) {
            if (state.done) {
                return;
            }
            String trimmed = data.strip();
            if (trimmed.equals("[DONE]")) {
                state.done = true;
                return;
            }
            if (trimmed.isEmpty()) {
                return;
            }
            JsonNode chunk = parse(data, "stream event");
            onChunk(chunk, state, true);
        }

        private void onWholeJson(String body, StreamState state) {
            if (body.isBlank()) {
                throw new ModelException("the response from " + endpoint + " had an empty body; expected a chat.completion", false);
            }
            onChunk(parse(body, "response"), state, false);
            state.done = true;
            if (state.finishReason == null) {
                state.finishReason = FinishReason.UNKNOWN;
            }
        }

        private JsonNode parse(String data, String what) {
            JsonNode node;
            try {
                node = json.readTree(data);
            } catch (JsonProcessingException e) {
                throw malformed(data, what, e);
            }
            if (node == null || !node.isObject()) {
                throw malformed(data, what, null);
            }
            return node;
        }

        private ModelException malformed(String data, String what, Exception cause) {
            return new ModelException("malformed JSON in the " + what + " from " + endpoint + ": \"" + quote(data)
                    + "\"; is baseUrl pointing at an OpenAI-compatible /v1 API?", -1, false, cause);
        }

        private void onChunk(JsonNode chunk, StreamState state, boolean streaming) {
            JsonNode error = chunk.get("error");
            if (error != null && !error.isNull()) {
                int code = error.path("code").asInt(-1);
                throw new ModelException(endpoint + " reported an error in the middle of the turn: "
                        + quote(errorMessage(chunk, chunk.toString())), code, code == 429 || code >= 500, null);
            }
            JsonNode choices = chunk.get("choices");
            if (choices != null && choices.isArray() && !choices.isEmpty()) {
                JsonNode choice = choices.get(0);
                JsonNode content = streaming ? choice.path("delta").path("content") : choice.path("message").path("content");
                if (content.isTextual() && !content.asText().isEmpty()) {
                    deliver(content.asText());
                }
                JsonNode reason = choice.get("finish_reason");
                if (reason != null && reason.isTextual()) {
                    state.finishReason = finishReason(reason.asText());
                }
            }
            JsonNode usage = chunk.get("usage");
            if (usage != null && usage.isObject()) {
                state.usage = new TokenUsage(Math.max(0, usage.path("prompt_tokens").asLong(0)),
                        Math.max(0, usage.path("completion_tokens").asLong(0)));
            }
        }

        private void deliver(String delta) {
            text.append(delta);
            delivered = true;
            onText.accept(delta);
        }

        private Generation finish(StreamState state) {
            if (!state.done && state.finishReason == null) {
                throw new ModelException("the stream from " + endpoint + " ended after " + text.length()
                        + " characters without a finish_reason or [DONE]; the turn is incomplete", -1, true, null);
            }
            FinishReason reason = state.finishReason == null ? FinishReason.UNKNOWN : state.finishReason;
            TokenUsage usage = state.usage != null ? state.usage : new TokenUsage(0, (text.length() + 3) / 4);
            if (reason == FinishReason.STOP && endsInsideCode(text)) {
                deliver(CODE_CLOSE);
            }
            log.debug("{} answered {} characters, finish_reason {}, usage {}", endpoint, text.length(), reason, usage);
            return new Generation(text.toString(), reason, usage);
        }

        private ModelException connectionFailure(Throwable cause) {
            if (cause instanceof HttpConnectTimeoutException) {
                return new ModelException("connecting to " + endpoint + " timed out (" + describe(cause)
                        + "); check that the server is running and reachable, or raise connectTimeout(...)", -1, true, cause);
            }
            if (cause instanceof ConnectException) {
                return new ModelException("could not connect to " + endpoint + " (" + describe(cause)
                        + "); check that the server is running and that baseUrl is right", -1, true, cause);
            }
            if (cause instanceof IOException) {
                if (attempt == 1) {
                    // most likely a pooled keep-alive connection the server had closed: retry at once
                    retryAfter = Duration.ZERO;
                }
                return new ModelException("the request to " + endpoint + " failed before a response arrived ("
                        + describe(cause) + ")", -1, true, cause);
            }
            if (cause instanceof java.util.concurrent.CancellationException && cancelled) {
                throw cancelledException();
            }
            return new ModelException("the request to " + endpoint + " failed (" + describe(cause) + ")", -1, false, cause);
        }

        private String readErrorBody(HttpAttempt exchange) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (out.size() < MAX_ERROR_BODY_BYTES) {
                HttpAttempt.Signal s;
                try {
                    s = await(exchange, true);
                } catch (ModelException e) {
                    break;
                }
                if (s instanceof HttpAttempt.Chunk c) {
                    for (ByteBuffer b : c.buffers()) {
                        byte[] bytes = new byte[b.remaining()];
                        b.get(bytes);
                        out.write(bytes, 0, bytes.length);
                    }
                } else if (s instanceof HttpAttempt.Aborted) {
                    throw cancelledException();
                } else {
                    break;
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        }

        private ModelException statusFailure(HttpAttempt.Headers head, String body) {
            int status = head.status();
            String serverMessage = body.isBlank() ? "(empty body)" : "\"" + quote(errorMessage(tryParse(body), body)) + "\"";
            boolean retryable = status == 408 || status == 429 || status >= 500;
            if (status == 429 || status == 503) {
                retryAfter = retryAfter(head.headers());
            }
            String hint = switch (status) {
                case 401, 403 -> apiKey == null
                        ? "the server wants credentials: set apiKey(...)"
                        : "check the API key given to apiKey(...)";
                case 404 -> "check that baseUrl ends with /v1 (it is " + baseUrl + ") and that the server serves a model named \""
                        + model + "\" (GET " + baseUrl + "/models lists them)";
                case 400, 422 -> "the server rejected the request, e.g. the conversation is longer than the model's context"
                        + " or a field is unsupported (deepAnalyzeExtras(false) drops the DeepAnalyze-only fields)";
                case 413 -> "the request is too large for the server; shorten the conversation";
                case 429 -> "the server is rate-limiting; lower concurrency or retry later";
                default -> retryable ? "the server failed; it may be overloaded or restarting" : "see the server's message";
            };
            return new ModelException("POST " + endpoint + " failed with HTTP " + status + ": " + serverMessage + "; " + hint,
                    status, retryable, null);
        }

        private AnalysisCancelledException cancelledException() {
            return new AnalysisCancelledException("the call to " + describe() + " was cancelled");
        }
    }

    private JsonNode tryParse(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The human part of an error body in the shapes servers use (OpenAI, vLLM, llama.cpp, Ollama, FastAPI). */
    static String errorMessage(JsonNode node, String fallback) {
        if (node == null || !node.isObject()) {
            return fallback;
        }
        JsonNode error = node.get("error");
        if (error != null && error.isTextual()) {
            return error.asText();
        }
        if (error != null && error.path("message").isTextual()) {
            return error.path("message").asText();
        }
        if (node.path("message").isTextual()) {
            return node.path("message").asText();
        }
        JsonNode detail = node.get("detail");
        if (detail != null && !detail.isNull()) {
            return detail.isTextual() ? detail.asText() : detail.toString();
        }
        return fallback;
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date, or {@code null} if absent or unreadable. */
    private Duration retryAfter(HttpHeaders headers) {
        String value = headers.firstValue("Retry-After").orElse(null);
        if (value == null || value.isBlank()) {
            return null;
        }
        value = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    static boolean endsInsideCode(CharSequence text) {
        String s = text.toString();
        return s.lastIndexOf(CODE_OPEN) > s.lastIndexOf(CODE_CLOSE);
    }

    static FinishReason finishReason(String wire) {
        return switch (wire.toLowerCase(Locale.ROOT)) {
            case "stop", "eos", "eos_token", "stop_sequence" -> FinishReason.STOP;
            case "length", "max_tokens" -> FinishReason.LENGTH;
            default -> FinishReason.UNKNOWN;
        };
    }

    private static String quote(String s) {
        String oneLine = s.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_QUOTED_CHARS ? oneLine : oneLine.substring(0, MAX_QUOTED_CHARS) + "…";
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + m;
    }

    private enum BodyMode { EVENTS, JSON, UNKNOWN }

    /** What the body has told so far. */
    private static final class StreamState {
        FinishReason finishReason;
        TokenUsage usage;
        boolean done;
    }

    /**
     * Configures an {@link OpenAiCompatibleModel}. Not thread-safe; {@link #build()} validates and says
     * what to change. Defaults: connect timeout 10 s, read timeout 120 s, call timeout 30 min,
     * 2 retries with backoff from 500 ms up to 10 s, DeepAnalyze extras on, no API key.
     */
    public static final class Builder {
        private String baseUrl;
        private String model;
        private String apiKey;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private boolean deepAnalyzeExtras = true;
        private final Map<String, Object> extraBody = new LinkedHashMap<>();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(120);
        private Duration callTimeout = Duration.ofMinutes(30);
        private int maxRetries = 2;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private HttpClient httpClient;
        private Sleeper sleeper = Sleeper.SYSTEM;
        private Clock clock = Clock.systemUTC();
        private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();

        private Builder() {
        }

        /**
         * The API root, ending in {@code /v1}, e.g. {@code http://localhost:8000/v1} (vLLM, SGLang
         * {@code :30000}, llama.cpp {@code :8080}, Ollama {@code :11434}). Required.
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /** The served model's name, as the server lists it under {@code GET /v1/models}. Required. */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** Sent as {@code Authorization: Bearer <key>}; {@code null} (the default) sends none. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** Adds a header to every request (e.g. a gateway's routing header). */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Whether to send DeepAnalyze-8B's request extras, {@code "add_generation_prompt": false} and
         * {@code "stop_token_ids": [151676, 151645]}. On by default; turn off for general instruction
         * models and for servers that reject unknown fields.
         */
        public Builder deepAnalyzeExtras(boolean enabled) {
            this.deepAnalyzeExtras = enabled;
            return this;
        }

        /**
         * Adds fields to every request body, serialised with Jackson; they override fields this client
         * sets. A {@code null} value removes a field this client would send, e.g.
         * {@code "stream_options"} for a server that rejects it. Replaces earlier extra fields.
         */
        public Builder extraBody(Map<String, ?> fields) {
            Objects.requireNonNull(fields, "fields");
            extraBody.clear();
            fields.forEach((k, v) -> extraBody.put(Objects.requireNonNull(k, "extra body field name"), v));
            return this;
        }

        /** How long to wait for a TCP connection. Ignored with {@link #httpClient(HttpClient)}. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * The longest silence allowed while waiting for the response or between two chunks of its
         * stream (keep-alive comments count). Exceeding it is a retryable {@link ModelException}.
         * Prefill of a very long prompt happens before the first chunk, so keep it generous.
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "readTimeout");
            return this;
        }

        /** The longest one {@link #generate} call may take, retries and waits included. */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = positive(timeout, "callTimeout");
            return this;
        }

        /** How many times to retry a retryable failure before any text was delivered; 0 disables retries. */
        public Builder maxRetries(int retries) {
            if (retries < 0) {
                throw new ConfigurationException("maxRetries must be >= 0, got " + retries);
            }
            this.maxRetries = retries;
            return this;
        }

        /**
         * Exponential backoff between retries: {@code initial}, doubling per retry up to {@code max},
         * each delay randomly reduced by up to half (jitter). {@code Retry-After} overrides it.
         */
        public Builder retryBackoff(Duration initial, Duration max) {
            this.initialBackoff = positive(initial, "initial backoff");
            this.maxBackoff = positive(max, "max backoff");
            return this;
        }

        /**
         * The HTTP client to use, for proxies, TLS settings or a custom executor. The default is a
         * client of its own with {@link #connectTimeout(Duration)}, HTTP/1.1 (what inference servers
         * speak without TLS) and no redirects.
         */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Test hook: how to wait between retries. */
        Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Test hook: the clock {@code Retry-After} dates are measured against. */
        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Test hook: jitter in [0, 1). */
        Builder jitter(DoubleSupplier jitter) {
            this.jitter = Objects.requireNonNull(jitter, "jitter");
            return this;
        }

        /** Validates the settings and builds the model. */
        public OpenAiCompatibleModel build() {
            if (baseUrl == null || baseUrl.isBlank()) {
                throw new ConfigurationException("baseUrl is required, e.g. baseUrl(\"http://localhost:8000/v1\")");
            }
            if (model == null || model.isBlank()) {
                throw new ConfigurationException("model is required: the name the server serves, e.g. model(\"DeepAnalyze-8B\")");
            }
            String root = baseUrl.strip();
            while (root.endsWith("/")) {
                root = root.substring(0, root.length() - 1);
            }
            if (root.endsWith("/chat/completions")) {
                throw new ConfigurationException("baseUrl must be the API root, not the endpoint: use \""
                        + root.substring(0, root.length() - "/chat/completions".length()) + "\" instead of \"" + baseUrl + "\"");
            }
            URI endpoint;
            try {
                URI uri = new URI(root);
                if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                        || uri.getHost() == null) {
                    throw new ConfigurationException("baseUrl must be an http(s) URL such as http://localhost:8000/v1, got \"" + baseUrl + "\"");
                }
                if (uri.getQuery() != null || uri.getFragment() != null) {
                    throw new ConfigurationException("baseUrl must not have a query or fragment, got \"" + baseUrl + "\"");
                }
                endpoint = new URI(root + "/chat/completions");
            } catch (URISyntaxException e) {
                throw new ConfigurationException("baseUrl is not a valid URL: \"" + baseUrl + "\" (" + e.getMessage() + ")");
            }
            if (apiKey != null && apiKey.isBlank()) {
                throw new ConfigurationException("apiKey is blank; pass null to send no Authorization header");
            }
            for (Map.Entry<String, String> h : headers.entrySet()) {
                try {
                    HttpRequest.newBuilder(endpoint).header(h.getKey(), h.getValue());
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationException("header \"" + h.getKey() + "\" cannot be set: " + e.getMessage());
                }
                if (h.getKey().equalsIgnoreCase("Authorization") && apiKey != null) {
                    throw new ConfigurationException("both apiKey(...) and an Authorization header are set; use one");
                }
            }
            if (initialBackoff.compareTo(maxBackoff) > 0) {
                throw new ConfigurationException("the initial backoff " + initialBackoff + " exceeds the max backoff " + maxBackoff);
            }
            HttpClient client = httpClient != null ? httpClient : HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            return new OpenAiCompatibleModel(this, root, endpoint, client);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new ConfigurationException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
