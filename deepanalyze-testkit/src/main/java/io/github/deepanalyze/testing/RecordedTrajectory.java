package io.github.deepanalyze.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * A recorded DeepAnalyze-8B trajectory (assistant text with the environment's Execute blocks
 * inline), split the way a served model produced it: one assistant turn per model call, each
 * ending in {@code </Code>} (which the server's stop string would swallow) except the last, and
 * the Execute output that followed each turn.
 *
 * @param raw the whole trajectory text
 * @param turns assistant turns as the model generated them, each including its closing {@code </Code>}
 * @param executeOutputs the body of each {@code <Execute>} block as recorded (without the tags)
 */
public record RecordedTrajectory(String raw, List<String> turns, List<String> executeOutputs) {

    private static final String OPEN = "<Execute>";
    private static final String CLOSE = "</Execute>";

    public RecordedTrajectory {
        turns = List.copyOf(turns);
        executeOutputs = List.copyOf(executeOutputs);
    }

    /** Splits {@code raw} at its Execute blocks. */
    public static RecordedTrajectory parse(String raw) {
        List<String> turns = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        int pos = 0;
        while (true) {
            int open = raw.indexOf(OPEN, pos);
            if (open < 0) {
                turns.add(stripLeadingNewline(raw.substring(pos)));
                break;
            }
            int close = raw.indexOf(CLOSE, open);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed <Execute> at offset " + open);
            }
            turns.add(stripLeadingNewline(raw.substring(pos, open)).stripTrailing());
            String body = raw.substring(open + OPEN.length(), close);
            if (body.startsWith("\n")) {
                body = body.substring(1);
            }
            if (body.endsWith("\n")) {
                body = body.substring(0, body.length() - 1);
            }
            outputs.add(body);
            pos = close + CLOSE.length();
        }
        return new RecordedTrajectory(raw, turns, outputs);
    }

    private static String stripLeadingNewline(String s) {
        return s.startsWith("\n") ? s.substring(1) : s;
    }

    /** Turn {@code i} as a served model streams it: without the trailing {@code </Code>} that the stop string removes. */
    public String servedTurn(int i) {
        String t = turns.get(i);
        return t.endsWith("</Code>") ? t.substring(0, t.length() - "</Code>".length()) : t;
    }
}
