package io.github.deepanalyze.openai;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Incremental decoder for a {@code text/event-stream} body (the WHATWG server-sent events format):
 * lines end with LF, CRLF or CR, possibly split across network chunks; lines starting with
 * {@code :} are comments (keep-alives); several {@code data:} lines of one event are joined with
 * {@code \n}; a blank line dispatches the event. Only the {@code data} field matters for chat
 * completions, so {@code event}, {@code id} and {@code retry} are ignored.
 *
 * <p>Lines are split on bytes before decoding: UTF-8 never uses the bytes of CR or LF inside a
 * multi-byte character, so a character split across chunks is decoded whole. Not thread-safe.
 */
final class SseDecoder {
    /** A single line longer than this is not a chat-completion chunk; fail rather than buffer forever. */
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    private final Consumer<String> onData;
    private byte[] line = new byte[512];
    private int lineLength;
    private boolean skipLineFeed;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;

    SseDecoder(Consumer<String> onData) {
        this.onData = onData;
    }

    /** Decodes the bytes of {@code buffer}, dispatching every event it completes. */
    void feed(ByteBuffer buffer) {
        while (buffer.hasRemaining()) {
            byte b = buffer.get();
            if (skipLineFeed) {
                skipLineFeed = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\n') {
                endLine();
            } else if (b == '\r') {
                endLine();
                skipLineFeed = true;
            } else {
                append(b);
            }
        }
    }

    /**
     * Ends the stream. An event still pending (no blank line after it) is dispatched: servers that
     * close the connection right after their last {@code data:} line still meant it.
     */
    void finish() {
        if (lineLength > 0) {
            endLine();
        }
        dispatch();
    }

    private void append(byte b) {
        if (lineLength == line.length) {
            if (line.length >= MAX_LINE_BYTES) {
                throw new IllegalStateException("an event-stream line exceeds " + MAX_LINE_BYTES + " bytes");
            }
            line = Arrays.copyOf(line, Math.min(line.length * 2, MAX_LINE_BYTES));
        }
        line[lineLength++] = b;
    }

    private void endLine() {
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        lineLength = 0;
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        if (!field.equals("data")) {
            return;
        }
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (hasData) {
            data.append('\n');
        }
        data.append(value);
        hasData = true;
    }

    private void dispatch() {
        if (!hasData) {
            return;
        }
        String event = data.toString();
        data.setLength(0);
        hasData = false;
        onData.accept(event);
    }
}
