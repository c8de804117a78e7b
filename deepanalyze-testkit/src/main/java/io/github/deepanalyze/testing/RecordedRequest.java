package io.github.deepanalyze.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.model.Role;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A chat-completions request as {@link ScriptedModelServer} received it.
 *
 * @param index 0-based arrival order among the server's chat-completions requests
 * @param headers request headers, names case-insensitive
 * @param body the parsed JSON body
 */
public record RecordedRequest(int index, Map<String, List<String>> headers, JsonNode body) {

    public RecordedRequest {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        headers = Collections.unmodifiableMap(copy);
        Objects.requireNonNull(body, "body");
    }

    /** The first value of header {@code name}, or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The {@code messages} of the body as API messages; unknown roles fail the test. */
    public List<Message> messages() {
        List<Message> out = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            String wire = m.path("role").asText();
            Role role = null;
            for (Role r : Role.values()) {
                if (r.wireName().equals(wire)) {
                    role = r;
                }
            }
            if (role == null) {
                throw new AssertionError("request " + index + " has a message with unknown role \"" + wire + "\"");
            }
            out.add(new Message(role, m.path("content").asText()));
        }
        return List.copyOf(out);
    }

    /** The last message of the body. */
    public Message lastMessage() {
        List<Message> all = messages();
        if (all.isEmpty()) {
            throw new AssertionError("request " + index + " has no messages");
        }
        return all.get(all.size() - 1);
    }

    /** Whether the client asked for a usage chunk at the end of the stream. */
    public boolean wantsUsage() {
        return body.path("stream_options").path("include_usage").asBoolean(false);
    }

    /** Whether the client asked for a streamed answer. */
    public boolean wantsStream() {
        return body.path("stream").asBoolean(false);
    }
}
