package io.github.deepanalyze.model;

import java.util.List;

/**
 * SPI: counts tokens the way the served model's tokenizer does, so the engine can keep every
 * request inside the context window ({@code Budget.maxContextTokens()} of the analyst).
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface TokenCounter {

    /** Tokens in {@code text}, without any special tokens. */
    int count(String text);

    /**
     * Tokens the conversation takes in a prompt: the content of each message plus a small
     * per-message allowance for the chat template's role markers.
     */
    default int count(List<Message> messages) {
        int total = 0;
        for (Message m : messages) {
            total += count(m.content()) + 8;
        }
        return total;
    }

    /**
     * An estimate when no tokenizer is configured: one token per 3 characters, rounded up. For
     * Qwen-family BPE this over-counts English prose (about 4 characters per token) and roughly
     * matches code and numeric output (about 3), so budgets err on the safe side; CJK text
     * (about 1–1.5 characters per token) is under-counted. Configure a real tokenizer for exact counts.
     */
    static TokenCounter estimate() {
        return text -> (text.length() + 2) / 3;
    }
}
