package io.github.deepanalyze.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks every number a report states against the outputs of the run's code. A number is
 * supported when some output shows the same value, allowing other formatting: thousands
 * separators ({@code 1,194} = {@code 1194}), a fraction for a percentage ({@code 19.6%} =
 * {@code 0.196}, and back), and rounding of a longer output value to the stated precision
 * ({@code 6.4} from {@code 6.391960}). A number stated more precisely than any output shows, or
 * shown by no output at all, is unsupported: the model did not compute it in this run.
 *
 * <p>This is evidence, not proof: a supported number may still be used wrongly, and small
 * integers are found in almost any output.
 *
 * <p>Immutable and thread-safe. No method accepts or returns {@code null}.
 *
 * @param claims one verdict per stated number, in report order
 */
public record ClaimCheck(List<Claim> claims) {
    public ClaimCheck {
        claims = List.copyOf(claims);
    }

    /** Checks {@code numbers} against {@code outputs} (the Execute outputs of the run, in order). */
    public static ClaimCheck of(List<NumberMention> numbers, List<String> outputs) {
        Objects.requireNonNull(numbers, "numbers");
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            for (NumberScanner.Found f : NumberScanner.output(outputs.get(i))) {
                candidates.add(new Candidate(f.value().doubleValue(), f.percent(), f.literal(), i + 1));
            }
        }
        List<Claim> claims = new ArrayList<>(numbers.size());
        for (NumberMention n : numbers) {
            claims.add(verdict(n, candidates));
        }
        return new ClaimCheck(claims);
    }

    private record Candidate(double value, boolean percent, String literal, int block) {
    }

    private static Claim verdict(NumberMention n, List<Candidate> candidates) {
        double v = n.value().doubleValue();
        double tolerance = 0.5 * Math.pow(10, -n.decimals()) + 1e-9 * Math.max(1, Math.abs(v));
        for (Candidate c : candidates) {
            if (close(c.value(), v, tolerance)
                    || (n.percent() && !c.percent() && close(c.value() * 100, v, tolerance))
                    || (!n.percent() && c.percent() && close(c.value() / 100, v, tolerance))) {
                return new Claim(n, true, c.literal() + " (block " + c.block() + ")");
            }
        }
        return new Claim(n, false, "");
    }

    private static boolean close(double a, double b, double tolerance) {
        return Math.abs(a - b) <= tolerance;
    }

    /** The numbers some output supports. */
    public List<Claim> supported() {
        return claims.stream().filter(Claim::supported).toList();
    }

    /** The numbers no output supports. */
    public List<Claim> unsupported() {
        return claims.stream().filter(c -> !c.supported()).toList();
    }

    /** The verdict for a number written as {@code literal}, if the report states it. */
    public Optional<Claim> find(String literal) {
        return claims.stream().filter(c -> c.number().literal().equals(literal)).findFirst();
    }

    /** Whether the report states no number that the outputs do not support. */
    public boolean allSupported() {
        return claims.stream().allMatch(Claim::supported);
    }

    /** A one-line summary, e.g. {@code "41 of 120 numbers not found in any code output"}. */
    public String summary() {
        return unsupported().size() + " of " + claims.size() + " numbers not found in any code output";
    }
}
