package io.github.deepanalyze.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python exception raised by a code block, as data: its type, its message, the formatted
 * traceback exactly as Python printed it, and the frames read from that traceback.
 *
 * <p>Immutable and thread-safe. No component is null; a part Python did not print is empty
 * ({@code ""}, or an empty frame list).
 *
 * @param type the exception's class name as printed, e.g. {@code ZeroDivisionError} or
 *     {@code pandas.errors.ParserError}; empty if the traceback names none
 * @param message the exception's message, e.g. {@code division by zero}; empty if it has none
 * @param traceback the formatted traceback text (for a syntax error, the
 *     {@code traceback.format_exception_only} text), as the model is shown it
 * @param frames the {@code File "…", line N, in f} entries of the traceback, outermost first
 * @param hint a remedy the executor suggests, as a plain sentence without decoration (e.g. how to
 *     provide a missing package); empty when it has none
 */
public record PythonError(String type, String message, String traceback, List<Frame> frames, String hint) {
    private static final Pattern FRAME = Pattern.compile("^\\s*File \"([^\"]*)\"(?:, line (\\d+))?(?:, in (.+))?$");
    private static final Pattern EXCEPTION_LINE = Pattern.compile("^([A-Za-z_][\\w.]*)(?::\\s?(.*))?$");

    public PythonError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(traceback, "traceback");
        Objects.requireNonNull(hint, "hint");
        frames = List.copyOf(frames);
    }

    /**
     * Reads the type, message and frames out of a formatted traceback. The exception line is the
     * last unindented line of the form {@code Name} or {@code Name: message}, so lines an executor
     * adds after it (such as a hint) are not taken for it.
     *
     * @param traceback the formatted traceback; not null
     */
    public static PythonError parse(String traceback) {
        Objects.requireNonNull(traceback, "traceback");
        List<Frame> frames = new ArrayList<>();
        String type = "";
        String message = "";
        for (String line : traceback.split("\n", -1)) {
            Matcher f = FRAME.matcher(line);
            if (f.matches()) {
                frames.add(new Frame(f.group(1), f.group(2) == null ? -1 : Integer.parseInt(f.group(2)),
                        f.group(3) == null ? "" : f.group(3)));
                continue;
            }
            Matcher e = EXCEPTION_LINE.matcher(line.stripTrailing());
            if (e.matches()) {
                type = e.group(1);
                message = e.group(2) == null ? "" : e.group(2);
            }
        }
        return new PythonError(type, message, traceback, frames, "");
    }

    /** A copy with {@code remedy} as its {@link #hint()}. */
    public PythonError withHint(String remedy) {
        return new PythonError(type, message, traceback, frames, remedy);
    }

    /**
     * One entry of a traceback.
     *
     * @param file the file name as printed, e.g. {@code <string>} for a block's own code; not null
     * @param line the 1-based line number, or -1 if the traceback gives none
     * @param function the function name, e.g. {@code <module>}; empty if the traceback gives none
     */
    public record Frame(String file, int line, String function) {
        public Frame {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(function, "function");
        }
    }
}
