package io.github.deepanalyze.graalpy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The stdout or stderr of one context: a stream fixed at context build time whose buffer is
 * swapped per block. Keeps at most the block's cap and silently drops the rest (remembering that
 * it did), so a 100 MB print costs the host a few MB at most. Between blocks (warm-up, a runaway
 * block that was abandoned) output is discarded.
 *
 * <p>Thread-safe: the context thread writes while the caller may read after a timeout.
 */
final class CapturedOutput extends OutputStream {
    private ByteArrayOutputStream buffer;
    private int maxChars;
    private long maxBytes;
    private boolean dropped;

    /** Starts capturing for a block that may keep {@code maxChars} characters. */
    synchronized void begin(int maxChars) {
        this.maxChars = maxChars;
        // UTF-8 needs at most 4 bytes per char: enough bytes to fill the cap, never unbounded
        this.maxBytes = Math.min((long) maxChars * 4L, Integer.MAX_VALUE - 16);
        this.buffer = new ByteArrayOutputStream((int) Math.min(maxBytes, 8192));
        this.dropped = false;
    }

    /** Stops capturing and returns what the block wrote. */
    synchronized Captured end() {
        if (buffer == null) {
            return new Captured("", false);
        }
        String s = buffer.toString(StandardCharsets.UTF_8);
        boolean cut = dropped;
        if (s.length() > maxChars) {
            s = s.substring(0, maxChars);
            cut = true;
        }
        buffer = null;
        return new Captured(s, cut);
    }

    @Override
    public synchronized void write(int b) {
        if (buffer == null) {
            return;
        }
        if (buffer.size() < maxBytes) {
            buffer.write(b);
        } else {
            dropped = true;
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (buffer == null) {
            return;
        }
        long room = maxBytes - buffer.size();
        if (room >= len) {
            buffer.write(b, off, len);
        } else {
            if (room > 0) {
                buffer.write(b, off, (int) room);
            }
            dropped = true;
        }
    }

    record Captured(String text, boolean truncated) {
    }
}
