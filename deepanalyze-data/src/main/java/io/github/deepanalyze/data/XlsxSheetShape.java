package io.github.deepanalyze.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the rows {@link XlsxStreamProfiler} read into a {@link Sheet}: used range, header, column types and samples. Stateless. */
final class XlsxSheetShape {
    private XlsxSheetShape() {
    }

    static Sheet of(String name, boolean hidden, List<Map<Integer, XlsxStreamProfiler.Cell>> rows, List<Integer> rowNumbers,
                    String dimension, List<String> merged, long formulaCount, List<String> formulas,
                    ProfileOptions options, List<String> problems) {
        if (rows.isEmpty()) {
            return new Sheet(name, "", 0, List.of(), 0, merged, 0, List.of(), List.of(), 0, hidden);
        }
        int firstCol = Integer.MAX_VALUE;
        int lastCol = -1;
        for (Map<Integer, XlsxStreamProfiler.Cell> r : rows) {
            for (int c : r.keySet()) { // every cell of a non-blank row, as the user model counts them
                firstCol = Math.min(firstCol, c);
                lastCol = Math.max(lastCol, c);
            }
        }
        int firstRow = rowNumbers.get(0);
        int lastRow = rowNumbers.get(rowNumbers.size() - 1);
        if (dimension != null) {
            String end = dimension.contains(":") ? dimension.substring(dimension.indexOf(':') + 1) : dimension;
            try {
                lastRow = Math.max(lastRow, Integer.parseInt(end.replaceAll("^[A-Za-z$]+", "").replace("$", "")) - 1);
                lastCol = Math.max(lastCol, XlsxStreamProfiler.column(end.replace("$", "")));
            } catch (NumberFormatException malformed) {
                problems.add("sheet " + name + " has an unreadable size (<dimension ref=\"" + dimension + "\">), so its"
                        + " row count and used range cover only the first " + rows.size() + " rows read; count the"
                        + " rows in code (pandas.read_excel) or re-save the workbook in Excel to repair it");
            }
        }
        int width = lastCol - firstCol + 1;
        Map<Integer, XlsxStreamProfiler.Cell> head = rows.get(0);
        boolean header = isHeader(head);
        List<String> names;
        if (header) {
            List<String> raw = new ArrayList<>(width);
            for (int c = firstCol; c <= lastCol; c++) {
                XlsxStreamProfiler.Cell cell = head.get(c);
                raw.add(cell == null ? "" : cell.shown().strip());
            }
            names = CsvProfiler.pandasNames(raw);
        } else {
            names = CsvProfiler.generatedNames(width);
        }
        int[] bits = new int[width];
        boolean[] seen = new boolean[width];
        long[] nulls = new long[width];
        java.util.Arrays.fill(bits, ValueTypes.ALL);
        List<List<String>> samples = new ArrayList<>();
        Map<Integer, Map<Integer, XlsxStreamProfiler.Cell>> byNumber = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            byNumber.put(rowNumbers.get(i), rows.get(i));
        }
        // as the user model does: every row number from the first data row on, blank rows counting as nulls
        int dataFrom = header ? firstRow + 1 : firstRow;
        int stop = (int) Math.min(rowNumbers.get(rowNumbers.size() - 1), (long) dataFrom + options.maxRowsExamined() - 1);
        long examined = 0;
        for (int r = dataFrom; r <= stop; r++) {
            Map<Integer, XlsxStreamProfiler.Cell> row = byNumber.getOrDefault(r, Map.of());
            examined++;
            List<String> sample = samples.size() < options.sampleRowCount() ? new ArrayList<>(width) : null;
            for (int c = 0; c < width; c++) {
                XlsxStreamProfiler.Cell cell = row.get(firstCol + c);
                if (cell == null || cell.bits() < 0) {
                    nulls[c]++;
                } else {
                    seen[c] = true;
                    bits[c] &= cell.bits();
                }
                if (sample != null) {
                    sample.add(cell == null ? "" : cell.shown());
                }
            }
            if (sample != null) {
                samples.add(sample);
            }
        }
        List<Column> columns = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            columns.add(Column.inferred(names.get(c), ValueTypes.typeOf(bits[c], seen[c]), nulls[c]));
        }
        String used = XlsxStreamProfiler.ref(firstRow, firstCol) + ":" + XlsxStreamProfiler.ref(lastRow, lastCol);
        long dataRows = lastRow - (header ? firstRow + 1L : firstRow) + 1;
        return new Sheet(name, used, header ? firstRow + 1 : 0, columns, Math.max(0, dataRows), merged,
                formulaCount, formulas, samples, examined, hidden);
    }

    /** As POI's user model decides: every non-blank cell of the first row is distinct text. */
    private static boolean isHeader(Map<Integer, XlsxStreamProfiler.Cell> head) {
        Set<String> names = new HashSet<>();
        int strings = 0;
        for (XlsxStreamProfiler.Cell c : head.values()) {
            if (c.bits() < 0) {
                continue;
            }
            if (!c.text()) {
                return false;
            }
            strings++;
            names.add(c.shown());
        }
        return strings > 0 && names.size() == strings;
    }
}
