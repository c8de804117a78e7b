package io.github.deepanalyze.core.internal.engine;

import io.github.deepanalyze.AnalysisEvent;
import io.github.deepanalyze.AnalysisListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to listeners in order; a listener that throws is logged and never breaks the
 * run, whatever it throws ({@link AssertionError} from a user's test included), except a
 * {@link VirtualMachineError}, which no code can recover from.
 */
final class EventDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

    private final List<AnalysisListener> listeners;

    EventDispatcher(List<AnalysisListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    void emit(AnalysisEvent event) {
        for (AnalysisListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable e) {
                LOG.warn("AnalysisListener {} threw on {}; ignoring it", l.getClass().getName(),
                        event.getClass().getSimpleName(), e);
            }
        }
    }
}
