package io.github.deepanalyze.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Profiles text and Markdown documents, and sniffs files of unknown type. */
final class TextProfiler {
    private static final int FIRST_LINES = 10;
    private static final int MAX_LINE_CHARS = 200;

    private final ProfileOptions options;

    TextProfiler(ProfileOptions options) {
        this.options = options;
    }

    /**
     * Profiles {@code path} as text. A file that turns out binary is {@link DataProfile.Unreadable}
     * when {@code expectText} (its name says text), else {@link DataProfile.Binary}.
     */
    DataProfile profile(Path path, long size, boolean expectText) throws IOException {
        String name = String.valueOf(path.getFileName());
        byte[] sample = new byte[(int) Math.min(size, options.sampleBytes())];
        int len;
        try (InputStream in = Files.newInputStream(path)) {
            len = in.readNBytes(sample, 0, sample.length);
        }
        boolean complete = len >= size;
        TextEncoding enc = TextEncoding.detect(sample, len, complete);
        if (enc.binary()) {
            if (expectText) {
                return new DataProfile.Unreadable(path, size, "text", List.of(name
                        + " does not look like text (it holds NUL or control bytes); it may be a binary file with the wrong"
                        + " extension: rename it to its real type"));
            }
            return new DataProfile.Binary(path, size, Magic.describe(sample, len), List.of());
        }
        String text = enc.decode(sample, len);
        List<String> first = new ArrayList<>(FIRST_LINES);
        int start = 0;
        long lines = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines++;
                if (first.size() < FIRST_LINES) {
                    first.add(clip(text, start, i));
                }
                start = i + 1;
            }
        }
        boolean trailing = start < text.length();
        if (trailing && first.size() < FIRST_LINES && complete) {
            first.add(clip(text, start, text.length()));
        }
        boolean estimated = false;
        if (complete) {
            lines += trailing ? 1 : 0;
        } else if (size <= options.exactCountLimitBytes() && enc.asciiCompatible()) {
            lines = countLines(path);
        } else {
            lines = Math.max(lines, Math.round(lines * ((double) size / len)));
            estimated = true;
        }
        return new DataProfile.Text(path, size, enc.name(), lines, estimated, first, List.of());
    }

    private static String clip(String text, int from, int to) {
        int end = to > from && text.charAt(to - 1) == '\r' ? to - 1 : to;
        return end - from <= MAX_LINE_CHARS ? text.substring(from, end) : text.substring(from, from + MAX_LINE_CHARS) + "…";
    }

    private static long countLines(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            byte[] arr = new byte[1 << 20];
            ByteBuffer buf = ByteBuffer.wrap(arr);
            long lines = 0;
            byte last = '\n';
            int n;
            while ((n = ch.read(buf.clear())) >= 0) {
                for (int i = 0; i < n; i++) {
                    if (arr[i] == '\n') {
                        lines++;
                    }
                }
                if (n > 0) {
                    last = arr[n - 1];
                }
            }
            return last == '\n' ? lines : lines + 1;
        }
    }
}
