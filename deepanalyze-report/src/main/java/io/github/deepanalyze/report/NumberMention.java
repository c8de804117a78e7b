package io.github.deepanalyze.report;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A number stated in a report's prose or tables, e.g. {@code 1,194}, {@code 19.6%} or {@code -0.12}.
 *
 * <p>Immutable and thread-safe; no component is {@code null}.
 *
 * @param literal the number exactly as written, e.g. {@code "1,194"} or {@code "19.6%"}
 * @param value its value with separators and the percent sign removed ({@code 19.6} for {@code 19.6%})
 * @param decimals how many digits follow the decimal point (the stated precision)
 * @param percent whether a percent sign follows it
 * @param context the sentence (or table cell) it appears in, for people reading a claim check
 */
public record NumberMention(String literal, BigDecimal value, int decimals, boolean percent, String context) {
    public NumberMention {
        Objects.requireNonNull(literal, "literal");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(context, "context");
        if (decimals < 0) {
            throw new IllegalArgumentException("decimals must be >= 0, got " + decimals);
        }
    }
}
