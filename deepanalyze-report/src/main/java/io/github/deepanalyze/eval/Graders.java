package io.github.deepanalyze.eval;

import io.github.deepanalyze.Analysis;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The built-in graders and how to pick one by name. */
public final class Graders {
    private static final Pattern NUMBER = Pattern.compile("-?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?(?:[eE][-+]?\\d+)?");
    private static final Pattern DABENCH = Pattern.compile("@(\\w+)\\[([^\\]]*)\\]");
    private static final Pattern ANSWER_PREFIX = Pattern.compile("(?i)\\banswer\\s*[:：]");

    private Graders() {
    }

    /**
     * The grader named {@code spec}: {@code exact}, {@code numeric} (or {@code numeric:0.01} for a
     * relative tolerance), {@code dabench} or {@code denotation}.
     *
     * @throws IllegalArgumentException naming the known graders when {@code spec} is none of them
     */
    public static Grader named(String spec) {
        Objects.requireNonNull(spec, "spec");
        String s = spec.strip().toLowerCase(Locale.ROOT);
        if (s.equals("exact")) {
            return exact();
        }
        if (s.equals("numeric")) {
            return numeric(1e-3);
        }
        if (s.startsWith("numeric:")) {
            try {
                return numeric(Double.parseDouble(s.substring(8)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("grader \"" + spec + "\" has a malformed tolerance; write e.g. numeric:0.01");
            }
        }
        if (s.equals("dabench")) {
            return dabench();
        }
        if (s.equals("denotation")) {
            return denotation();
        }
        throw new IllegalArgumentException("unknown grader \"" + spec + "\"; use exact, numeric, numeric:<relative tolerance>, dabench or denotation");
    }

    /**
     * The final answer of {@code analysis}: the text after the last {@code Answer:} of its report
     * when there is one, else the whole report, trimmed.
     */
    public static String answerText(Analysis analysis) {
        return answerText(analysis.report().markdown());
    }

    static String answerText(String report) {
        Matcher m = ANSWER_PREFIX.matcher(report);
        int end = -1;
        while (m.find()) {
            end = m.end();
        }
        return (end < 0 ? report : report.substring(end)).strip();
    }

    /** Case-insensitive equality after trimming whitespace, surrounding quotes, Markdown emphasis and a final period. */
    public static Grader exact() {
        return (expected, answer) -> {
            boolean ok = normalize(expected).equals(normalize(answerText(answer)));
            return Grade.of(ok, ok ? "exact match" : "expected \"" + expected.strip() + "\", got \"" + abbreviate(answerText(answer)) + "\"");
        };
    }

    /**
     * The last number of the answer equals the expected number within {@code relativeTolerance},
     * or within the precision the answer states ({@code 3.14} for {@code 3.14159}).
     */
    public static Grader numeric(double relativeTolerance) {
        if (!(relativeTolerance >= 0)) {
            throw new IllegalArgumentException("relative tolerance must be >= 0, got " + relativeTolerance);
        }
        return (expected, answer) -> {
            BigDecimal e = lastNumber(expected);
            if (e == null) {
                throw new IllegalArgumentException("numeric grader: the expected answer \"" + expected + "\" holds no number; use the exact grader");
            }
            String text = answerText(answer);
            BigDecimal a = lastNumber(text);
            if (a == null) {
                return Grade.of(false, "expected " + e.toPlainString() + ", the answer holds no number");
            }
            double diff = Math.abs(a.doubleValue() - e.doubleValue());
            double allowed = Math.max(relativeTolerance * Math.abs(e.doubleValue()), 0.5 * Math.pow(10, -Math.max(0, a.scale())) + 1e-12);
            boolean ok = diff <= allowed;
            return Grade.of(ok, "expected " + e.toPlainString() + ", got " + a.toPlainString());
        };
    }

    /**
     * DABench answers: every {@code @name[value]} of the expected answer must appear in the answer
     * with an equal value (numbers compared to the expected precision, text case-insensitively).
     * Partial credit is the share of matched names; correct means all matched.
     */
    public static Grader dabench() {
        return (expected, answer) -> {
            Map<String, String> want = dabenchPairs(expected);
            if (want.isEmpty()) {
                throw new IllegalArgumentException("dabench grader: the expected answer \"" + expected + "\" has no @name[value] pair");
            }
            Map<String, String> got = dabenchPairs(answer);
            int matched = 0;
            List<String> wrong = new ArrayList<>();
            for (Map.Entry<String, String> w : want.entrySet()) {
                String g = got.get(w.getKey());
                if (g != null && sameValue(w.getValue(), g)) {
                    matched++;
                } else {
                    wrong.add("@" + w.getKey() + "[" + w.getValue() + "] got " + (g == null ? "nothing" : "[" + g + "]"));
                }
            }
            double score = matched / (double) want.size();
            return new Grade(matched == want.size(), score, wrong.isEmpty() ? "all " + want.size() + " matched" : String.join("; ", wrong));
        };
    }

    /**
     * Table-QA denotation matching (WikiTableQuestions style): the expected values, separated by
     * {@code |}, must equal the answer's values as a multiset, order ignored, numbers compared by
     * value and text after normalisation.
     */
    public static Grader denotation() {
        return (expected, answer) -> {
            List<String> want = splitValues(expected, 0);
            List<String> got = splitValues(answerText(answer), want.size());
            List<String> remaining = new ArrayList<>(got);
            for (String w : want) {
                int i = indexOfSame(remaining, w);
                if (i < 0) {
                    return Grade.of(false, "expected " + want + ", got " + got);
                }
                remaining.remove(i);
            }
            boolean ok = remaining.isEmpty();
            return Grade.of(ok, ok ? "denotation match " + want : "expected " + want + ", got " + got);
        };
    }

    private static int indexOfSame(List<String> values, String target) {
        for (int i = 0; i < values.size(); i++) {
            if (sameValue(target, values.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> splitValues(String text, int expectedCount) {
        String t = text.strip();
        List<String> parts = new ArrayList<>();
        for (String p : t.split("\\s*[|;\\n]\\s*")) {
            if (!p.isBlank()) {
                parts.add(p.strip());
            }
        }
        if (expectedCount > 1 && parts.size() == 1 && t.contains(", ")) {
            parts = new ArrayList<>();
            for (String p : t.split(",\\s+")) {
                parts.add(p.strip());
            }
        }
        return parts;
    }

    private static Map<String, String> dabenchPairs(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        Matcher m = DABENCH.matcher(text);
        while (m.find()) {
            pairs.put(m.group(1), m.group(2).strip());
        }
        return pairs;
    }

    /** Numbers by value (to the expected's precision), else normalised text. */
    static boolean sameValue(String expected, String actual) {
        BigDecimal e = wholeNumber(expected);
        BigDecimal a = wholeNumber(actual);
        if (e != null && a != null) {
            double allowed = 0.5 * Math.pow(10, -Math.max(0, e.scale())) + 1e-9 * Math.max(1, Math.abs(e.doubleValue()));
            return Math.abs(a.doubleValue() - e.doubleValue()) <= allowed;
        }
        return normalize(expected).equals(normalize(actual));
    }

    private static BigDecimal wholeNumber(String s) {
        String t = normalize(s).replace(",", "").replace("%", "").replace("$", "");
        if (t.matches("-?(\\d+(\\.\\d+)?|\\.\\d+)([eE][-+]?\\d+)?")) {
            return new BigDecimal(t);
        }
        return null;
    }

    private static BigDecimal lastNumber(String text) {
        Matcher m = NUMBER.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group();
        }
        return last == null ? null : new BigDecimal(last.replace(",", ""));
    }

    static String normalize(String s) {
        String t = s.strip();
        String before;
        do {
            before = t;
            t = t.replaceAll("^[*_`\"'“”‘’]+|[*_`\"'“”‘’]+$", "").replaceAll("[.。]+$", "").strip();
        } while (!t.equals(before));
        return t.replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
