package io.github.deepanalyze;

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
 */
public record Budget(
        int maxRounds,
        long maxGeneratedTokens,
        Duration maxWallTime,
        Duration blockTimeout,
        int maxOutputChars,
        int maxEmptyRetries) {

    /** The defaults: 30 rounds, 400,000 generated tokens, 1 hour, 120 s per block, 20,000 output characters, 2 retries. */
    public static final Budget DEFAULT = new Budget(30, 400_000, Duration.ofHours(1), Duration.ofSeconds(120), 20_000, 2);

    public Budget {
        Objects.requireNonNull(maxWallTime, "maxWallTime");
        Objects.requireNonNull(blockTimeout, "blockTimeout");
        require(maxRounds > 0, "maxRounds must be > 0, got " + maxRounds);
        require(maxGeneratedTokens > 0, "maxGeneratedTokens must be > 0, got " + maxGeneratedTokens);
        require(!maxWallTime.isNegative() && !maxWallTime.isZero(), "maxWallTime must be positive, got " + maxWallTime);
        require(!blockTimeout.isNegative() && !blockTimeout.isZero(), "blockTimeout must be positive, got " + blockTimeout);
        require(maxOutputChars >= 200, "maxOutputChars must be >= 200 so the model still sees a head and a tail, got " + maxOutputChars);
        require(maxEmptyRetries >= 0, "maxEmptyRetries must be >= 0, got " + maxEmptyRetries);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new ConfigurationException("Invalid budget: " + message);
        }
    }

    public Budget withMaxRounds(int v) {
        return new Budget(v, maxGeneratedTokens, maxWallTime, blockTimeout, maxOutputChars, maxEmptyRetries);
    }

    public Budget withMaxGeneratedTokens(long v) {
        return new Budget(maxRounds, v, maxWallTime, blockTimeout, maxOutputChars, maxEmptyRetries);
    }

    public Budget withMaxWallTime(Duration v) {
        return new Budget(maxRounds, maxGeneratedTokens, v, blockTimeout, maxOutputChars, maxEmptyRetries);
    }

    public Budget withBlockTimeout(Duration v) {
        return new Budget(maxRounds, maxGeneratedTokens, maxWallTime, v, maxOutputChars, maxEmptyRetries);
    }

    public Budget withMaxOutputChars(int v) {
        return new Budget(maxRounds, maxGeneratedTokens, maxWallTime, blockTimeout, v, maxEmptyRetries);
    }

    public Budget withMaxEmptyRetries(int v) {
        return new Budget(maxRounds, maxGeneratedTokens, maxWallTime, blockTimeout, maxOutputChars, v);
    }
}
