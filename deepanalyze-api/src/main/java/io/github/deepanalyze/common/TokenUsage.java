package io.github.deepanalyze.common;

/**
 * Token counts reported by the model (or estimated where it reports none).
 *
 * @param promptTokens tokens sent to the model, summed over calls
 * @param completionTokens tokens the model generated, summed over calls
 */
public record TokenUsage(long promptTokens, long completionTokens) {
    public static final TokenUsage ZERO = new TokenUsage(0, 0);

    public TokenUsage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0, got " + promptTokens + "/" + completionTokens);
        }
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
    }
}
