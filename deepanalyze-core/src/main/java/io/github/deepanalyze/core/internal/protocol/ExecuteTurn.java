package io.github.deepanalyze.core.internal.protocol;

import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.PythonError;
import java.util.Objects;

/**
 * The one owner of the {@code <Execute>} turn's wording: renders an {@link ExecutionResult} as the
 * text the model reads, the same for every executor, and shortens it to the output budget.
 *
 * <p>The reference wording, in order:
 * <ol>
 *   <li>NOTEBOOK mode, when the interpreter was replaced ({@link ExecutionResult#stateLost()}):
 *       {@code [Note]: the previous block's interpreter was discarded; notebook variables were reset.}
 *       on a line of its own;</li>
 *   <li>the raw stdout, then the raw stderr starting on a line of its own (no fences, no decoration);</li>
 *   <li>on its own line, by outcome: {@code [Error]:\n<traceback>} for a Python error, followed
 *       by {@code [Hint]: <hint>} on its own line when the executor suggested a remedy;
 *       {@code [Timeout]: execution exceeded N seconds} with N the request's limit in whole seconds;
 *       {@code [Cancelled]: the analysis was cancelled}; {@code [Crashed]: <detail>};
 *       {@code [ResourceExhausted]: <detail>}, or the Python traceback alone when the limit surfaced
 *       as a Python exception such as {@code RecursionError}.</li>
 * </ol>
 * A result's {@link ExecutionResult#detail()} replaces the default sentence of a cancelled or
 * crashed block and is appended to a timeout's ({@code ; <detail>}).
 *
 * <p>Stateless and thread-safe; arguments must be non-null.
 */
public final class ExecuteTurn {
    static final String STATE_LOST_NOTE =
            "[Note]: the previous block's interpreter was discarded; notebook variables were reset.\n";
    /** Characters the shortening note itself takes, roughly; the kept head and tail share the rest. */
    private static final int NOTE_ALLOWANCE = 120;

    private ExecuteTurn() {
    }

    /** The text of the Execute turn for {@code result}, in full. */
    public static String render(ExecutionResult result) {
        Objects.requireNonNull(result, "result");
        String stdout = result.stdout();
        String stderr = result.stderr();
        StringBuilder sb = new StringBuilder(stdout.length() + stderr.length() + 128);
        if (result.stateLost()) {
            sb.append(STATE_LOST_NOTE);
        }
        sb.append(stdout);
        appendOnOwnLine(sb, stderr);
        switch (result.outcome()) {
            case SUCCESS -> { }
            case ERROR -> {
                appendOnOwnLine(sb, "[Error]:\n" + result.error().traceback());
                appendHint(sb, result.error());
            }
            case TIMEOUT -> appendOnOwnLine(sb, "[Timeout]: execution exceeded " + result.timeLimit().toSeconds() + " seconds"
                    + (result.detail().isEmpty() ? "" : "; " + result.detail()));
            case CANCELLED -> appendOnOwnLine(sb, "[Cancelled]: "
                    + (result.detail().isEmpty() ? "the analysis was cancelled" : result.detail()));
            case CRASHED -> appendOnOwnLine(sb, "[Crashed]: "
                    + (result.detail().isEmpty() ? "the interpreter died; a fresh one runs the next block" : result.detail()));
            case RESOURCE_EXHAUSTED -> {
                if (result.error() != null) {
                    appendOnOwnLine(sb, result.error().traceback());
                    appendHint(sb, result.error());
                }
                if (!result.detail().isEmpty() || result.error() == null) {
                    appendOnOwnLine(sb, "[ResourceExhausted]: "
                            + (result.detail().isEmpty() ? "the block exceeded a resource limit" : result.detail()));
                }
            }
        }
        return sb.toString();
    }

    /** The Execute turn for {@code result}, shortened to at most about {@code maxChars} characters with {@link #shorten}. */
    public static Rendered render(ExecutionResult result, int maxChars) {
        String full = render(result);
        return new Rendered(shorten(full, maxChars), full.length());
    }

    /**
     * {@code text} if it has at most {@code max} characters, else its head and tail with a note in
     * between saying how much was cut, about {@code max} characters in all: the model still sees
     * how the output starts and how it ends (where errors are). The reference sends everything,
     * which overflows the context on large prints.
     */
    public static String shorten(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int budget = Math.max(0, max - NOTE_ALLOWANCE);
        int head = safeCut(text, budget * 2 / 3);
        int tailStart = safeCut(text, text.length() - (budget - head));
        int omitted = tailStart - head;
        return text.substring(0, head)
                + "\n...[" + omitted + " characters omitted: the output had " + text.length()
                + " characters; print less, e.g. df.head() or summaries]...\n"
                + text.substring(tailStart);
    }

    private static void appendHint(StringBuilder sb, PythonError error) {
        if (!error.hint().isEmpty()) {
            appendOnOwnLine(sb, "[Hint]: " + error.hint());
        }
    }

    private static void appendOnOwnLine(StringBuilder sb, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != '\n') {
            sb.append('\n');
        }
        sb.append(text);
    }

    /** Moves a cut off the middle of a surrogate pair. */
    private static int safeCut(String s, int i) {
        if (i > 0 && i < s.length() && Character.isLowSurrogate(s.charAt(i)) && Character.isHighSurrogate(s.charAt(i - 1))) {
            return i - 1;
        }
        return i;
    }

    /**
     * A rendered Execute turn.
     *
     * @param text what the model is given, possibly shortened
     * @param fullLength the length of the text before shortening
     */
    public record Rendered(String text, int fullLength) {
        public Rendered {
            Objects.requireNonNull(text, "text");
        }

        /** Whether {@link #text()} was shortened to fit the output budget. */
        public boolean shortened() {
            return text.length() != fullLength;
        }
    }
}
