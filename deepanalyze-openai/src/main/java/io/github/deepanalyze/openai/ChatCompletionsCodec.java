package io.github.deepanalyze.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.deepanalyze.common.ModelException;
import io.github.deepanalyze.common.TokenUsage;
import io.github.deepanalyze.model.FinishReason;
import io.github.deepanalyze.model.GenerationRequest;
import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.model.SamplingOptions;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The chat-completions wire format: encodes a {@link GenerationRequest} as the JSON request body,
 * and decodes what comes back, one server-sent event's {@code data} or one whole
 * {@code chat.completion} object at a time, into a {@link Decoded}. Knows nothing of HTTP; a
 * {@link ResponseDecoder} (from {@link #newDecoder}) carries the state of one response body.
 *
 * <p>Immutable and thread-safe: one instance per {@link OpenAiCompatibleModel}.
 */
final class ChatCompletionsCodec {

    /** DeepAnalyze-8B's stop token ids, sent with {@code deepAnalyzeExtras(true)}. */
    static final List<Integer> DEEPANALYZE_STOP_TOKEN_IDS = List.of(151676, 151645);

    /** How a response body is framed; {@link #UNKNOWN} until its first non-blank byte is seen. */
    enum BodyMode { EVENTS, JSON, UNKNOWN }

    /**
     * What one event or whole answer said. {@code content} is {@code null} when it carried no text,
     * {@code finishReason} and {@code usage} when it did not report them; {@code done} marks the end
     * of the turn ({@code [DONE]} or a whole answer).
     */
    record Decoded(String content, FinishReason finishReason, TokenUsage usage, boolean done) {
        /** An event that says nothing (blank data). */
        static final Decoded NOTHING = new Decoded(null, null, null, false);
        /** The {@code [DONE]} event. */
        static final Decoded DONE = new Decoded(null, null, null, true);
    }

    private final ObjectMapper json;
    private final String model;
    private final boolean deepAnalyzeExtras;
    private final Map<String, JsonNode> extraBody;
    private final ErrorClassifier failures;

    /**
     * @param extraBody fields to add or override; a {@code null} value removes the field
     * @throws IllegalArgumentException if Jackson cannot serialise an extra field's value
     */
    ChatCompletionsCodec(ObjectMapper json, String model, boolean deepAnalyzeExtras, Map<String, ?> extraBody,
            ErrorClassifier failures) {
        this.json = json;
        this.model = model;
        this.deepAnalyzeExtras = deepAnalyzeExtras;
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        extraBody.forEach((k, v) -> extra.put(k, v == null ? MissingNode.getInstance() : json.valueToTree(v)));
        this.extraBody = Collections.unmodifiableMap(extra);
        this.failures = failures;
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

    /** A decoder for one response body, passing every non-empty content delta to {@code onContent}. */
    ResponseDecoder newDecoder(BodyMode mode, Consumer<String> onContent) {
        return new ResponseDecoder(this, failures, mode, onContent);
    }

    /** The framing a {@code Content-Type} announces; servers that send neither are sniffed. */
    static BodyMode modeOf(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.contains("event-stream") ? BodyMode.EVENTS : type.contains("json") ? BodyMode.JSON : BodyMode.UNKNOWN;
    }

    /**
     * The framing of a body whose first bytes are in {@code buffer}: a JSON object starts with
     * an opening brace, anything else is read as events. {@link BodyMode#UNKNOWN} if the buffer holds only
     * whitespace. Does not move the buffer's position.
     */
    static BodyMode sniff(ByteBuffer buffer) {
        for (int i = buffer.position(); i < buffer.limit(); i++) {
            byte b = buffer.get(i);
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            return b == '{' ? BodyMode.JSON : BodyMode.EVENTS;
        }
        return BodyMode.UNKNOWN;
    }

    /**
     * One event's {@code data}: {@code [DONE]}, nothing (blank), or a {@code chat.completion.chunk}
     * whose {@code choices[0].delta.content} is the text.
     *
     * @throws ModelException if the data is not a JSON object, or is an error object
     */
    Decoded decodeEvent(String data) {
        String trimmed = data.strip();
        if (trimmed.equals("[DONE]")) {
            return Decoded.DONE;
        }
        if (trimmed.isEmpty()) {
            return Decoded.NOTHING;
        }
        return decodeChunk(parse(data, "stream event"), true);
    }

    /**
     * A whole {@code chat.completion} object (a server that ignored {@code "stream": true}): its
     * {@code choices[0].message.content} is the text; it always ends the turn, with finish reason
     * {@link FinishReason#UNKNOWN} when it names none.
     *
     * @throws ModelException if the body is empty, not a JSON object, or an error object
     */
    Decoded decodeCompletion(String body) {
        if (body.isBlank()) {
            throw failures.emptyBody();
        }
        Decoded d = decodeChunk(parse(body, "response"), false);
        return new Decoded(d.content(), d.finishReason() == null ? FinishReason.UNKNOWN : d.finishReason(), d.usage(), true);
    }

    /** The finish reason a server's wire name stands for; names this client does not know are {@link FinishReason#UNKNOWN}. */
    static FinishReason finishReason(String wire) {
        return switch (wire.toLowerCase(Locale.ROOT)) {
            case "stop", "eos", "eos_token", "stop_sequence" -> FinishReason.STOP;
            case "length", "max_tokens" -> FinishReason.LENGTH;
            default -> FinishReason.UNKNOWN;
        };
    }

    private Decoded decodeChunk(JsonNode chunk, boolean streaming) {
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            throw failures.errorEvent(chunk);
        }
        String content = null;
        FinishReason finishReason = null;
        JsonNode choices = chunk.get("choices");
        if (choices != null && choices.isArray() && !choices.isEmpty()) {
            JsonNode choice = choices.get(0);
            JsonNode text = streaming ? choice.path("delta").path("content") : choice.path("message").path("content");
            if (text.isTextual() && !text.asText().isEmpty()) {
                content = text.asText();
            }
            JsonNode reason = choice.get("finish_reason");
            if (reason != null && reason.isTextual()) {
                finishReason = finishReason(reason.asText());
            }
        }
        TokenUsage usage = null;
        JsonNode u = chunk.get("usage");
        if (u != null && u.isObject()) {
            usage = new TokenUsage(Math.max(0, u.path("prompt_tokens").asLong(0)), Math.max(0, u.path("completion_tokens").asLong(0)));
        }
        return new Decoded(content, finishReason, usage, false);
    }

    private JsonNode parse(String data, String what) {
        JsonNode node;
        try {
            node = json.readTree(data);
        } catch (JsonProcessingException e) {
            throw failures.malformed(data, what, e);
        }
        if (node == null || !node.isObject()) {
            throw failures.malformed(data, what, null);
        }
        return node;
    }
}
