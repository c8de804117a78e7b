package io.github.deepanalyze.core.internal.protocol;

/**
 * The few Python string semantics the reference relies on, reproduced exactly: {@code str.strip()},
 * {@code json.dumps(..., ensure_ascii=False)} for a string, {@code "%.1f"} formatting, and
 * Python's code-point string order. Stateless.
 */
final class PythonText {
    private PythonText() {
    }

    /** Python's {@code str.isspace()} for one UTF-16 unit (every such character is in the BMP). */
    static boolean isSpace(char c) {
        if (c <= ' ') {
            return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\u001c' && c <= '\u001f');
        }
        if (c < '\u0085') {
            return false;
        }
        return c == '\u0085' || c == '\u00a0' || c == '\u1680' || (c >= '\u2000' && c <= '\u200a')
                || c == '\u2028' || c == '\u2029' || c == '\u202f' || c == '\u205f' || c == '\u3000';
    }

    /** Python's {@code s.strip()}: removes leading and trailing {@link #isSpace} characters. */
    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /**
     * Appends {@code s} as a JSON string the way Python's {@code json.dumps(s, ensure_ascii=False)}
     * writes it: quotes, backslashes and control characters below U+0020 escaped ({@code \b \f \n
     * \r \t} by name, the rest as <code>&#92;u00XX</code>), everything else kept as is.
     */
    static void appendJsonString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * {@code f"{bytes / 1024:.1f}KB"}: Python divides to the nearest double and prints its exact
     * binary value rounded half-to-even to one decimal.
     */
    static String kilobytes(long bytes) {
        double kb = bytes / 1024.0;
        return new java.math.BigDecimal(kb).setScale(1, java.math.RoundingMode.HALF_EVEN).toPlainString() + "KB";
    }

    /** Python's {@code str} order: by Unicode code point, not by UTF-16 unit like {@link String#compareTo}. */
    static int compareCodePoints(String a, String b) {
        return io.github.deepanalyze.core.internal.workspace.Workspace.compareCodePoints(a, b);
    }
}
