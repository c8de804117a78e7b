package io.github.deepanalyze.data;

import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 reader over decoded text: quoted fields may hold delimiters, doubled quotes and
 * line breaks; CR, LF and CRLF end records; blank lines are skipped (as pandas does).
 */
final class CsvReader {
    private final String text;
    private final char delimiter;
    private final char quote;
    private final boolean complete;
    private int pos;

    /**
     * @param complete whether {@code text} is the whole file; if not, a record cut at the end of
     *     the text is not returned
     */
    CsvReader(String text, char delimiter, char quote, boolean complete) {
        this.text = text;
        this.delimiter = delimiter;
        this.quote = quote;
        this.complete = complete;
    }

    /** The offset just after the last record returned. */
    int position() {
        return pos;
    }

    /** Reads up to {@code max} records. */
    List<List<String>> read(int max) {
        List<List<String>> records = new ArrayList<>();
        while (records.size() < max) {
            List<String> r = next();
            if (r == null) {
                break;
            }
            records.add(r);
        }
        return records;
    }

    /** The next non-blank record, or null at the end (or at a record cut by the end of a partial text). */
    List<String> next() {
        int n = text.length();
        while (pos < n) {
            int start = pos;
            int i = pos;
            List<String> fields = new ArrayList<>();
            boolean quotedSeen = false;
            StringBuilder sb = null;
            while (true) {
                String field;
                if (i < n && text.charAt(i) == quote) {
                    quotedSeen = true;
                    if (sb == null) {
                        sb = new StringBuilder();
                    }
                    sb.setLength(0);
                    i++;
                    boolean closed = false;
                    while (i < n) {
                        char c = text.charAt(i);
                        if (c == quote) {
                            if (i + 1 < n && text.charAt(i + 1) == quote) {
                                sb.append(quote);
                                i += 2;
                            } else {
                                i++;
                                closed = true;
                                break;
                            }
                        } else {
                            sb.append(c);
                            i++;
                        }
                    }
                    if (!closed && !complete) {
                        pos = start;
                        return cut(start);
                    }
                    while (i < n && !isEnd(text.charAt(i))) {
                        sb.append(text.charAt(i++));
                    }
                    field = sb.toString();
                } else {
                    int s = i;
                    while (i < n && !isEnd(text.charAt(i))) {
                        i++;
                    }
                    field = text.substring(s, i);
                }
                fields.add(field);
                if (i >= n) {
                    if (!complete) {
                        return cut(start);
                    }
                    break;
                }
                char c = text.charAt(i);
                if (c == delimiter) {
                    i++;
                    if (i >= n && complete) {
                        fields.add("");
                        break;
                    }
                    continue;
                }
                if (c == '\r') {
                    i++;
                    if (i < n && text.charAt(i) == '\n') {
                        i++;
                    } else if (i >= n && !complete) {
                        return cut(start);
                    }
                } else {
                    i++;
                }
                break;
            }
            pos = i;
            if (fields.size() == 1 && !quotedSeen && fields.get(0).isEmpty()) {
                continue; // blank line
            }
            return fields;
        }
        return null;
    }

    private List<String> cut(int start) {
        pos = start;
        // park at the end so later calls also return null
        cutAt = start;
        return null;
    }

    private int cutAt = -1;

    /** Whether a record was cut by the end of a partial text (and where it began), or -1. */
    int cutOffset() {
        return cutAt;
    }

    private boolean isEnd(char c) {
        return c == delimiter || c == '\n' || c == '\r';
    }
}
