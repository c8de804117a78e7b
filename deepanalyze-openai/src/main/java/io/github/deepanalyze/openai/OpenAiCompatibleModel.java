package io.github.deepanalyze.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.deepanalyze.common.AnalysisCancelledException;
import io.github.deepanalyze.common.Cancellation;
import io.github.deepanalyze.common.ConfigurationException;
import io.github.deepanalyze.common.ModelException;
import io.github.deepanalyze.model.FinishReason;
import io.github.deepanalyze.model.Generation;
import io.github.deepanalyze.model.GenerationRequest;
import io.github.deepanalyze.model.LanguageModel;
import io.github.deepanalyze.model.SamplingOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

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
 * {@code "</Code>"} ends inside an unclosed {@code <Code>} section. This client returns the text as
 * served; the engine's loop closes the section, the same way for every {@code LanguageModel}.
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

    // a facade: the work is done by the package-private classes listed in package-info.java

    private final String baseUrl;
    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final Map<String, String> headers;
    private final ChatCompletionsCodec codec;
    private final RetryPolicy retryPolicy;
    private final GenerationCall.Settings settings;

    private OpenAiCompatibleModel(Builder b, ApiRoot api, HttpClient http) {
        ObjectMapper json = new ObjectMapper();
        this.baseUrl = api.root();
        this.endpoint = api.endpoint();
        this.model = b.model;
        this.apiKey = b.apiKey;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        ErrorClassifier failures = new ErrorClassifier(endpoint, baseUrl, model, apiKey != null, b.readTimeout, b.callTimeout, json);
        this.codec = new ChatCompletionsCodec(json, model, b.deepAnalyzeExtras, b.extraBody, failures);
        this.retryPolicy = new RetryPolicy(b.maxRetries, b.initialBackoff, b.maxBackoff, b.callTimeout, b.jitter, b.clock, b.sleeper);
        this.settings = new GenerationCall.Settings(describe(), model, endpoint, http, b.readTimeout, b.callTimeout,
                codec, failures, retryPolicy);
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
        GenerationCall call = new GenerationCall(settings, request, onText, httpRequest(codec.requestBody(request)));
        Cancellation.Registration registration = request.cancellation().onCancel(call::cancel);
        try {
            return call.run();
        } finally {
            registration.close();
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

    /** The delay before retry number {@code retry} (0-based), as configured by {@link Builder#retryBackoff}. */
    Duration backoff(int retry) {
        return retryPolicy.backoff(retry);
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
            this.connectTimeout = Checks.positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * The longest silence allowed while waiting for the response or between two chunks of its
         * stream (keep-alive comments count). Exceeding it is a retryable {@link ModelException}.
         * Prefill of a very long prompt happens before the first chunk, so keep it generous.
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = Checks.positive(timeout, "readTimeout");
            return this;
        }

        /** The longest one {@link #generate} call may take, retries and waits included. */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = Checks.positive(timeout, "callTimeout");
            return this;
        }

        /** How many times to retry a retryable failure before any text was delivered; 0 disables retries. */
        public Builder maxRetries(int retries) {
            this.maxRetries = Checks.notNegative(retries, "maxRetries");
            return this;
        }

        /**
         * Exponential backoff between retries: {@code initial}, doubling per retry up to {@code max},
         * each delay randomly reduced by up to half (jitter). {@code Retry-After} overrides it.
         */
        public Builder retryBackoff(Duration initial, Duration max) {
            this.initialBackoff = Checks.positive(initial, "initial backoff");
            this.maxBackoff = Checks.positive(max, "max backoff");
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
            Checks.present(baseUrl, "baseUrl is required, e.g. baseUrl(\"http://localhost:8000/v1\")");
            Checks.present(model, "model is required: the name the server serves, e.g. model(\"DeepAnalyze-8B\")");
            ApiRoot api = ApiRoot.parse(baseUrl);
            Checks.that(apiKey == null || !apiKey.isBlank(), "apiKey is blank; pass null to send no Authorization header");
            for (Map.Entry<String, String> h : headers.entrySet()) {
                try {
                    HttpRequest.newBuilder(api.endpoint()).header(h.getKey(), h.getValue());
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationException("header \"" + h.getKey() + "\" cannot be set: " + e.getMessage());
                }
                Checks.that(!(h.getKey().equalsIgnoreCase("Authorization") && apiKey != null),
                        "both apiKey(...) and an Authorization header are set; use one");
            }
            Checks.that(initialBackoff.compareTo(maxBackoff) <= 0,
                    "the initial backoff " + initialBackoff + " exceeds the max backoff " + maxBackoff);
            HttpClient client = httpClient != null ? httpClient : HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            return new OpenAiCompatibleModel(this, api, client);
        }
    }
}
