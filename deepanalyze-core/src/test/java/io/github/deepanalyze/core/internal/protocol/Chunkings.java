package io.github.deepanalyze.core.internal.protocol;

import java.util.SplittableRandom;

/** Feeds text to a parser in different chunkings. */
final class Chunkings {
    private Chunkings() {
    }

    static RecordingListener whole(String text) {
        RecordingListener l = new RecordingListener();
        TagStreamParser p = new TagStreamParser(l);
        p.feed(text);
        p.finish();
        return l;
    }

    static RecordingListener splitAt(String text, int... cuts) {
        RecordingListener l = new RecordingListener();
        TagStreamParser p = new TagStreamParser(l);
        int from = 0;
        for (int cut : cuts) {
            p.feed(text.substring(from, cut));
            from = cut;
        }
        p.feed(text.substring(from));
        p.finish();
        return l;
    }

    static RecordingListener randomChunks(String text, long seed, int maxChunk) {
        SplittableRandom random = new SplittableRandom(seed);
        RecordingListener l = new RecordingListener();
        TagStreamParser p = new TagStreamParser(l);
        int from = 0;
        while (from < text.length()) {
            int to = Math.min(text.length(), from + 1 + random.nextInt(maxChunk));
            p.feed(new StringBuilder(text.subSequence(from, to)));
            from = to;
        }
        p.finish();
        return l;
    }
}
