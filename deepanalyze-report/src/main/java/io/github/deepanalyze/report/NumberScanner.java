package io.github.deepanalyze.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds numbers in text. Markdown structure is parsed by commonmark; this only tokenises the
 * literal text of prose nodes and of program output.
 */
final class NumberScanner {
    /**
     * A number standing on its own in prose: not glued to letters or digits (so {@code Qwen3},
     * {@code 8B} and {@code 1st} are not numbers), with an optional leading minus only where a
     * sign makes sense (so the {@code 6} of {@code 3-6} is positive), thousands separators, a
     * fraction and a percent sign.
     */
    private static final Pattern PROSE = Pattern.compile(
            "(?<![\\p{L}\\p{N}_.,])(?:(?<=^|[\\s(\\[=:<>~±])-)?(\\d{1,3}(?:,\\d{3})+|\\d+)(\\.\\d+)?(\\s?%)?(?![\\p{L}_]|\\.\\d|,\\d{3}|\\d)");

    /** Output numbers: also scientific notation; glued to a preceding letter (an identifier such as student10) is not a number. */
    private static final Pattern OUTPUT = Pattern.compile(
            "(?<![\\p{L}_\\d.])(-)?(\\d{1,3}(?:,\\d{3})+(?![\\d])|\\d+)(\\.\\d+)?([eE][-+]?\\d+)?(%)?");

    private NumberScanner() {
    }

    /** A number found at {@code [start, end)} of a text. */
    record Found(int start, int end, String literal, BigDecimal value, int decimals, boolean percent) {
    }

    static List<Found> prose(String text) {
        List<Found> found = new ArrayList<>();
        Matcher m = PROSE.matcher(text);
        while (m.find()) {
            String literal = m.group();
            boolean negative = literal.startsWith("-");
            String digits = m.group(1).replace(",", "") + (m.group(2) == null ? "" : m.group(2));
            BigDecimal value = new BigDecimal(digits);
            found.add(new Found(m.start(), m.end(), literal, negative ? value.negate() : value,
                    m.group(2) == null ? 0 : m.group(2).length() - 1, m.group(3) != null));
        }
        return found;
    }

    static List<Found> output(String text) {
        List<Found> found = new ArrayList<>();
        Matcher m = OUTPUT.matcher(text);
        while (m.find()) {
            String digits = m.group(2).replace(",", "") + (m.group(3) == null ? "" : m.group(3))
                    + (m.group(4) == null ? "" : m.group(4));
            BigDecimal value;
            try {
                value = new BigDecimal(digits);
            } catch (NumberFormatException e) {
                continue;
            }
            found.add(new Found(m.start(), m.end(), m.group(), m.group(1) != null ? value.negate() : value,
                    m.group(3) == null ? 0 : m.group(3).length() - 1, m.group(5) != null));
        }
        return found;
    }
}
