package io.github.deepanalyze;

import io.github.deepanalyze.common.ConfigurationException;
import java.time.Duration;
import java.util.Objects;

/**
 * The limits an analysis runs within. Every limit is enforced; the first one reached ends the
 * analysis with the matching {@link AnalysisStatus} and keeps the trace so far.
 *
 * @param maxRounds model calls per analysis (the reference agent's cap is 30)
 * @param maxGeneratedTokens tokens the model may generate over the whole analysis
 * @param maxWallTime wall-clock time for the whole analysis, model and execution included
 * @param blockTimeout wall-clock time for one code block (the reference API uses 120 s)
 * @param maxOutputChars characters of one block's output sent back to the model; longer output
 *     keeps its head and tail with a note of what was cut in between
 * @param maxEmptyRetries how many times in a row a round that produced nothing usable (e.g. the
 *     model stopped right after an Execute block) is retried before the analysis ends
 * @param maxContextTokens the model's context window: a request's prompt plus its new tokens must
 *     fit. When the conversation grows too large, the longest Execute outputs are shortened (head
 *     and tail); when that is not enough the analysis ends with {@link AnalysisStatus#TOKEN_LIMIT}
 *     instead of sending a request the server would reject. DeepAnalyze-8B has 131,072 tokens;
 *     deployments often serve it with 8K–32K.
 */
public record Budget(
        int maxRounds,
        long maxGeneratedTokens,
        Duration maxWallTime,
        Duration blockTimeout,
        int maxOutputChars,
        int maxEmptyRetries,
        int maxContextTokens) {

    /**
     * The defaults: 30 rounds, 400,000 generated tokens, 1 hour, 120 s per block, 20,000 output
     * characters, 2 retries, a 131,072-token context.
     */
    public static final Budget DEFAULT = new Budget(30, 400_000, Duration.ofHours(1), Duration.ofSeconds(120), 20_000, 2, 131_072);

    public Budget {
        Objects.requireNonNull(maxWallTime, "maxWallTime");
        Objects.requireNonNull(blockTimeout, "blockTimeout");
        require(maxRounds > 0, "maxRounds must be > 0, got " + maxRounds);
        require(maxGeneratedTokens > 0, "maxGeneratedTokens must be > 0, got " + maxGeneratedTokens);
        require(!maxWallTime.isNegative() && !maxWallTime.isZero(), "maxWallTime must be positive, got " + maxWallTime);
        require(!blockTimeout.isNegative() && !blockTimeout.isZero(), "blockTimeout must be positive, got " + blockTimeout);
        require(maxOutputChars >= 200, "maxOutputChars must be >= 200 so the model still sees a head and a tail, got " + maxOutputChars);
        require(maxEmptyRetries >= 0, "maxEmptyRetries must be >= 0, got " + maxEmptyRetries);
        require(maxContextTokens >= 1024, "maxContextTokens must be >= 1024, got " + maxContextTokens);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new ConfigurationException("Invalid budget: " + message);
        }
    }

    public Budget withMaxRounds(int v) {
        return new Budget(v, maxGeneratedTokens, maxWallTime, blockTimeout, maxOutputChars, maxEmptyRetries, maxContextTokens);
    }

    public Budget withMaxGeneratedTokens(long v) {
        return new Budget(maxRounds, v, maxWallTime, blockTimeout, maxOutputChars, maxEmptyRetries, maxContextTokens);
    }

    public Budget withMaxWallTime(Duration v) {
        return new Budget(maxRounds, maxGeneratedTokens, v, blockTimeout, maxOutputChars, maxEmptyRetries, maxContextTokens);
    }

    public Budget withBlockTimeout(Duration v) {
        return new Budget(maxRounds, maxGeneratedTokens, maxWallTime, v, maxOutputChars, maxEmptyRetries, maxContextTokens);
    }

    public Budget withMaxOutputChars(int v) {
        return new Budget(maxRounds, maxGeneratedTokens, maxWallTime, blockTimeout, v, maxEmptyRetries, maxContextTokens);
    }

    public Budget withMaxContextTokens(int v) {
        return new Budget(maxRounds, maxGeneratedTokens, maxWallTime, blockTimeout, maxOutputChars, maxEmptyRetries, v);
    }

    public Budget withMaxEmptyRetries(int v) {
        return new Budget(maxRounds, maxGeneratedTokens, maxWallTime, blockTimeout, maxOutputChars, v, maxContextTokens);
    }
}
