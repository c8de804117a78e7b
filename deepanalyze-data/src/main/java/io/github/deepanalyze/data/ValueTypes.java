package io.github.deepanalyze.data;

import java.util.Set;

/**
 * Infers a column type from text values, allocation-free. Each value narrows a bit set of the
 * types it is compatible with; the column type is the narrowest type left.
 */
final class ValueTypes {
    static final int INTEGER = 1;
    static final int DECIMAL = 2;
    static final int BOOLEAN = 4;
    static final int DATE = 8;
    static final int DATETIME = 16;
    static final int ALL = INTEGER | DECIMAL | BOOLEAN | DATE | DATETIME;

    // what pandas.read_csv reads as NaN by default, plus the empty string
    private static final Set<String> NULLS = Set.of(
            "", "NA", "N/A", "n/a", "NaN", "nan", "-NaN", "-nan", "null", "NULL", "None", "#N/A", "#NA", "<NA>");

    private ValueTypes() {
    }

    static boolean isNull(String v) {
        return NULLS.contains(v.strip());
    }

    /** The type bits {@code v} (not null) is compatible with. */
    static int typesOf(String raw) {
        String v = raw.strip();
        if (isInteger(v)) {
            return INTEGER | DECIMAL;
        }
        if (isDecimal(v)) {
            return DECIMAL;
        }
        if (isBoolean(v)) {
            return BOOLEAN;
        }
        int dateEnd = dateEnd(v);
        if (dateEnd == v.length()) {
            return DATE | DATETIME;
        }
        if (dateEnd > 0 && isTimeSuffix(v, dateEnd)) {
            return DATETIME;
        }
        return 0;
    }

    /** The column type for the bits left after all non-null values; {@code seen} says whether any was seen. */
    static ColumnType typeOf(int bits, boolean seen) {
        if (!seen) {
            return ColumnType.EMPTY;
        }
        if ((bits & INTEGER) != 0) {
            return ColumnType.INTEGER;
        }
        if ((bits & DECIMAL) != 0) {
            return ColumnType.DECIMAL;
        }
        if ((bits & BOOLEAN) != 0) {
            return ColumnType.BOOLEAN;
        }
        if ((bits & DATE) != 0) {
            return ColumnType.DATE;
        }
        if ((bits & DATETIME) != 0) {
            return ColumnType.DATETIME;
        }
        return ColumnType.TEXT;
    }

    static boolean isInteger(String v) {
        int n = v.length();
        int i = (n > 0 && (v.charAt(0) == '-' || v.charAt(0) == '+')) ? 1 : 0;
        if (i == n) {
            return false;
        }
        for (; i < n; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static boolean isDecimal(String v) {
        int n = v.length();
        int i = (n > 0 && (v.charAt(0) == '-' || v.charAt(0) == '+')) ? 1 : 0;
        int digits = 0;
        while (i < n && isDigit(v.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && v.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(v.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return v.equalsIgnoreCase("inf") || v.equalsIgnoreCase("-inf");
        }
        if (i < n && (v.charAt(i) == 'e' || v.charAt(i) == 'E')) {
            i++;
            if (i < n && (v.charAt(i) == '-' || v.charAt(i) == '+')) {
                i++;
            }
            int exp = 0;
            while (i < n && isDigit(v.charAt(i))) {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == n;
    }

    static boolean isBoolean(String v) {
        return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")
                || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("no");
    }

    /**
     * The index just after a leading date ({@code yyyy-MM-dd}, {@code yyyy/MM/dd}, {@code dd.MM.yyyy},
     * {@code MM/dd/yyyy} or {@code dd/MM/yyyy}), or -1 when {@code v} does not start with one.
     */
    static int dateEnd(String v) {
        int n = v.length();
        if (n < 8) {
            return -1;
        }
        // yyyy-M-d or yyyy/M/d
        if (n >= 8 && digits(v, 0, 4) && (v.charAt(4) == '-' || v.charAt(4) == '/')) {
            char sep = v.charAt(4);
            int i = 5;
            int m = readNumber(v, i, 2);
            if (m < 0) {
                return -1;
            }
            int mLen = numberLength(v, i, 2);
            i += mLen;
            if (i >= n || v.charAt(i) != sep) {
                return -1;
            }
            i++;
            int d = readNumber(v, i, 2);
            if (d < 0) {
                return -1;
            }
            i += numberLength(v, i, 2);
            return validMonthDay(m, d) ? i : -1;
        }
        // d.M.yyyy, M/d/yyyy, d/M/yyyy
        int i = 0;
        int a = readNumber(v, i, 2);
        if (a < 0) {
            return -1;
        }
        i += numberLength(v, i, 2);
        if (i >= n || (v.charAt(i) != '/' && v.charAt(i) != '.' && v.charAt(i) != '-')) {
            return -1;
        }
        char sep = v.charAt(i++);
        int b = readNumber(v, i, 2);
        if (b < 0) {
            return -1;
        }
        i += numberLength(v, i, 2);
        if (i >= n || v.charAt(i) != sep || i + 5 > n || !digits(v, i + 1, 4)) {
            return -1;
        }
        boolean ok = validMonthDay(a, b) || validMonthDay(b, a);
        return ok ? i + 5 : -1;
    }

    private static boolean isTimeSuffix(String v, int from) {
        int n = v.length();
        if (from >= n || (v.charAt(from) != 'T' && v.charAt(from) != ' ')) {
            return false;
        }
        int i = from + 1;
        if (i + 5 > n || !digits(v, i, 2) || v.charAt(i + 2) != ':' || !digits(v, i + 3, 2)) {
            return false;
        }
        i += 5;
        if (i + 3 <= n && v.charAt(i) == ':' && digits(v, i + 1, 2)) {
            i += 3;
            if (i < n && (v.charAt(i) == '.' || v.charAt(i) == ',')) {
                i++;
                int start = i;
                while (i < n && isDigit(v.charAt(i))) {
                    i++;
                }
                if (i == start) {
                    return false;
                }
            }
        }
        if (i == n) {
            return true;
        }
        if (v.charAt(i) == 'Z' && i + 1 == n) {
            return true;
        }
        if (v.charAt(i) == '+' || v.charAt(i) == '-') {
            String zone = v.substring(i + 1);
            return zone.matches("\\d{2}(:?\\d{2})?");
        }
        return false;
    }

    private static boolean validMonthDay(int month, int day) {
        return month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }

    private static boolean digits(String v, int from, int count) {
        if (from + count > v.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (!isDigit(v.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int numberLength(String v, int from, int max) {
        int i = from;
        while (i < v.length() && i < from + max && isDigit(v.charAt(i))) {
            i++;
        }
        return i - from;
    }

    private static int readNumber(String v, int from, int max) {
        int len = numberLength(v, from, max);
        if (len == 0) {
            return -1;
        }
        return Integer.parseInt(v, from, from + len, 10);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
