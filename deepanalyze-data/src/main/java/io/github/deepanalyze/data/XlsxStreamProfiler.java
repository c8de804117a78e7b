package io.github.deepanalyze.data;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Profiles {@code .xlsx} workbooks by streaming their XML with the JDK alone ({@link ZipFile} and
 * StAX), without Apache POI: each sheet is read only up to the rows examined (plus the header),
 * shared strings only up to the last one those rows use, and styles only to tell dates from
 * numbers. Profiling a workbook then costs a few milliseconds whatever its size. The used range and
 * row count come from the rows read or, for a sheet read only in part, from its {@code <dimension>};
 * merged regions are listed when the whole sheet was read. Types follow the cells' stored types as
 * POI's user model reports them (numbers, dates by number format, booleans, text; errors count as
 * blank).
 *
 * <p>Throws on anything it cannot read ({@link ExcelProfiler} then falls back to the user model,
 * which names the problem). Stateless; thread-safe.
 */
final class XlsxStreamProfiler {
    private static final int MAX_FORMULAS = 5;
    private static final int MAX_MERGED = 50;
    private static final int MAX_VALUE_CHARS = 100;
    private static final LocalDateTime EPOCH_1900 = LocalDateTime.of(1899, 12, 30, 0, 0);
    private static final LocalDateTime EPOCH_1904 = LocalDateTime.of(1904, 1, 1, 0, 0);

    private final ProfileOptions options;

    XlsxStreamProfiler(ProfileOptions options) {
        this.options = options;
    }

    /** One cell as read: what a spreadsheet shows, and its type bits (-1 for a blank). */
    record Cell(String shown, int bits, boolean text, int sharedString) {
    }

