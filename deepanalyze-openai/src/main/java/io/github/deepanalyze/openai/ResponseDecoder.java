package io.github.deepanalyze.openai;

import io.github.deepanalyze.common.ModelException;
import io.github.deepanalyze.common.TokenUsage;
import io.github.deepanalyze.model.FinishReason;
import io.github.deepanalyze.openai.ChatCompletionsCodec.BodyMode;
import io.github.deepanalyze.openai.ChatCompletionsCodec.Decoded;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * The state of one response body as its bytes arrive: which framing it uses (announced by
 * {@code Content-Type}, else sniffed from the first non-blank byte), the event stream or the
 * buffered whole JSON, and what the decoded parts said so far (finish reason, usage, done).
 * Content deltas go to {@code onContent} as soon as an event completes; a whole JSON answer is
 * decoded at {@link #complete()}. Created per HTTP attempt; not thread-safe.
 */
final class ResponseDecoder {

    /** A whole-JSON answer larger than this is not a chat completion; fail rather than buffer it. */
    static final int MAX_JSON_BODY_BYTES = 64 * 1024 * 1024;

    private final ChatCompletionsCodec codec;
    private final ErrorClassifier failures;
    private final Consumer<String> onContent;
    private final SseDecoder events = new SseDecoder(this::onEvent);
    private final ByteArrayOutputStream whole = new ByteArrayOutputStream();
    private BodyMode mode;
    private FinishReason finishReason;
    private TokenUsage usage;
    private boolean done;

    ResponseDecoder(ChatCompletionsCodec codec, ErrorClassifier failures, BodyMode mode, Consumer<String> onContent) {
        this.codec = codec;
        this.failures = failures;
        this.mode = mode;
        this.onContent = onContent;
    }

    /**
     * Takes the next body chunk. Bytes after the end of the turn ({@code [DONE]}) in the same chunk
     * are not read.
     *
     * @throws ModelException for malformed or error events, or a JSON body that is too large
     */
    void feed(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            if (mode == BodyMode.UNKNOWN) {
                mode = ChatCompletionsCodec.sniff(buffer);
            }
            if (mode == BodyMode.JSON) {
                if (whole.size() + buffer.remaining() > MAX_JSON_BODY_BYTES) {
                    throw failures.tooLarge(MAX_JSON_BODY_BYTES);
                }
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                whole.write(bytes, 0, bytes.length);
            } else if (mode == BodyMode.EVENTS) {
                events.feed(buffer);
                if (done) {
                    break;
                }
            }
        }
    }

    /**
     * The body ended: decodes a buffered whole JSON answer, or dispatches an event still pending.
     *
     * @throws ModelException if the whole answer is empty, malformed or an error object
     */
    void complete() {
        if (mode == BodyMode.JSON) {
            apply(codec.decodeCompletion(whole.toString(StandardCharsets.UTF_8)));
        } else {
            events.finish();
        }
    }

    /** Whether the turn has ended ({@code [DONE]}, or a whole answer decoded). */
    boolean done() {
        return done;
    }

    /** Whether the body is a whole JSON answer rather than an event stream (so far). */
    boolean isJson() {
        return mode == BodyMode.JSON;
    }

    /** The last finish reason reported, or {@code null}. */
    FinishReason finishReason() {
        return finishReason;
    }

    /** The usage reported, or {@code null}. */
    TokenUsage usage() {
        return usage;
    }

    private void onEvent(String data) {
        if (!done) {
            apply(codec.decodeEvent(data));
        }
    }

    private void apply(Decoded d) {
        if (d.content() != null) {
            onContent.accept(d.content());
        }
        if (d.finishReason() != null) {
            finishReason = d.finishReason();
        }
        if (d.usage() != null) {
            usage = d.usage();
        }
        if (d.done()) {
            done = true;
        }
    }
}
