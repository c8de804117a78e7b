package io.github.deepanalyze.report;

import java.util.Objects;

/**
 * The verdict on one number of a report: whether any output of the run's code shows it.
 *
 * <p>Immutable and thread-safe; no component is {@code null}.
 *
 * @param number the number as stated in the report
 * @param supported whether some Execute output holds an equal value (allowing other formatting,
 *     a fraction for a percentage and rounding of a longer value to the stated precision)
 * @param evidence for a supported number, the output number that supports it and where, e.g.
 *     {@code "1194 (block 1)"}; empty for an unsupported one
 */
public record Claim(NumberMention number, boolean supported, String evidence) {
    public Claim {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(evidence, "evidence");
    }
}
