package io.github.deepanalyze.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.github.deepanalyze.testing.ScriptedModelServer.Reply;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a {@link Reply} as an OpenAI chat-completions response the way vLLM
 * sends one: server-sent events (role chunk, content chunks, finish chunk, usage chunk when asked
 * for, {@code data: [DONE]}) or a single {@code chat.completion} object, with the reply's faults
 * injected on the way. Stateless, so thread-safe; arguments must not be null.
 */
final class ReplyWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplyWriter() {
    }

    /** Returns whether the connection must be dropped without ending the response. */
    static boolean serve(HttpExchange exchange, Reply reply, RecordedRequest request) throws IOException, InterruptedException {
        if (!reply.stallBeforeResponse.isZero()) {
            Thread.sleep(reply.stallBeforeResponse.toMillis());
        }
        reply.headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        if (reply.status != 200) {
            sendJson(exchange, reply.status, reply.errorBody);
            return false;
        }
        String model = request.body().path("model").asText("scripted");
        List<String> chunks = reply.chunks();
        long completion = reply.completionTokens >= 0 ? reply.completionTokens : chunks.size();
        long prompt = reply.promptTokens >= 0 ? reply.promptTokens : promptEstimate(request);
        if (reply.nonStreaming || !request.wantsStream()) {
            ObjectNode root = JSON.createObjectNode();
            root.put("id", "chatcmpl-scripted-" + request.index()).put("object", "chat.completion").put("model", model);
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", reply.content);
            choice.put("finish_reason", reply.finishReason);
            if (reply.usage) {
                root.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                        .put("total_tokens", prompt + completion);
            }
            sendJson(exchange, 200, root.toString());
            return false;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        String eol = reply.crlf ? "\r\n" : "\n";
        String id = "chatcmpl-scripted-" + request.index();
        ObjectNode delta = JSON.createObjectNode().put("role", "assistant").put("content", "");
        event(out, reply, eol, chunk(id, model, delta, null));
        int sent = 0;
        boolean faultDone = reply.fault == null;
        for (String c : chunks) {
            if (reply.chunkDelay.toMillis() > 0) {
                Thread.sleep(reply.chunkDelay.toMillis());
            }
            if (!faultDone && sent >= reply.faultAtChars) {
                faultDone = true;
                if (fault(out, reply, eol)) {
                    return true;
                }
            }
            event(out, reply, eol, chunk(id, model, JSON.createObjectNode().put("content", c), null));
            sent += c.length();
        }
        if (!faultDone && fault(out, reply, eol)) {
            return true;
        }
        if (reply.finishReason != null) {
            event(out, reply, eol, chunk(id, model, JSON.createObjectNode(), reply.finishReason));
        }
        if (reply.usage && request.wantsUsage()) {
            ObjectNode usage = JSON.createObjectNode().put("id", id).put("object", "chat.completion.chunk").put("model", model);
            usage.putArray("choices");
            usage.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                    .put("total_tokens", prompt + completion);
            event(out, reply, eol, usage);
        }
        if (reply.sendDone) {
            out.write(("data: [DONE]" + eol + eol).getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
        return false;
    }

    /** Injects the reply's fault; returns whether to drop the connection. */
    private static boolean fault(OutputStream out, Reply reply, String eol) throws IOException, InterruptedException {
        out.flush();
        switch (reply.fault) {
            case CLOSE -> {
                return true;
            }
            case MALFORMED -> {
                out.write(("data: {\"choices\": [{\"delta\": {\"content\": oops" + eol + eol).getBytes(StandardCharsets.UTF_8));
                out.flush();
                return false;
            }
            case STALL -> {
                Thread.sleep(reply.faultStall.toMillis());
                return false;
            }
            case ERROR_EVENT -> {
                out.write(("data: " + reply.errorBody + eol + eol).getBytes(StandardCharsets.UTF_8));
                out.flush();
                return false;
            }
        }
        return false;
    }

    private static ObjectNode chunk(String id, String model, ObjectNode delta, String finishReason) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", id).put("object", "chat.completion.chunk").put("created", 1_700_000_000L).put("model", model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.put("finish_reason", finishReason);
        return root;
    }

    private static void event(OutputStream out, Reply reply, String eol, JsonNode data) throws IOException {
        StringBuilder sb = new StringBuilder();
        if (reply.keepAlives) {
            sb.append(": keep-alive").append(eol);
        }
        if (reply.multiLineEvents) {
            String pretty = data.toPrettyString();
            for (String line : pretty.split("\n", -1)) {
                sb.append("data: ").append(line.replace("\r", "")).append(eol);
            }
        } else {
            sb.append("data: ").append(data).append(eol);
        }
        sb.append(eol);
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static long promptEstimate(RecordedRequest request) {
        long chars = 0;
        for (JsonNode m : request.body().path("messages")) {
            chars += m.path("content").asText().length();
        }
        return (chars + 3) / 4;
    }

    static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }
}
