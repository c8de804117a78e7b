package io.github.deepanalyze.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Profiles CSV and TSV files from a bounded sample; counts records by a byte scan or estimates them. */
final class CsvProfiler {
    private static final char[] DELIMITERS = {',', '\t', ';', '|'};
    private static final int HEADER_PROBE_ROWS = 200;
    private static final int DIALECT_PROBE_CHARS = 64 * 1024;
    private static final int DIALECT_PROBE_RECORDS = 100;
    private static final int MAX_VALUE_CHARS = 100;

    private final ProfileOptions options;

    CsvProfiler(ProfileOptions options) {
        this.options = options;
    }

    DataProfile profile(Path path, long size) throws IOException {
        String name = String.valueOf(path.getFileName());
        boolean tsv = name.toLowerCase(Locale.ROOT).endsWith(".tsv") || name.toLowerCase(Locale.ROOT).endsWith(".tab");
        char defaultDelimiter = tsv ? '\t' : ',';
        if (size == 0) {
            return new DataProfile.Delimited(path, 0, "UTF-8", false, defaultDelimiter, '"', false, List.of(), 0, false, 0, 0,
                    List.of(), List.of(name + " is empty (0 bytes): there is nothing to analyse; export the data again or remove the file"));
        }
        byte[] sample = new byte[(int) Math.min(size, options.sampleBytes())];
        int len;
        try (InputStream in = Files.newInputStream(path)) {
            len = in.readNBytes(sample, 0, sample.length);
        }
        boolean complete = len >= size;
        TextEncoding enc = TextEncoding.detect(sample, len, complete);
        if (enc.binary()) {
            return new DataProfile.Unreadable(path, size, "csv", List.of(name
                    + " does not look like text (it holds NUL or control bytes), so it is not a CSV file; it may be a binary file"
                    + " with the wrong extension (its first bytes look like " + Magic.describe(sample, len) + "): check what exported it,"
                    + " or rename it to its real type"));
        }
        String text = enc.decode(sample, len);
        char quote = detectQuote(text);
        char delimiter = detectDelimiter(text, quote, complete, defaultDelimiter);
        CsvReader reader = new CsvReader(text, delimiter, quote, complete);
        List<List<String>> records = reader.read(Integer.MAX_VALUE);
        List<String> problems = new ArrayList<>();
        if (records.isEmpty()) {
            problems.add(name + " has no columns: it holds only blank lines" + (complete ? "" : " in its first " + len + " bytes")
                    + "; check the export, or remove the file if it is not needed");
            return new DataProfile.Delimited(path, size, enc.name(), enc.bomLength() > 0, delimiter, quote, false, List.of(), 0,
                    false, 0, 0, List.of(), problems);
        }
        boolean header = detectHeader(records);
        List<String> first = records.get(0);
        int width = first.size();
        List<String> names = header ? pandasNames(first) : generatedNames(width);
        int dataFrom = header ? 1 : 0;
        int dataRows = records.size() - dataFrom;

        int[] bits = new int[width];
        boolean[] seen = new boolean[width];
        long[] nulls = new long[width];
        java.util.Arrays.fill(bits, ValueTypes.ALL);
        long ragged = 0;
        for (int r = dataFrom; r < records.size(); r++) {
            List<String> row = records.get(r);
            if (row.size() != width) {
                ragged++;
            }
            for (int c = 0; c < width; c++) {
                String v = c < row.size() ? row.get(c) : "";
                if (ValueTypes.isNull(v)) {
                    nulls[c]++;
                } else {
                    seen[c] = true;
                    if (bits[c] != 0) {
                        bits[c] &= ValueTypes.typesOf(v);
                    }
                }
            }
        }
        List<Column> columns = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            columns.add(Column.inferred(names.get(c), ValueTypes.typeOf(bits[c], seen[c]), nulls[c]));
        }
        if (width == 1 && first.get(0).isBlank() && dataRows == 0) {
            problems.add(name + " has no columns: its only line is blank; check the export, or remove the file if it is not needed");
            columns = List.of();
        }

