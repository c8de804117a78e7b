package io.github.deepanalyze.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Profiles large {@code .xlsx} workbooks with POI's SAX event API: each sheet's XML is read only
 * up to the rows examined, then abandoned. The row count and used range come from the sheet's
 * {@code <dimension>} element; types are inferred from the cells' displayed values. Merged cells,
 * stored after the rows, are not read in this mode.
 */
final class XlsxStreamProfiler {
    private static final int MAX_FORMULAS = 5;

    private final ProfileOptions options;

    XlsxStreamProfiler(ProfileOptions options) {
        this.options = options;
    }

    DataProfile.Workbook profile(Path path, long size) throws Exception {
        List<Sheet> sheets = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (OPCPackage pkg = OPCPackage.open(path.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            StylesTable styles = reader.getStylesTable();
            XSSFReader.SheetIterator it = (XSSFReader.SheetIterator) reader.getSheetsData();
            while (it.hasNext()) {
                try (InputStream in = it.next()) {
                    sheets.add(sheet(it.getSheetName(), in, styles, strings));
                }
            }
        }
        if (sheets.stream().allMatch(s -> s.usedRange().isEmpty())) {
            problems.add(path.getFileName() + " has no data: every sheet is empty; check that it is the right workbook");
        }
        return new DataProfile.Workbook(path, size, "xlsx", sheets, problems);
    }

    private Sheet sheet(String name, InputStream in, StylesTable styles, ReadOnlySharedStringsTable strings) throws Exception {
        Rows rows = new Rows(options.maxRowsExamined() + 1);
        Watcher watcher = new Watcher(rows);
        XMLReader xml = XMLHelper.newXMLReader();
        watcher.setParent(xml);
        ContentHandler handler = new XSSFSheetXMLHandler(styles, null, strings, rows, new DataFormatter(Locale.ROOT), false);
        watcher.setContentHandler(handler);
        try {
            watcher.parse(new InputSource(in));
        } catch (Stop done) {
            // enough rows examined
        }
        if (rows.rows.isEmpty()) {
            return new Sheet(name, "", 0, List.of(), 0, List.of(), 0, List.of(), List.of(), 0, false);
        }
        int firstCol = Integer.MAX_VALUE;
        int lastCol = -1;
        for (Map<Integer, String> r : rows.rows) {
            for (int c : r.keySet()) {
                firstCol = Math.min(firstCol, c);
                lastCol = Math.max(lastCol, c);
            }
        }
        int firstRow = rows.rowNumbers.get(0);
        int lastRow = rows.rowNumbers.get(rows.rowNumbers.size() - 1);
        if (watcher.dimension != null && !rows.finished) {
            try {
                CellRangeAddress d = CellRangeAddress.valueOf(watcher.dimension);
                lastRow = Math.max(lastRow, d.getLastRow());
                lastCol = Math.max(lastCol, d.getLastColumn());
            } catch (RuntimeException malformed) {
                // keep what the rows showed
            }
        }
        int width = lastCol - firstCol + 1;
        Map<Integer, String> head = rows.rows.get(0);
        boolean header = isHeader(head);
        List<String> names;
        if (header) {
            List<String> raw = new ArrayList<>(width);
            for (int c = firstCol; c <= lastCol; c++) {
                raw.add(head.getOrDefault(c, "").strip());
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
        int from = header ? 1 : 0;
        int to = Math.min(rows.rows.size(), from + options.maxRowsExamined());
        for (int r = from; r < to; r++) {
            Map<Integer, String> row = rows.rows.get(r);
            List<String> sample = samples.size() < options.sampleRowCount() ? new ArrayList<>(width) : null;
            for (int c = 0; c < width; c++) {
                String v = row.getOrDefault(firstCol + c, "");
                if (v.isBlank()) {
                    nulls[c]++;
                } else {
                    seen[c] = true;
                    bits[c] &= ValueTypes.typesOf(v);
                }
                if (sample != null) {
                    sample.add(v);
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
        String used = new CellReference(firstRow, firstCol).formatAsString(false) + ":"
                + new CellReference(lastRow, lastCol).formatAsString(false);
        long dataRows = lastRow - (header ? firstRow + 1L : firstRow) + 1;
        return new Sheet(name, used, header ? firstRow + 1 : 0, columns, Math.max(0, dataRows), List.of(),
                watcher.formulaCount, watcher.formulas, samples, Math.max(0, to - from), false);
    }

    private static boolean isHeader(Map<Integer, String> head) {
        Set<String> names = new HashSet<>();
        for (String v : head.values()) {
            if (v.isBlank()) {
                continue;
            }
            if (ValueTypes.typesOf(v) != 0 || !names.add(v)) {
                return false;
            }
        }
        return !names.isEmpty();
    }

    /** Thrown to abandon a sheet's XML once enough rows were read. */
    private static final class Stop extends SAXException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super("enough rows");
        }
    }

    /** Collects the displayed values of the first rows. */
    private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
        final List<Map<Integer, String>> rows = new ArrayList<>();
        final List<Integer> rowNumbers = new ArrayList<>();
        final Map<String, String> values = new HashMap<>();
        private final int max;
        private Map<Integer, String> current;
        boolean finished = true;

        Rows(int max) {
            this.max = max;
        }

        @Override
        public void startRow(int rowNum) {
            current = new HashMap<>();
            if (rows.size() >= max) {
                finished = false;
                throw new IllegalStateException(new Stop());
            }
            rowNumbers.add(rowNum);
        }

        @Override
        public void endRow(int rowNum) {
            if (current.values().stream().anyMatch(v -> !v.isBlank())) {
                rows.add(current);
            } else {
                rowNumbers.remove(rowNumbers.size() - 1);
            }
        }

        @Override
        public void cell(String ref, String formattedValue, XSSFComment comment) {
            if (ref == null || formattedValue == null) {
                return;
            }
            current.put(new CellReference(ref).getCol() & 0xFFFF, formattedValue);
            values.put(ref, formattedValue);
        }
    }

    /** Sees the raw XML: the sheet's dimension, and formula text, which the contents handler does not get. */
    private static final class Watcher extends XMLFilterImpl {
        private final Rows rows;
        String dimension;
        long formulaCount;
        final List<String> formulas = new ArrayList<>();
        private String cellRef;
        private StringBuilder formula;
        private String pendingRef;
        private String pendingFormula;

        Watcher(Rows rows) {
            this.rows = rows;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            switch (localName) {
                case "dimension" -> dimension = atts.getValue("ref");
                case "c" -> cellRef = atts.getValue("r");
                case "f" -> formula = new StringBuilder();
                default -> {
                }
            }
            try {
                super.startElement(uri, localName, qName, atts);
            } catch (IllegalStateException e) {
                if (e.getCause() instanceof Stop stop) {
                    throw stop;
                }
                throw e;
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            if (formula != null) {
                formula.append(ch, start, length);
            }
            super.characters(ch, start, length);
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            if ("f".equals(localName) && formula != null) {
                formulaCount++;
                if (formulas.size() < MAX_FORMULAS && cellRef != null && !formula.isEmpty()) {
                    pendingRef = cellRef;
                    pendingFormula = formula.toString();
                }
                formula = null;
            }
            super.endElement(uri, localName, qName);
            if ("c".equals(localName) && pendingRef != null) {
                formulas.add(pendingRef + ": =" + pendingFormula + " -> " + rows.values.getOrDefault(pendingRef, "(no cached value)"));
                pendingRef = null;
            }
        }
    }
}