    DataProfile.Workbook profile(Path path, long size) throws IOException, XMLStreamException {
        XMLInputFactory xml = XMLInputFactory.newFactory();
        xml.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        xml.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        List<Sheet> sheets = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Map<String, String> rels = relationships(zip, xml);
            Workbook book = workbook(zip, xml);
            XlsxStyles styles = XlsxStyles.read(zip, xml, target(rels, "/styles", "xl/styles.xml"));
            String strings = target(rels, "/sharedStrings", "xl/sharedStrings.xml");
            for (SheetRef ref : book.sheets()) {
                String part = rels.get(ref.relId());
                if (part == null) {
                    throw new IOException("workbook.xml names sheet " + ref.name() + " with no part (" + ref.relId() + ")");
                }
                sheets.add(sheet(zip, xml, part, ref, styles, book.date1904(), strings, problems));
            }
        }
        if (sheets.stream().allMatch(s -> s.usedRange().isEmpty())) {
            problems.add(path.getFileName() + " has no data: every sheet is empty; check that it is the right workbook");
        }
        return new DataProfile.Workbook(path, size, "xlsx", sheets, problems);
    }

    private record SheetRef(String name, String relId, boolean hidden) {
    }

    private record Workbook(List<SheetRef> sheets, boolean date1904) {
    }

    static InputStream open(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new IOException("no " + name + " in the workbook");
        }
        return zip.getInputStream(e);
    }

    private static String target(Map<String, String> rels, String typeSuffix, String fallback) {
        return rels.getOrDefault(typeSuffix, fallback);
    }

    /** Relationship id (and, for shared strings and styles, type suffix) to part name in the zip. */
    private static Map<String, String> relationships(ZipFile zip, XMLInputFactory xml) throws IOException, XMLStreamException {
        Map<String, String> out = new HashMap<>();
        try (InputStream in = open(zip, "xl/_rels/workbook.xml.rels")) {
            XMLStreamReader r = xml.createXMLStreamReader(in);
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("Relationship")) {
                    String target = r.getAttributeValue(null, "Target");
                    if (target == null) {
                        continue;
                    }
                    String part = target.startsWith("/") ? target.substring(1) : "xl/" + target;
                    out.put(r.getAttributeValue(null, "Id"), part);
                    String type = String.valueOf(r.getAttributeValue(null, "Type"));
                    if (type.endsWith("/sharedStrings") || type.endsWith("/styles")) {
                        out.put(type.substring(type.lastIndexOf('/')), part);
                    }
                }
            }
            r.close();
        }
        return out;
    }

    private static Workbook workbook(ZipFile zip, XMLInputFactory xml) throws IOException, XMLStreamException {
        List<SheetRef> sheets = new ArrayList<>();
        boolean date1904 = false;
        try (InputStream in = open(zip, "xl/workbook.xml")) {
            XMLStreamReader r = xml.createXMLStreamReader(in);
            while (r.hasNext()) {
                if (r.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                if (r.getLocalName().equals("workbookPr")) {
                    String v = r.getAttributeValue(null, "date1904");
                    date1904 = "1".equals(v) || "true".equals(v);
                } else if (r.getLocalName().equals("sheet")) {
                    String relId = null;
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        if (r.getAttributeLocalName(i).equals("id")) {
                            relId = r.getAttributeValue(i);
                        }
                    }
                    String state = r.getAttributeValue(null, "state");
                    sheets.add(new SheetRef(String.valueOf(r.getAttributeValue(null, "name")), relId,
                            "hidden".equals(state) || "veryHidden".equals(state)));
                }
            }
            r.close();
        }
        return new Workbook(sheets, date1904);
    }

    private Sheet sheet(ZipFile zip, XMLInputFactory xml, String part, SheetRef ref, XlsxStyles styles, boolean date1904,
                        String stringsPart, List<String> problems) throws IOException, XMLStreamException {
        int wanted = options.maxRowsExamined() + 1; // and the header
        List<Map<Integer, Cell>> rows = new ArrayList<>();
        List<Integer> rowNumbers = new ArrayList<>();
        List<String[]> formulaCells = new ArrayList<>(); // {ref, formula, cellIndexInRows...}
        long formulaCount = 0;
        String dimension = null;
        boolean finished = true;
        List<String> merged = new ArrayList<>();
        Set<Integer> neededStrings = new TreeSet<>();
        try (InputStream in = open(zip, part)) {
            XMLStreamReader r = xml.createXMLStreamReader(in);
            Map<Integer, Cell> row = null;
            int rowNum = -1;
            int nextRow = 0;
            int nextCol = 0;
            String cellRef = null;
            String cellType = null;
            int cellStyle = 0;
            String value = null;
            String formula = null;
            StringBuilder text = null;
            StringBuilder inline = null;
            loop:
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    switch (r.getLocalName()) {
                        case "dimension" -> dimension = r.getAttributeValue(null, "ref");
                        case "row" -> {
                            if (rows.size() >= wanted) {
                                finished = false;
                                break loop;
                            }
                            String n = r.getAttributeValue(null, "r");
                            rowNum = n == null ? nextRow : Integer.parseInt(n) - 1;
                            nextRow = rowNum + 1;
                            nextCol = 0;
                            row = new LinkedHashMap<>();
                        }
                        case "c" -> {
                            cellRef = r.getAttributeValue(null, "r");
                            cellType = r.getAttributeValue(null, "t");
                            String s = r.getAttributeValue(null, "s");
                            cellStyle = s == null ? 0 : Integer.parseInt(s);
                            value = null;
                            formula = null;
                            inline = null;
                        }
                        case "v", "f" -> text = new StringBuilder();
                        case "is" -> inline = new StringBuilder();
                        case "t" -> {
                            if (inline != null) {
                                text = new StringBuilder();
                            }
                        }
                        case "rPh" -> skip(r); // phonetic guide text is not shown
                        case "mergeCell" -> {
                            if (merged.size() < MAX_MERGED) {
                                merged.add(r.getAttributeValue(null, "ref"));
                            }
                        }
                        default -> {
                        }
                    }
                } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) {
                    if (text != null && text.length() < 4 * MAX_VALUE_CHARS) {
                        text.append(r.getText());
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    switch (r.getLocalName()) {
                        case "v" -> {
                            value = text.toString();
                            text = null;
                        }
                        case "f" -> {
                            formula = text.toString();
                            text = null;
                            formulaCount++;
                        }
                        case "t" -> {
                            if (inline != null && text != null) {
                                inline.append(text);
                                text = null;
                            }
                        }
                        case "c" -> {
                            int col = cellRef == null ? nextCol : column(cellRef);
                            nextCol = col + 1;
                            Cell cell = cell(cellType, cellStyle, value, inline, styles, date1904);
                            if (cell.sharedString() >= 0) {
                                neededStrings.add(cell.sharedString());
                            }
                            if (row != null) {
                                row.put(col, cell);
                            }
                            if (formula != null && !formula.isEmpty() && formulaCells.size() < MAX_FORMULAS) {
                                formulaCells.add(new String[] {cellRef == null ? ref(rowNum, col) : cellRef, formula,
                                        String.valueOf(rows.size()), String.valueOf(col)});
                            }
                        }
                        case "row" -> {
                            if (row != null && row.values().stream().anyMatch(c -> c.bits() >= 0 || c.sharedString() >= 0)) {
                                rows.add(row);
                                rowNumbers.add(rowNum);
                            }
                            row = null;
                        }
                        default -> {
                        }
                    }
                }
            }
            r.close();
        }
        Map<Integer, String> strings = sharedStrings(zip, xml, stringsPart, neededStrings);
        List<Map<Integer, Cell>> resolved = new ArrayList<>(rows.size());
        for (Map<Integer, Cell> row : rows) {
            Map<Integer, Cell> out = new LinkedHashMap<>();
            row.forEach((col, c) -> {
                if (c.sharedString() >= 0) {
                    String s = strings.getOrDefault(c.sharedString(), "");
                    out.put(col, new Cell(s, s.isBlank() ? -1 : 0, true, -1));
                } else {
                    out.put(col, c);
                }
            });
            if (out.values().stream().anyMatch(c -> c.bits() >= 0)) {
                resolved.add(out);
            } else {
                rowNumbers.remove(resolved.size());
            }
        }
        List<String> formulas = new ArrayList<>();
        for (String[] f : formulaCells) {
            int at = Integer.parseInt(f[2]);
            Cell c = at < rows.size() ? rows.get(at).get(Integer.parseInt(f[3])) : null;
            String cached = c == null || c.shown().isEmpty() ? "(no cached value)"
                    : c.sharedString() >= 0 ? strings.getOrDefault(c.sharedString(), "") : c.shown();
            formulas.add(f[0] + ": =" + f[1] + " -> " + clip(cached));
        }
        return XlsxSheetShape.of(ref.name(), ref.hidden(), resolved, rowNumbers, finished ? null : dimension,
                finished ? merged : List.of(), formulaCount, formulas, options, problems);
    }

    private static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && r.hasNext()) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private static Cell cell(String type, int style, String value, StringBuilder inline, XlsxStyles styles, boolean date1904) {
        String t = type == null ? "n" : type;
        switch (t) {
            case "s" -> {
                return value == null || value.isBlank() ? new Cell("", -1, true, -1)
                        : new Cell("", -1, true, Integer.parseInt(value.strip()));
            }
            case "inlineStr" -> {
                String s = inline == null ? String.valueOf(value == null ? "" : value) : inline.toString();
                return new Cell(clip(s), s.isBlank() ? -1 : 0, true, -1);
            }
            case "str" -> {
                String s = value == null ? "" : value;
                return new Cell(clip(s), s.isBlank() ? -1 : 0, true, -1);
            }
            case "b" -> {
                return value == null ? new Cell("", -1, false, -1)
                        : new Cell("1".equals(value.strip()) ? "TRUE" : "FALSE", ValueTypes.BOOLEAN, false, -1);
            }
            case "e" -> {
                return new Cell(value == null ? "" : value, -1, false, -1);
            }
            default -> {
                if (value == null || value.isBlank()) {
                    return new Cell("", -1, false, -1);
                }
                double v = Double.parseDouble(value.strip());
                if (styles.isDate(style)) {
                    boolean whole = v == Math.floor(v);
                    LocalDateTime at = (date1904 ? EPOCH_1904 : EPOCH_1900)
                            .plus(Math.round(v * 86_400_000d), ChronoUnit.MILLIS);
                    return new Cell(whole ? at.toLocalDate().toString() : at.toString().replace('T', ' '),
                            whole ? ValueTypes.DATE | ValueTypes.DATETIME : ValueTypes.DATETIME, false, -1);
                }
                boolean integral = v == Math.rint(v) && !Double.isInfinite(v);
                return new Cell(general(v), integral ? ValueTypes.INTEGER | ValueTypes.DECIMAL : ValueTypes.DECIMAL,
                        false, -1);
            }
        }
    }

    /** A number as Excel's General format shows it: up to 11 significant digits, no trailing zeros. */
    static String general(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e11) {
            return String.valueOf((long) v);
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-9 || a >= 1e11)) {
            return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toString();
        }
        return new BigDecimal(v).round(new MathContext(11)).stripTrailingZeros().toPlainString();
    }

    /** The shared strings with the given indices, reading the part only as far as the largest one. */
    private static Map<Integer, String> sharedStrings(ZipFile zip, XMLInputFactory xml, String part, Set<Integer> needed)
            throws IOException, XMLStreamException {
        Map<Integer, String> out = new HashMap<>();
        if (needed.isEmpty() || zip.getEntry(part) == null) {
            return out;
        }
        int last = ((TreeSet<Integer>) needed).last();
        try (InputStream in = open(zip, part)) {
            XMLStreamReader r = xml.createXMLStreamReader(in);
            int index = -1;
            StringBuilder si = null;
            boolean inT = false;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    switch (r.getLocalName()) {
                        case "si" -> {
                            index++;
                            si = needed.contains(index) ? new StringBuilder() : null;
                        }
                        case "t" -> inT = true;
                        case "rPh" -> skip(r);
                        default -> {
                        }
                    }
                } else if ((ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) && inT && si != null
                        && si.length() < 4 * MAX_VALUE_CHARS) {
                    si.append(r.getText());
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    if (r.getLocalName().equals("t")) {
                        inT = false;
                    } else if (r.getLocalName().equals("si")) {
                        if (si != null) {
                            out.put(index, clip(si.toString()));
                        }
                        if (index >= last) {
                            break;
                        }
                    }
                }
            }
            r.close();
        }
        return out;
    }

    /** The 0-based column of an A1 reference such as {@code "AB12"}. */
    static int column(String ref) {
        int col = 0;
        for (int i = 0; i < ref.length(); i++) {
            char c = Character.toUpperCase(ref.charAt(i));
            if (c < 'A' || c > 'Z') {
                break;
            }
            col = col * 26 + (c - 'A' + 1);
        }
        return col - 1;
    }

    /** The A1 reference of a 0-based row and column. */
    static String ref(int row, int col) {
        StringBuilder letters = new StringBuilder();
        for (int c = col + 1; c > 0; c = (c - 1) / 26) {
            letters.insert(0, (char) ('A' + (c - 1) % 26));
        }
        return letters.toString() + (row + 1);
    }

    private static String clip(String v) {
        return v.length() <= MAX_VALUE_CHARS ? v : v.substring(0, MAX_VALUE_CHARS) + "…";
    }
}
