package io.github.deepanalyze.core.internal.protocol;

import io.github.deepanalyze.StepKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Incremental parser for DeepAnalyze's action-tag protocol: turns a stream of text chunks into
 * {@link Section}s ({@code <Analyze>}, {@code <Understand>}, {@code <Code>}, {@code <Execute>},
 * {@code <Answer>}) and reports them to a {@link SectionListener} as they are recognised.
 *
 * <p>The result does not depend on how the text is chunked: a tag split across chunks at any
 * character is recognised, and the sequence of sections, and the concatenation of the text deltas
 * of each section, are the same for every chunking. Text is passed on as soon as it is known to be
 * body text; the parser holds back only input that could still turn out to be a tag (at most a
 * partial tag, or, for a tag inside an apparent Markdown code span or fence info line, the rest of
 * that line).
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Tags are exact and case-sensitive: {@code <Analyze>} … {@code </Answer>}. Any other
 *       angle-bracket text ({@code <think>}, {@code <div>}, {@code <analyze>}) is body text.</li>
 *   <li>A section body is the exact text between its tags, never trimmed.</li>
 *   <li>Inside {@code <Code>} only {@code </Code>} ends the section, wherever it appears (the
 *       server's stop string behaves the same), so nothing written in the code — a Markdown fence,
 *       a string holding a tag — can swallow the rest of the stream. {@code <Execute>} is program
 *       output, not Markdown, and likewise ends only at {@code </Execute>}.</li>
 *   <li>In {@code <Analyze>}, {@code <Understand>} and {@code <Answer>} text the parser follows
 *       Markdown: tags inside an inline code span ({@code `…`}, ended by a backtick run of the same
 *       length on the same line) or a fenced code block (a line starting with up to three spaces and
 *       at least three backticks or tildes, ended by a line holding a fence of the same character
 *       at least as long) are text. Simplifications: a code span never crosses a line break, and a
 *       backtick fence whose info string contains a backtick is an inline span, as in CommonMark.</li>
 *   <li>An opening tag while a Markdown section is open closes that section with
 *       {@code closed == false} and opens the new one. A closing tag that does not match the open
 *       section, or arrives when none is open, is body text.</li>
 *   <li>Non-whitespace text outside any section (before the first tag, or between sections) forms
 *       an untagged {@link StepKind#ANALYZE} section, as the reference UI shows it; its body starts
 *       at the end of the previous section, so it includes leading whitespace. It ends at the next
 *       opening tag ({@code closed == false}) or at a {@code </Analyze>} ({@code closed == true}).
 *       Whitespace-only text between sections is not a section.</li>
 *   <li>A section still open when {@link #finish()} is called is reported with
 *       {@code closed == false}, e.g. a {@code <Code>} whose {@code </Code>} the server's stop string
 *       swallowed.</li>
 *   <li>An {@code <Execute>} written by the model (reference issue #39) is reported like any other
 *       {@link StepKind#EXECUTE} section; deciding what to do about it is the caller's job.</li>
 * </ul>
 *
 * <p>Not thread-safe: use one instance per stream, from one thread at a time. The listener is called
 * on that thread, inside {@link #feed} and {@link #finish}; its exceptions propagate to their caller
 * and leave the parser in an unspecified state, so guard a listener you do not trust. All arguments
 * must be non-null.
 *
 * <p>Cost: linear in the input, with no per-character allocation; one {@code String} per text delta.
 *
 * <p>Over 500 lines because it is one state machine whose states (section, code span, fence, held-back
 * partial tag) share the same buffer and must change together to stay chunking-invariant; split
 * apart, each piece would need the others' state.
 */
public final class TagStreamParser {

    private static final StepKind[] KINDS = StepKind.values();
    private static final String[] NAMES = new String[KINDS.length];
    private static final String[] CLOSE_TAGS = new String[KINDS.length];

    static {
        for (StepKind k : KINDS) {
            NAMES[k.ordinal()] = k.tagName();
            CLOSE_TAGS[k.ordinal()] = k.closeTag();
        }
    }

    // matchTag results; a tag is encoded as ordinal * 2 + (closing ? 1 : 0)
    /** Held-back input shorter than this is copied into each new chunk rather than scanned in place. */
    private static final int COPY_CARRY_LIMIT = 1024;

    private static final int NO_TAG = -1;
    private static final int NEED_MORE = -2;

    // result of the '<' handler in Markdown text
    private static final int AS_TEXT = -1;
    private static final int HOLD = -2;

    // sub-states inside a fenced block
    private static final int FL_INFO = 0;
    private static final int FL_INDENT = 1;
    private static final int FL_RUN = 2;
    private static final int FL_TRAIL = 3;
    private static final int FL_CONTENT = 4;

    private final SectionListener listener;
    private final List<Section> sections = new ArrayList<>();
    private final StringBuilder carry = new StringBuilder();
    private final StringBuilder body = new StringBuilder();
    private final StringBuilder pendingSpace = new StringBuilder();
    private StepKind open;
    private boolean finished;
    private int textStart;

    // Markdown state of the open Analyze / Understand / Answer section
    private boolean lineStart;
    private int indent;
    private char runChar;
    private int runLen;
    private boolean runAtLineStart;
    private int spanLen;
    private int fenceLen;
    private char fenceChar;
    private int fenceState;
    private int fenceIndent;
    private int fenceRun;
    // where an unfinished look-ahead for a held-back tag resumes (offset from the tag; -1: none)
    private int lookFrom = -1;
    private int lookAny;

    /**
     * A parser that reports to {@code listener}.
     *
     * @throws NullPointerException if {@code listener} is null
     */
    public TagStreamParser(SectionListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** A parser without a listener; read the result with {@link #sections()}. */
    public TagStreamParser() {
        this(new SectionListener() { });
    }

    /**
     * Parses the next chunk of the stream.
     *
     * @throws IllegalStateException if {@link #finish()} was already called
     */
    public void feed(CharSequence chunk) {
        Objects.requireNonNull(chunk, "chunk");
        if (finished) {
            throw new IllegalStateException("feed() after finish(): create a new TagStreamParser for a new stream");
        }
        if (chunk.isEmpty()) {
            return;
        }
        if (carry.length() < COPY_CARRY_LIMIT) {
            // the usual case: nothing or a few chars held back; scanning a String keeps the hot loops monomorphic
            String s = carry.isEmpty() ? chunk.toString() : carry.append(chunk).toString();
            carry.setLength(0);
            int hold = process(s, false);
            if (hold < s.length()) {
                carry.append(s, hold, s.length());
            }
        } else {
            // a long held-back line (a tag in an open code span): append and scan in place, never copy it again
            carry.append(chunk);
            carry.delete(0, process(carry, false));
        }
    }

    /**
     * Ends the stream: decides what held-back text was, and reports a still open section with
     * {@code closed == false}. Calling it again has no effect.
     */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        process(carry, true);
        carry.setLength(0);
        pendingSpace.setLength(0);
        if (open != null) {
            closeSection(false);
        }
    }

    /** The sections completed so far, in stream order; an unmodifiable snapshot. */
    public List<Section> sections() {
        return List.copyOf(sections);
    }

    /** Parses a whole text at once. */
    public static List<Section> parse(String text) {
        TagStreamParser p = new TagStreamParser();
        p.feed(text);
        p.finish();
        return p.sections();
    }

    /** Parses {@code s}; returns the index from which input is held back for the next chunk. */
    private int process(CharSequence s, boolean eof) {
        int i = 0;
        textStart = 0;
        while (i < s.length()) {
            int r;
            if (open == null) {
                r = scanOutside(s, i, eof);
            } else if (open == StepKind.CODE || open == StepKind.EXECUTE) {
                r = scanRaw(s, i, eof);
            } else {
                r = scanMarkdown(s, i, eof);
            }
            if (r < 0) {
                return ~r;
            }
            i = r;
        }
        flush(s, s.length()); // a stray closing tag that ends the input is pending text
        return s.length();
    }

    // ---- outside any section

    private int scanOutside(CharSequence s, int i, boolean eof) {
        final int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '<') {
                int t = matchTag(s, i, eof);
                if (t == NEED_MORE) {
                    return ~i;
                }
                if (t >= 0 && (t & 1) == 0) {
                    pendingSpace.setLength(0);
                    openSection(KINDS[t >> 1]);
                    int end = i + tagLength(t);
                    textStart = end;
                    return end;
                }
                // a closing tag (or no tag) starts untagged text; the tag itself is text
                startUntagged(s, i);
                int end = t >= 0 ? i + tagLength(t) : i + 1;
                lineStart = false;
                return end;
            }
            if (Character.isWhitespace(c)) {
                pendingSpace.append(c);
                i++;
            } else {
                startUntagged(s, i);
                return i;
            }
        }
        return ~n;
    }

    private void startUntagged(CharSequence s, int i) {
        openSection(StepKind.ANALYZE);
        for (int k = 0; k < pendingSpace.length(); k++) {
            char c = pendingSpace.charAt(k);
            if (c == '\n') {
                lineStart = true;
                indent = 0;
            } else if (c == ' ' && lineStart && indent < 3) {
                indent++;
            } else {
                lineStart = false;
            }
        }
        if (!pendingSpace.isEmpty()) {
            String delta = pendingSpace.toString();
            pendingSpace.setLength(0);
            body.append(delta);
            listener.onText(open, delta);
        }
        textStart = i;
    }

    // ---- Code and Execute: only the own closing tag counts

    private int scanRaw(CharSequence s, int i, boolean eof) {
        final int n = s.length();
        String close = CLOSE_TAGS[open.ordinal()];
        int k = indexOf(s, close, i);
        if (k >= 0) {
            flush(s, k);
            closeSection(true);
            int end = k + close.length();
            textStart = end;
            return end;
        }
        int hold = n;
        if (!eof) {
            for (int j = Math.max(i, n - close.length() + 1); j < n; j++) {
                if (s.charAt(j) == '<' && regionMatches(s, j, close, n - j)) {
                    hold = j;
                    break;
                }
            }
        }
        flush(s, hold);
        return ~hold;
    }

    // ---- Analyze, Understand, Answer: Markdown-aware

    private int scanMarkdown(CharSequence s, int i, boolean eof) {
        final int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (!lineStart && runChar == 0 && fenceLen == 0) {
                // mid-line prose: only a line end, a backtick or a '<' can change anything
                while (c != '\n' && c != '`' && c != '<') {
                    if (++i == n) {
                        flush(s, n);
                        return ~n;
                    }
                    c = s.charAt(i);
                }
            }
            if (runChar != 0) {
                if (c == runChar) {
                    runLen++;
                    i++;
                    continue;
                }
                endRun();
            }
            if (fenceLen > 0) {
                if (fenceState == FL_CONTENT && c != '\n') {
                    // nothing inside a fenced line matters but its end
                    int nl = indexOf(s, '\n', i);
                    if (nl < 0) {
                        i = n;
                        break;
                    }
                    i = nl;
                    c = '\n';
                }
                if (fenceState != FL_INFO) {
                    fenceStep(c);
                    i++;
                    continue;
                }
                if (c == '\n') {
                    fenceState = FL_INDENT;
                    fenceIndent = 0;
                    i++;
                    continue;
                }
                if (fenceChar == '`' && c == '`') {
                    // CommonMark: a backtick fence's info string has no backtick, so this was a code span
                    spanLen = fenceLen;
                    fenceLen = 0;
                } else if (fenceChar == '`' && c == '<') {
                    int r = onAngle(s, i, eof);
                    if (r == HOLD) {
                        flush(s, i);
                        return ~i;
                    }
                    if (r >= 0) {
                        return r;
                    }
                    i++;
                    continue;
                } else {
                    i++;
                    continue;
                }
            }
            switch (c) {
                case '\n' -> {
                    spanLen = 0;
                    lineStart = true;
                    indent = 0;
                }
                case '`' -> startRun(c);
                case '~' -> {
                    if (lineStart && spanLen == 0) {
                        startRun(c);
                    }
                }
                case ' ' -> {
                    if (lineStart) {
                        if (indent < 3) {
                            indent++;
                        } else {
                            lineStart = false;
                        }
                    }
                }
                case '<' -> {
                    int r = onAngle(s, i, eof);
                    if (r == HOLD) {
                        flush(s, i);
                        return ~i;
                    }
                    if (r >= 0) {
                        return r;
                    }
                    lineStart = false;
                }
                default -> lineStart = false;
            }
            i++;
        }
        flush(s, n);
        return ~n;
    }

    /**
     * A '<' in Markdown text: {@link #HOLD} when undecidable yet, {@link #AS_TEXT}, or the index after
     * a tag that was applied (the section changed).
     */
    private int onAngle(CharSequence s, int i, boolean eof) {
        int t = matchTag(s, i, eof);
        if (t == NEED_MORE) {
            return HOLD;
        }
        if (t < 0) {
            return AS_TEXT;
        }
        boolean closing = (t & 1) != 0;
        StepKind kind = KINDS[t >> 1];
        if (closing && kind != open) {
            return AS_TEXT;
        }
        int end = i + tagLength(t);
        if (fenceLen > 0 || spanLen > 0) {
            boolean info = fenceLen > 0;
            int look = lookAheadOnLine(s, i, end, info ? fenceLen : spanLen, eof);
            if (look == NEED_MORE) {
                return HOLD;
            }
            boolean anyBacktick = (look & 1) != 0;
            boolean closes = (look & 2) != 0;
            if (closes || (info && !anyBacktick)) {
                return AS_TEXT;
            }
            // the span (or would-be fence) is never closed on this line: its backticks were literal
            spanLen = 0;
            fenceLen = 0;
        }
        flush(s, i);
        if (closing) {
            closeSection(true);
        } else {
            closeSection(false);
            openSection(kind);
        }
        textStart = end;
        return end;
    }

    /**
     * Scans from {@code from} to the end of the line: bit 1 = a backtick occurs, bit 2 = a backtick
     * run of exactly {@code len} occurs; {@link #NEED_MORE} if the line is not complete yet. A scan
     * that needs more input resumes where it stopped (relative to the held-back tag at
     * {@code tagStart}), so a long line arriving in small chunks is still scanned once.
     */
    private int lookAheadOnLine(CharSequence s, int tagStart, int from, int len, boolean eof) {
        final int n = s.length();
        int any = lookAny;
        int j = lookFrom >= 0 ? tagStart + lookFrom : from;
        lookFrom = -1;
        lookAny = 0;
        while (j < n) {
            char c = s.charAt(j);
            if (c == '\n') {
                return any;
            }
            if (c == '`') {
                int k = j;
                while (k < n && s.charAt(k) == '`') {
                    k++;
                }
                if (k == n && !eof) {
                    break;
                }
                if (k - j == len) {
                    return 3;
                }
                any = 1;
                j = k;
            } else {
                j++;
            }
        }
        if (eof) {
            return any;
        }
        lookFrom = j - tagStart;
        lookAny = any;
        return NEED_MORE;
    }

    private void startRun(char c) {
        runChar = c;
        runLen = 1;
        runAtLineStart = lineStart;
        lineStart = false;
    }

    private void endRun() {
        if (spanLen > 0) {
            if (runChar == '`' && runLen == spanLen) {
                spanLen = 0;
            }
        } else if (runAtLineStart && runLen >= 3) {
            fenceChar = runChar;
            fenceLen = runLen;
            fenceState = FL_INFO;
        } else if (runChar == '`') {
            spanLen = runLen;
        }
        runChar = 0;
    }

    private void fenceStep(char c) {
        if (c == '\n') {
            boolean closes = (fenceState == FL_RUN && fenceRun >= fenceLen) || fenceState == FL_TRAIL;
            fenceIndent = 0;
            if (closes) {
                fenceLen = 0;
                lineStart = true;
                indent = 0;
            } else {
                fenceState = FL_INDENT;
            }
            return;
        }
        switch (fenceState) {
            case FL_INDENT -> {
                if (c == ' ' && fenceIndent < 3) {
                    fenceIndent++;
                } else if (c == fenceChar) {
                    fenceState = FL_RUN;
                    fenceRun = 1;
                } else {
                    fenceState = FL_CONTENT;
                }
            }
            case FL_RUN -> {
                if (c == fenceChar) {
                    fenceRun++;
                } else if (fenceRun >= fenceLen && (c == ' ' || c == '\t' || c == '\r')) {
                    fenceState = FL_TRAIL;
                } else {
                    fenceState = FL_CONTENT;
                }
            }
            case FL_TRAIL -> {
                if (c != ' ' && c != '\t' && c != '\r') {
                    fenceState = FL_CONTENT;
                }
            }
            default -> {
                // FL_CONTENT: wait for the end of the line
            }
        }
    }

    // ---- tags and sections

    /** The tag starting at {@code s[i] == '<'}, {@link #NO_TAG}, or {@link #NEED_MORE}. */
    private static int matchTag(CharSequence s, int i, boolean eof) {
        final int n = s.length();
        if (i + 1 >= n) {
            return eof ? NO_TAG : NEED_MORE;
        }
        boolean closing = s.charAt(i + 1) == '/';
        int nameStart = closing ? i + 2 : i + 1;
        boolean partial = false;
        for (int k = 0; k < NAMES.length; k++) {
            String name = NAMES[k];
            int gt = nameStart + name.length();
            if (gt < n) {
                if (s.charAt(gt) == '>' && regionMatches(s, nameStart, name, name.length())) {
                    return k * 2 + (closing ? 1 : 0);
                }
            } else if (!partial) {
                int have = n - nameStart;
                partial = regionMatches(s, nameStart, name, have);
            }
        }
        return partial && !eof ? NEED_MORE : NO_TAG;
    }

    private static int tagLength(int t) {
        return NAMES[t >> 1].length() + ((t & 1) != 0 ? 3 : 2);
    }

    // the input is a String chunk or the carry; both have fast searches of their own

    private static int indexOf(CharSequence s, String str, int from) {
        return s instanceof String string ? string.indexOf(str, from) : ((StringBuilder) s).indexOf(str, from);
    }

    private static int indexOf(CharSequence s, char c, int from) {
        if (s instanceof String string) {
            return string.indexOf(c, from);
        }
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code s[from, from + len)} equals {@code str[0, len)}. */
    private static boolean regionMatches(CharSequence s, int from, String str, int len) {
        if (s instanceof String string) {
            return string.regionMatches(from, str, 0, len);
        }
        for (int k = 0; k < len; k++) {
            if (s.charAt(from + k) != str.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private void flush(CharSequence s, int end) {
        if (open != null && end > textStart) {
            String delta = s.subSequence(textStart, end).toString();
            body.append(delta);
            listener.onText(open, delta);
        }
        textStart = end;
    }

    private void openSection(StepKind kind) {
        open = kind;
        body.setLength(0);
        lineStart = true;
        indent = 0;
        runChar = 0;
        runLen = 0;
        spanLen = 0;
        fenceLen = 0;
        listener.onOpen(kind);
    }

    private void closeSection(boolean closed) {
        if (open == null) {
            return;
        }
        Section section = new Section(open, body.toString(), closed);
        open = null;
        body.setLength(0);
        sections.add(section);
        listener.onClose(section);
    }
}
