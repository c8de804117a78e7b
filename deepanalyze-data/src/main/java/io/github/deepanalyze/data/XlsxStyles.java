package io.github.deepanalyze.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipFile;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The number format of each cell style of an {@code .xlsx} ({@code xl/styles.xml}), read only to
 * tell dates from numbers. Immutable.
 *
 * @param formatOfStyle the number format id of each cell style ({@code <cellXfs>}), by style index
 * @param customDateFormats ids of the workbook's own number formats that show a date or time
 */
record XlsxStyles(List<Integer> formatOfStyle, Set<Integer> customDateFormats) {
    /** Built-in number formats that display dates or times (ECMA-376 18.8.30, and Excel's locale ones). */
    private static final Set<Integer> DATE_FORMATS = Set.of(14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31,
            32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58);

    XlsxStyles {
        formatOfStyle = List.copyOf(formatOfStyle);
        customDateFormats = Set.copyOf(customDateFormats);
    }

    /** Whether cells of style {@code style} show a date or time. */
    boolean isDate(int style) {
        if (style < 0 || style >= formatOfStyle.size()) {
            return false;
        }
        int id = formatOfStyle.get(style);
        return DATE_FORMATS.contains(id) || customDateFormats.contains(id);
    }

    static XlsxStyles read(ZipFile zip, XMLInputFactory xml, String part) throws IOException, XMLStreamException {
        List<Integer> formats = new ArrayList<>();
        Set<Integer> customDates = new HashSet<>();
        if (zip.getEntry(part) == null) {
            return new XlsxStyles(formats, customDates);
        }
        try (InputStream in = XlsxStreamProfiler.open(zip, part)) {
            XMLStreamReader r = xml.createXMLStreamReader(in);
            boolean inCellXfs = false;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    switch (r.getLocalName()) {
                        case "numFmt" -> {
                            String code = r.getAttributeValue(null, "formatCode");
                            if (code != null && looksLikeDate(code)) {
                                customDates.add(Integer.parseInt(r.getAttributeValue(null, "numFmtId")));
                            }
                        }
                        case "cellXfs" -> inCellXfs = true;
                        case "xf" -> {
                            if (inCellXfs) {
                                String id = r.getAttributeValue(null, "numFmtId");
                                formats.add(id == null ? 0 : Integer.parseInt(id));
                            }
                        }
                        default -> {
                        }
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT && r.getLocalName().equals("cellXfs")) {
                    break;
                }
            }
            r.close();
        }
        return new XlsxStyles(formats, customDates);
    }

    /** Whether a custom number format shows a date or time: d, m, y, h or s outside quotes, escapes and [colors]. */
    static boolean looksLikeDate(String code) {
        String section = code.split(";", 2)[0];
        boolean quoted = false;
        for (int i = 0; i < section.length(); i++) {
            char c = section.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (quoted) {
                continue;
            } else if (c == '\\' || c == '_' || c == '*') {
                i++;
            } else if (c == '[') {
                int end = section.indexOf(']', i);
                String inner = end < 0 ? "" : section.substring(i + 1, end).toLowerCase(Locale.ROOT);
                if (inner.matches("h+|m+|s+")) {
                    return true; // elapsed time, e.g. [h]:mm
                }
                i = end < 0 ? section.length() : end;
            } else if ("dmyhsDMYHS".indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }
}
