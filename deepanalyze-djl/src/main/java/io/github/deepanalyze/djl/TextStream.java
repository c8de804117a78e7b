package io.github.deepanalyze.djl;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns generated token ids into text deltas: decodes incrementally, holds back text that may still
 * change (an incomplete UTF-8 sequence, shown by the decoder as a trailing U+FFFD) or that may be
 * the start of a stop string, and cuts the text before the first stop string. Not thread-safe: one
 * per generation.
 */
final class TextStream {
    private final Function<long[], String> decode;
    private final List<String> stops;
    private final int longestStop;
    private final Consumer<String> onText;
    private long[] ids = new long[64];
    private int size;
    /** Tokens before prefixOffset are final; [prefixOffset, readOffset) is kept as decoding context. */
    private int prefixOffset;
    private int readOffset;
    private final StringBuilder text = new StringBuilder();
    private int emitted;
    private boolean stopped;

    TextStream(Function<long[], String> decode, List<String> stops, Consumer<String> onText) {
        this.decode = decode;
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
        this.longestStop = this.stops.stream().mapToInt(String::length).max().orElse(0);
        this.onText = onText;
    }

    /** Adds a generated token; returns {@code true} if the text now contains a stop string (and was cut before it). */
    boolean add(long id) {
        if (stopped) {
            throw new IllegalStateException("the stream already stopped");
        }
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size++] = id;
        String prefix = decode.apply(Arrays.copyOfRange(ids, prefixOffset, readOffset));
        String full = decode.apply(Arrays.copyOfRange(ids, prefixOffset, size));
        if (full.length() > prefix.length() && !full.endsWith("\uFFFD") && full.startsWith(prefix)) {
            text.append(full, prefix.length(), full.length());
            prefixOffset = readOffset;
            readOffset = size;
        }
        return emit(false);
    }

    /** Flushes what was held back (an incomplete character becomes U+FFFD, a partial stop string is text). */
    void finish() {
        if (stopped) {
            return;
        }
        String prefix = decode.apply(Arrays.copyOfRange(ids, prefixOffset, readOffset));
        String full = decode.apply(Arrays.copyOfRange(ids, prefixOffset, size));
        if (full.length() > prefix.length()) {
            text.append(full, prefix.length(), full.length());
        }
        prefixOffset = readOffset = size;
        emit(true);
    }

    /** The text so far (complete after {@link #finish()} or a stop), without the stop string. */
    String text() {
        return text.toString();
    }

    int tokens() {
        return size;
    }

    private boolean emit(boolean last) {
        int from = Math.max(0, emitted - longestStop);
        int cut = -1;
        for (String s : stops) {
            int i = text.indexOf(s, from);
            if (i >= 0 && (cut < 0 || i < cut)) {
                cut = i;
            }
        }
        if (cut >= 0) {
            text.setLength(cut);
            stopped = true;
        }
        int safe = text.length();
        if (!stopped && !last) {
            safe -= partialStopSuffix();
        }
        if (safe > emitted) {
            onText.accept(text.substring(emitted, safe));
            emitted = safe;
        }
        return stopped;
    }

    /** Length of the longest suffix of the text that is a proper prefix of a stop string. */
    private int partialStopSuffix() {
        int best = 0;
        for (String s : stops) {
            for (int k = Math.min(s.length() - 1, text.length()); k > best; k--) {
                if (text.substring(text.length() - k).equals(s.substring(0, k))) {
                    best = k;
                    break;
                }
            }
        }
        return best;
    }
}
