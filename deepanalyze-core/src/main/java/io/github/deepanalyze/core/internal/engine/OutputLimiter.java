package io.github.deepanalyze.core.internal.engine;

/**
 * Shortens execution output for the model: keeps a head and a tail and says in between how much
 * was cut, so the model still sees how the output starts and how it ends (where errors are).
 * The reference sends everything, which overflows the context on large prints.
 */
final class OutputLimiter {
    private OutputLimiter() {
    }

    /** {@code text} if it has at most {@code max} characters, else head + note + tail of about {@code max} characters. */
    static String limit(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int budget = Math.max(0, max - 120);
        int head = safeCut(text, budget * 2 / 3);
        int tailStart = safeCut(text, text.length() - (budget - head));
        int omitted = tailStart - head;
        return text.substring(0, head)
                + "\n...[" + omitted + " characters omitted: the output had " + text.length()
                + " characters; print less, e.g. df.head() or summaries]...\n"
                + text.substring(tailStart);
    }

    /** Moves a cut off the middle of a surrogate pair. */
    private static int safeCut(String s, int i) {
        if (i > 0 && i < s.length() && Character.isLowSurrogate(s.charAt(i)) && Character.isHighSurrogate(s.charAt(i - 1))) {
            return i - 1;
        }
        return i;
    }
}
