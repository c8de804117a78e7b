package io.github.deepanalyze.core.internal.engine;

import io.github.deepanalyze.core.internal.protocol.ExecuteTurn;

/**
 * Shortens earlier Execute outputs when the context fills up. The shortening itself belongs to
 * {@link ExecuteTurn#shorten}; this forwarder only keeps the context-fitting code's call site
 * stable while that code moves into {@code Conversation}, and goes once it has.
 */
final class OutputLimiter {
    private OutputLimiter() {
    }

    /** See {@link ExecuteTurn#shorten(String, int)}. */
    static String limit(String text, int max) {
        return ExecuteTurn.shorten(text, max);
    }
}
