package io.github.deepanalyze.core.internal.protocol;

import io.github.deepanalyze.StepKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Records a parser's events in a chunking-independent form: consecutive text deltas are joined, so
 * two runs over differently chunked input must record equal event lists.
 */
final class RecordingListener implements SectionListener {
    final List<String> events = new ArrayList<>();
    final List<Section> closed = new ArrayList<>();
    final List<String> joinedDeltas = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private StepKind open;
    int deltaCount;
    int emptyDeltas;

    @Override
    public void onOpen(StepKind kind) {
        if (open != null) {
            throw new AssertionError("onOpen(" + kind + ") while " + open + " is open");
        }
        open = kind;
        text.setLength(0);
        events.add("open " + kind);
    }

    @Override
    public void onText(StepKind kind, String delta) {
        if (kind != open) {
            throw new AssertionError("onText(" + kind + ") while " + open + " is open");
        }
        deltaCount++;
        if (delta.isEmpty()) {
            emptyDeltas++;
        }
        text.append(delta);
    }

    @Override
    public void onClose(Section section) {
        if (section.kind() != open) {
            throw new AssertionError("onClose(" + section.kind() + ") while " + open + " is open");
        }
        open = null;
        String joined = text.toString();
        joinedDeltas.add(joined);
        closed.add(section);
        events.add("text " + joined);
        events.add("close " + section.kind() + " closed=" + section.closed());
    }
}
