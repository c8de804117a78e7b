package io.github.deepanalyze.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.deepanalyze.common.ModelException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;

/**
 * Turns what went wrong on the wire into a {@link ModelException}: whether it is retryable, its
 * HTTP status, and a message that names the endpoint, quotes the server's own words (truncated) and
 * says what to check. One instance per {@link OpenAiCompatibleModel}; it only builds exceptions, the
 * caller throws them. Retrying is {@link RetryPolicy}'s decision, made from
 * {@link ModelException#isRetryable()}.
 *
 * <p>Retryable: connection failures, HTTP 408, 429 and 5xx, an error event with code 429 or 5xx, a
 * stream that breaks or ends early, a read timeout. Not retryable: other 4xx, malformed JSON, a body
 * too large, the call timeout. Immutable and thread-safe.
 */
final class ErrorClassifier {

    /** How much of a server's message a {@link ModelException} quotes. */
    static final int MAX_QUOTED_CHARS = 300;

    private final URI endpoint;
    private final String baseUrl;
    private final String model;
    private final boolean hasApiKey;
    private final Duration readTimeout;
    private final Duration callTimeout;
    private final ObjectMapper json;

    ErrorClassifier(URI endpoint, String baseUrl, String model, boolean hasApiKey, Duration readTimeout,
            Duration callTimeout, ObjectMapper json) {
        this.endpoint = endpoint;
        this.baseUrl = baseUrl;
        this.model = model;
        this.hasApiKey = hasApiKey;
        this.readTimeout = readTimeout;
        this.callTimeout = callTimeout;
        this.json = json;
    }

    /** The request failed before any response headers arrived. */
    ModelException connection(Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return new ModelException("connecting to " + endpoint + " timed out (" + describe(cause)
                    + "); check that the server is running and reachable, or raise connectTimeout(...)", -1, true, cause);
        }
        if (cause instanceof ConnectException) {
            return new ModelException("could not connect to " + endpoint + " (" + describe(cause)
                    + "); check that the server is running and that baseUrl is right", -1, true, cause);
        }
        if (cause instanceof IOException) {
            return new ModelException("the request to " + endpoint + " failed before a response arrived ("
                    + describe(cause) + ")", -1, true, cause);
        }
        return new ModelException("the request to " + endpoint + " failed (" + describe(cause) + ")", -1, false, cause);
    }

    /** The server answered with a non-2xx {@code status} and {@code body} (possibly empty or not JSON). */
    ModelException status(int status, String body) {
        String serverMessage = body.isBlank() ? "(empty body)" : "\"" + quote(errorMessage(tryParse(body), body)) + "\"";
        boolean retryable = status == 408 || status == 429 || status >= 500;
        String hint = switch (status) {
            case 401, 403 -> hasApiKey
                    ? "check the API key given to apiKey(...)"
                    : "the server wants credentials: set apiKey(...)";
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

    /** A chunk of a 2xx answer carried an {@code error} object instead of content. */
    ModelException errorEvent(JsonNode chunk) {
        int code = chunk.path("error").path("code").asInt(-1);
        return new ModelException(endpoint + " reported an error in the middle of the turn: "
                + quote(errorMessage(chunk, chunk.toString())), code, code == 429 || code >= 500, null);
    }

    /** {@code data} ({@code what}: "stream event" or "response") is not a JSON object. */
    ModelException malformed(String data, String what, Exception cause) {
        return new ModelException("malformed JSON in the " + what + " from " + endpoint + ": \"" + quote(data)
                + "\"; is baseUrl pointing at an OpenAI-compatible /v1 API?", -1, false, cause);
    }

    /** A whole-JSON answer outgrew {@code maxBytes}. */
    ModelException tooLarge(int maxBytes) {
        return new ModelException("the JSON response from " + endpoint + " exceeds "
                + maxBytes + " bytes; is baseUrl pointing at a chat-completions API?", false);
    }

    /** A whole-JSON answer had no body. */
    ModelException emptyBody() {
        return new ModelException("the response from " + endpoint + " had an empty body; expected a chat.completion", false);
    }

    /** The stream failed after {@code received} characters, before the turn's finish_reason. */
    ModelException streamBroke(int received, Throwable cause) {
        return new ModelException("the stream from " + endpoint + " broke after " + received
                + " characters of the turn (" + describe(cause) + "); the server may have crashed or restarted",
                -1, true, cause);
    }

    /** The body ended cleanly but said neither finish_reason nor [DONE]. */
    ModelException incomplete(int received) {
        return new ModelException("the stream from " + endpoint + " ended after " + received
                + " characters without a finish_reason or [DONE]; the turn is incomplete", -1, true, null);
    }

    /** The whole call, retries included, took longer than the call timeout. */
    ModelException callTimedOut(int received) {
        return new ModelException("the call to " + endpoint + " did not finish within the call timeout of "
                + callTimeout + " (" + received + " characters received); raise callTimeout(...) or lower maxNewTokens",
                -1, false, null);
    }

    /** The server sent nothing for the read timeout. */
    ModelException readTimedOut(int received) {
        return new ModelException("no data from " + endpoint + " for " + readTimeout + " (read timeout, "
                + received + " characters received); the server may be stalled or overloaded. Raise readTimeout(...)"
                + " if it needs longer to start answering long prompts", -1, true, null);
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

    /** {@code s} on one line, cut to {@link #MAX_QUOTED_CHARS}. */
    static String quote(String s) {
        String oneLine = s.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_QUOTED_CHARS ? oneLine : oneLine.substring(0, MAX_QUOTED_CHARS) + "…";
    }

    /** The exception's simple class name and message, e.g. {@code ConnectException: Connection refused}. */
    static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + m;
    }

    private JsonNode tryParse(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
