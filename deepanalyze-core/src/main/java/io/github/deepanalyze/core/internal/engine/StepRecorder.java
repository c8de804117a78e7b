package io.github.deepanalyze.core.internal.engine;

import io.github.deepanalyze.AnalysisEvent;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.StepKind;
import io.github.deepanalyze.core.internal.protocol.CodeBlocks;
import io.github.deepanalyze.core.internal.protocol.Section;
import io.github.deepanalyze.core.internal.protocol.SectionListener;
import io.github.deepanalyze.model.FinishReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the parser's sections of one model turn into steps and events, and applies the protocol's
 * turn rules as text streams in: a turn ends at its first {@code </Code>} or complete
 * {@code <Answer>}; anything the model writes after that (a fabricated {@code <Execute>} when the
 * server ignored the stop string, reference issue #39) is discarded, as is an {@code <Execute>}
 * the model wrote itself before any code.
 *
 * <p>It also repairs a turn that stopped inside a {@code <Code>} section: servers do not return
 * the stop string {@code </Code>}, and models differ in whether they add it back, so when the
 * model stopped ({@link #turnEnded}) rather than ran out of tokens, the section counts as closed
 * and {@link #keptText} ends with {@code </Code>}, once, whichever {@code LanguageModel} wrote it.
 */
final class StepRecorder implements SectionListener {
    private static final String CODE_CLOSE = StepKind.CODE.closeTag();
    private final int round;
    private final Clock clock;
    private final EventDispatcher events;
    private final List<Step> steps = new ArrayList<>();
    private final List<Section> kept = new ArrayList<>();
    private Instant openedAt;
    private boolean done;
    private boolean fabricatedExecute;
    private int discarded;
    private boolean stopped;
    private boolean repairedCode;

    StepRecorder(int round, Clock clock, EventDispatcher events) {
        this.round = round;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Says how the model's turn ended; call it before the parser's {@code finish()}. A turn that
     * stopped ({@link FinishReason#STOP}, or a reason the server did not give) inside a
     * {@code <Code>} section stopped at the {@code </Code>} stop string, so that section is closed;
     * one cut off at the token limit ({@link FinishReason#LENGTH}) stays incomplete.
     */
    void turnEnded(FinishReason reason) {
        stopped = reason != FinishReason.LENGTH;
    }

    @Override
    public void onOpen(StepKind kind) {
        openedAt = clock.instant();
    }

    @Override
    public void onText(StepKind kind, String delta) {
        if (!done && kind != StepKind.EXECUTE && !delta.isEmpty()) {
            events.emit(new AnalysisEvent.TextDelta(clock.instant(), round, kind, delta));
        }
    }

    @Override
    public void onClose(Section section) {
        if (done) {
            fabricatedExecute |= section.kind() == StepKind.EXECUTE;
            discarded++;
            return;
        }
        if (section.kind() == StepKind.EXECUTE) {
            // Only the environment writes Execute; the model inventing one means everything after is built on fiction.
            fabricatedExecute = true;
            discarded++;
            done = true;
            return;
        }
        if (section.kind() == StepKind.CODE && !section.closed() && stopped) {
            section = new Section(StepKind.CODE, section.body(), true);
            repairedCode = true;
        }
        Instant now = clock.instant();
        Instant start = openedAt != null ? openedAt : now;
        Duration d = Duration.between(start, now);
        Step step = switch (section.kind()) {
            case ANALYZE -> new Step.Analyze(round, section.body(), start, d, section.closed());
            case UNDERSTAND -> new Step.Understand(round, section.body(), start, d, section.closed());
            case CODE -> new Step.Code(round, section.body(), CodeBlocks.extract(section.body()), start, d, section.closed());
            case ANSWER -> new Step.Answer(round, section.body(), start, d, section.closed());
            case EXECUTE -> throw new AssertionError("handled above");
        };
        steps.add(step);
        kept.add(section);
        events.emit(new AnalysisEvent.StepCompleted(now, step));
        if (section.kind() == StepKind.CODE || (section.kind() == StepKind.ANSWER && section.closed())) {
            done = true;
        }
    }

    List<Step> steps() {
        return steps;
    }

    boolean fabricatedExecute() {
        return fabricatedExecute;
    }

    /** Sections dropped after the turn's end. */
    int discarded() {
        return discarded;
    }

    /**
     * The part of the generated {@code text} that the kept sections cover: the whole text when
     * nothing was discarded, else the text up to the end of the last kept section; with
     * {@code </Code>} appended if the turn stopped inside its code and {@code text} lacks it.
     */
    String keptText(String text) {
        if (repairedCode && !text.endsWith(CODE_CLOSE)) {
            return text + CODE_CLOSE; // the repaired section is the turn's last: nothing was discarded after it
        }
        if (discarded == 0) {
            return text;
        }
        int pos = 0;
        for (Section s : kept) {
            String open = s.kind().openTag();
            int at = text.indexOf(open + s.body(), pos);
            int end;
            if (at >= 0) {
                end = at + open.length() + s.body().length();
            } else {
                at = text.indexOf(s.body(), pos); // text before the first tag has no opening tag
                if (at < 0) {
                    return text;
                }
                end = at + s.body().length();
            }
            if (s.closed() && text.startsWith(s.kind().closeTag(), end)) {
                end += s.kind().closeTag().length();
            }
            pos = end;
        }
        return text.substring(0, pos);
    }
}