        long rowCount;
        boolean estimated = false;
        if (complete) {
            rowCount = dataRows;
        } else if (size <= options.exactCountLimitBytes()) {
            rowCount = countRecords(path, enc, quote) - dataFrom;
        } else {
            rowCount = Math.max(dataRows, estimateRecords(path, size, enc, text, reader.position(), len, records.size()) - dataFrom);
            estimated = true;
        }
        if (ragged > 0) {
            problems.add(name + ": " + ragged + " of the " + dataRows + " rows examined have a different number of fields than the "
                    + (header ? "header" : "first row") + " (" + width + "); fix the export, or read it with"
                    + " pandas.read_csv(..., on_bad_lines='warn') to skip them");
        }
        List<List<String>> sampleRows = new ArrayList<>();
        for (int r = dataFrom; r < records.size() && sampleRows.size() < options.sampleRowCount(); r++) {
            sampleRows.add(records.get(r).stream().map(CsvProfiler::clip).toList());
        }
        return new DataProfile.Delimited(path, size, enc.name(), enc.bomLength() > 0, delimiter, quote, header, columns,
                Math.max(0, rowCount), estimated, dataRows, ragged, sampleRows, problems);
    }

    private static String clip(String v) {
        return v.length() <= MAX_VALUE_CHARS ? v : v.substring(0, MAX_VALUE_CHARS) + "…";
    }

    static char detectQuote(String text) {
        int dq = 0;
        int sq = 0;
        int n = Math.min(text.length(), DIALECT_PROBE_CHARS);
        char prev = '\n';
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean boundary = prev == '\n' || prev == '\r' || prev == ',' || prev == ';' || prev == '\t' || prev == '|';
            if (boundary && c == '"') {
                dq++;
            } else if (boundary && c == '\'') {
                sq++;
            }
            prev = c;
        }
        return sq > 2 * dq && sq >= 2 ? '\'' : '"';
    }

    static char detectDelimiter(String text, char quote, boolean complete, char preferred) {
        String probe = text.length() > DIALECT_PROBE_CHARS ? text.substring(0, DIALECT_PROBE_CHARS) : text;
        boolean probeComplete = complete && probe.length() == text.length();
        char best = preferred;
        double bestScore = 0;
        for (char d : orderedDelimiters(preferred)) {
            List<List<String>> recs = new CsvReader(probe, d, quote, probeComplete).read(DIALECT_PROBE_RECORDS);
            if (recs.isEmpty()) {
                continue;
            }
            Map<Integer, Integer> freq = new HashMap<>();
            for (List<String> r : recs) {
                freq.merge(r.size(), 1, Integer::sum);
            }
            int mode = 1;
            int modeCount = 0;
            for (Map.Entry<Integer, Integer> e : freq.entrySet()) {
                if (e.getValue() > modeCount || (e.getValue() == modeCount && e.getKey() > mode)) {
                    mode = e.getKey();
                    modeCount = e.getValue();
                }
            }
            if (mode <= 1) {
                continue;
            }
            // consistency first; more columns break ties
            double score = (double) modeCount / recs.size() + Math.min(mode, 100) / 10_000.0;
            if (score > bestScore + 1e-9) {
                bestScore = score;
                best = d;
            }
        }
        return best;
    }

    private static char[] orderedDelimiters(char preferred) {
        char[] out = new char[DELIMITERS.length];
        out[0] = preferred;
        int i = 1;
        for (char d : DELIMITERS) {
            if (d != preferred) {
                out[i++] = d;
            }
        }
        return out;
    }

    /**
     * Whether the first record is a header. Votes per column: a text value heading a column of
     * numbers, dates or booleans is a header; a value of the column's own type is data. Blank or
     * repeated names vote against. With no evidence (all text), assume a header, as pandas does.
     */
    static boolean detectHeader(List<List<String>> records) {
        List<String> first = records.get(0);
        int votes = 0;
        Set<String> distinct = new HashSet<>();
        int blanks = 0;
        for (String v : first) {
            if (v.isBlank()) {
                blanks++;
            } else if (!distinct.add(v)) {
                votes--;
            }
        }
        if (blanks > 1 || (blanks == 1 && first.size() == 1)) {
            votes--;
        }
        int rows = Math.min(records.size(), HEADER_PROBE_ROWS + 1);
        for (int c = 0; c < first.size(); c++) {
            int bits = ValueTypes.ALL;
            boolean seen = false;
            for (int r = 1; r < rows; r++) {
                List<String> row = records.get(r);
                if (c < row.size() && !ValueTypes.isNull(row.get(c))) {
                    seen = true;
                    bits &= ValueTypes.typesOf(row.get(c));
                }
            }
            String head = first.get(c);
            if (ValueTypes.isNull(head)) {
                continue;
            }
            int headBits = ValueTypes.typesOf(head);
            if (!seen) {
                if (records.size() == 1 && headBits != 0) {
                    votes--; // a lone row of numbers is data
                }
                continue;
            }
            if (bits != 0) {
                votes += (headBits & bits) == 0 ? 1 : -1;
            }
        }
        return votes >= 0;
    }

    /** Column names as pandas.read_csv makes them: blanks become {@code Unnamed: i}, repeats get {@code .1}, {@code .2}. */
    static List<String> pandasNames(List<String> header) {
        List<String> out = new ArrayList<>(header.size());
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String n = header.get(i).isEmpty() ? "Unnamed: " + i : header.get(i);
            Integer k = counts.get(n);
            String unique = n;
            if (k != null) {
                unique = n + "." + k;
                while (counts.containsKey(unique)) {
                    k++;
                    unique = n + "." + k;
                }
                counts.put(n, k + 1);
            } else {
                counts.put(n, 1);
            }
            counts.putIfAbsent(unique, 1);
            out.add(unique);
        }
        return out;
    }

    static List<String> generatedNames(int width) {
        List<String> out = new ArrayList<>(width);
        for (int i = 1; i <= width; i++) {
            out.add("column_" + i);
        }
        return out;
    }

    /**
     * Estimates the records of a file too large to scan: bytes per record from the head sample and
     * from windows in the middle and at the end (record lengths drift: ids grow, later rows differ),
     * line breaks inside quoted fields corrected by the ratio seen in the head.
     */
    static long estimateRecords(Path path, long size, TextEncoding enc, String text, int consumedChars, int sampleBytes,
            int sampleRecords) throws IOException {
        int chars = Math.max(1, consumedChars);
        double bytesPerChar = (double) (sampleBytes - enc.bomLength()) / Math.max(1, text.length());
        double headBytesPerRecord = chars * bytesPerChar / Math.max(1, sampleRecords);
        if (!enc.asciiCompatible()) {
            return Math.round(size / headBytesPerRecord);
        }
        long headNewlines = 0;
        for (int i = 0; i < chars; i++) {
            if (text.charAt(i) == '\n') {
                headNewlines++;
            }
        }
        double recordsPerNewline = headNewlines == 0 ? 1 : Math.min(1.0, (double) sampleRecords / headNewlines);
        double sum = headBytesPerRecord;
        int rates = 1;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            for (long offset : new long[] {size / 2, size - ESTIMATE_WINDOW}) {
                ByteBuffer buf = ByteBuffer.allocate(ESTIMATE_WINDOW);
                while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) {
                    // fill the window
                }
                int first = -1;
                int last = -1;
                long newlines = 0;
                for (int i = 0; i < buf.position(); i++) {
                    if (buf.get(i) == '\n') {
                        if (first < 0) {
                            first = i;
                        }
                        last = i;
                        newlines++;
                    }
                }
                if (newlines >= 2) {
                    sum += (last - first) / ((newlines - 1) * recordsPerNewline);
                    rates++;
                }
            }
        }
        return Math.round(size / (sum / rates));
    }

    private static final int ESTIMATE_WINDOW = 64 * 1024;

    /** Counts non-blank records in the whole file, newlines inside quotes not ending a record. */
    static long countRecords(Path path, TextEncoding enc, char quote) throws IOException {
        if (!enc.asciiCompatible()) {
            try (Reader r = new BufferedReader(Files.newBufferedReader(path, enc.charset()), 1 << 16)) {
                char[] buf = new char[1 << 16];
                long records = 0;
                boolean inQuote = false;
                boolean content = false;
                int n;
                while ((n = r.read(buf)) > 0) {
                    for (int i = 0; i < n; i++) {
                        char c = buf[i];
                        if (c == quote) {
                            inQuote = !inQuote;
                            content = true;
                        } else if (c == '\n' && !inQuote) {
                            if (content) {
                                records++;
                            }
                            content = false;
                        } else if (c != '\r' && c != '\uFEFF') {
                            content = true;
                        }
                    }
                }
                return content ? records + 1 : records;
            }
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            byte[] arr = new byte[1 << 20];
            ByteBuffer buf = ByteBuffer.wrap(arr);
            byte q = (byte) quote;
            long records = 0;
            boolean inQuote = false;
            boolean content = false;
            int n;
            while ((n = ch.read(buf.clear())) >= 0) {
                for (int i = 0; i < n; i++) {
                    byte b = arr[i];
                    if (b == q) {
                        inQuote = !inQuote;
                        content = true;
                    } else if (b == '\n') {
                        if (!inQuote) {
                            if (content) {
                                records++;
                            }
                            content = false;
                        }
                    } else if (b != '\r') {
                        content = true;
                    }
                }
            }
            return content ? records + 1 : records;
        }
    }
}
