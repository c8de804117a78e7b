package io.github.deepanalyze.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.hssf.OldExcelFormatException;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellAddress;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;

/**
 * Profiles Excel workbooks. An {@code .xlsx} (a zip) is streamed by {@link XlsxStreamProfiler} with
 * the JDK alone, a few milliseconds per file; legacy {@code .xls}, encrypted workbooks and any
 * {@code .xlsx} the stream reader cannot make sense of go to Apache POI's user model, read-only,
 * which names what is wrong. Only the first {@link ProfileOptions#maxRowsExamined()} rows of a
 * sheet are examined for types and formulas; workbooks larger than the in-memory limit are
 * reported rather than loaded.
 */
final class ExcelProfiler {
    private static final int MAX_MERGED = 50;
    private static final int MAX_FORMULAS = 5;
    private static final int MAX_VALUE_CHARS = 100;
    /** POI's user model needs many times the file size in heap; bigger workbooks are not opened with it. */
    static final long USER_MODEL_LIMIT_BYTES = 50L << 20;
    /**
     * From this size on, .xlsx files are streamed (only as far as the rows examined) rather than
     * loaded with the user model: every size, since loading POI's user model costs 0.4-0.8 s a file
     * and seconds for the first one in a JVM. Tests and benchmarks pass {@link Long#MAX_VALUE} to get the user model.
     */
    static final long STREAMING_THRESHOLD_BYTES = 0;

    private final ProfileOptions options;
    private final long streamingThresholdBytes;

    ExcelProfiler(ProfileOptions options) {
        this(options, STREAMING_THRESHOLD_BYTES);
    }

    ExcelProfiler(ProfileOptions options, long streamingThresholdBytes) {
        this.options = options;
        this.streamingThresholdBytes = streamingThresholdBytes;
    }

    private static boolean isZip(Path path) {
        byte[] head = new byte[4];
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(path)) {
            return Magic.isZip(head, in.readNBytes(head, 0, 4));
        } catch (IOException e) {
            return false;
        }
    }

    DataProfile profile(Path path, long size) {
        String name = String.valueOf(path.getFileName());
        String format = name.toLowerCase(Locale.ROOT).endsWith(".xls") ? "xls" : "xlsx";
        if (size >= streamingThresholdBytes && format.equals("xlsx") && isZip(path)) {
            try {
                return new XlsxStreamProfiler(options).profile(path, size);
            } catch (Exception e) {
                if (size > USER_MODEL_LIMIT_BYTES) {
                    return new DataProfile.Unreadable(path, size, format, List.of(name
                            + " is not a readable Excel workbook (" + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage())
                            + "); it may be truncated or not an Excel file: export or download it again, or open and re-save it in Excel"));
                }
                // the user model below reads it or names the problem
            }
        }
        if (size > USER_MODEL_LIMIT_BYTES) {
            return new DataProfile.Unreadable(path, size, format, List.of(name + " is a " + (size >> 20)
                    + " MB legacy or encrypted workbook, too large to profile in memory; the model can still read it"
                    + " (pandas.read_excel), or save it as .xlsx or its sheets as CSV files for a profiled analysis"));
        }
        try (Workbook wb = WorkbookFactory.create(path.toFile(), null, true)) {
            format = wb.getSpreadsheetVersion().name().equals("EXCEL97") ? "xls" : "xlsx";
            DataFormatter formatter = new DataFormatter(Locale.ROOT);
            List<Sheet> sheets = new ArrayList<>();
            for (int i = 0; i < wb.getNumberOfSheets(); i++) {
                boolean hidden = wb.isSheetHidden(i) || wb.isSheetVeryHidden(i);
                sheets.add(sheet(wb.getSheetAt(i), hidden, formatter));
            }
            List<String> problems = new ArrayList<>();
            if (sheets.stream().allMatch(s -> s.usedRange().isEmpty())) {
                problems.add(name + " has no data: every sheet is empty; check that it is the right workbook");
            }
            return new DataProfile.Workbook(path, size, format, sheets, problems);
        } catch (EncryptedDocumentException e) {
            return new DataProfile.Unreadable(path, size, format, List.of(name
                    + " is password-protected (encrypted), so neither the profiler nor the model can read it; open it in Excel,"
                    + " remove the password (File > Info > Protect Workbook > Encrypt with Password) and use that copy"));
        } catch (OldExcelFormatException e) {
            return new DataProfile.Unreadable(path, size, format, List.of(name
                    + " is in a pre-97 Excel format (Excel 5.0/95), which cannot be read; open it in Excel or LibreOffice"
                    + " and save it as .xlsx"));
        } catch (IOException | RuntimeException e) {
            return new DataProfile.Unreadable(path, size, format, List.of(name
                    + " is not a readable Excel workbook (" + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage())
                    + "); it may be truncated or not an Excel file: export or download it again, or open and re-save it in Excel"));
        }
    }

    private Sheet sheet(org.apache.poi.ss.usermodel.Sheet s, boolean hidden, DataFormatter formatter) {
        int firstRow = -1;
        int lastRow = -1;
        int firstCol = Integer.MAX_VALUE;
        int lastCol = -1;
        for (Row row : s) {
            if (row.getLastCellNum() <= 0 || isBlank(row)) {
                continue;
            }
            if (firstRow < 0) {
                firstRow = row.getRowNum();
            }
            lastRow = row.getRowNum();
            firstCol = Math.min(firstCol, row.getFirstCellNum());
            lastCol = Math.max(lastCol, row.getLastCellNum() - 1);
        }
        List<String> merged = new ArrayList<>();
        for (CellRangeAddress r : s.getMergedRegions()) {
            if (merged.size() >= MAX_MERGED) {
                break;
            }
            merged.add(r.formatAsString());
        }
        if (firstRow < 0) {
            return new Sheet(s.getSheetName(), "", 0, List.of(), 0, merged, 0, List.of(), List.of(), 0, hidden);
        }
        String used = new CellReference(firstRow, firstCol).formatAsString(false) + ":"
                + new CellReference(lastRow, lastCol).formatAsString(false);
        int width = lastCol - firstCol + 1;
        Row head = s.getRow(firstRow);
        boolean header = isHeader(head, firstCol, lastCol);
        List<String> names;
        if (header) {
            List<String> raw = new ArrayList<>(width);
            for (int c = firstCol; c <= lastCol; c++) {
                Cell cell = head.getCell(c);
                raw.add(cell == null ? "" : formatter.formatCellValue(cell).strip());
            }
            names = CsvProfiler.pandasNames(raw);
        } else {
            names = CsvProfiler.generatedNames(width);
        }
        int dataFrom = header ? firstRow + 1 : firstRow;
        int[] bits = new int[width];
        boolean[] seen = new boolean[width];
        long[] nulls = new long[width];
        java.util.Arrays.fill(bits, ValueTypes.ALL);
        long formulaCount = 0;
        List<String> formulas = new ArrayList<>();
        List<List<String>> samples = new ArrayList<>();
        long examined = 0;
        int stop = (int) Math.min(lastRow, (long) dataFrom + options.maxRowsExamined() - 1);
        for (int r = dataFrom; r <= stop; r++) {
            Row row = s.getRow(r);
            examined++;
            List<String> sample = samples.size() < options.sampleRowCount() ? new ArrayList<>(width) : null;
            for (int c = 0; c < width; c++) {
                Cell cell = row == null ? null : row.getCell(firstCol + c);
                CellType type = cell == null ? CellType.BLANK : cell.getCellType();
                if (type == CellType.FORMULA) {
                    formulaCount++;
                    if (formulas.size() < MAX_FORMULAS) {
                        formulas.add(new CellAddress(cell).formatAsString() + ": =" + cell.getCellFormula() + " -> " + cachedValue(cell));
                    }
                    type = cell.getCachedFormulaResultType();
                }
                int b = bitsOf(cell, type);
                if (b < 0) {
                    nulls[c]++;
                } else {
                    seen[c] = true;
                    bits[c] &= b;
                }
                if (sample != null) {
                    sample.add(cell == null ? "" : clip(formatter.formatCellValue(cell)));
                }
            }
            if (sample != null) {
                samples.add(sample);
            }
        }
        if (header) {
            // formulas in the header row count too
            for (int c = firstCol; c <= lastCol; c++) {
                Cell cell = head.getCell(c);
                if (cell != null && cell.getCellType() == CellType.FORMULA) {
                    formulaCount++;
                }
            }
        }
        List<Column> columns = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            columns.add(Column.inferred(names.get(c), ValueTypes.typeOf(bits[c], seen[c]), nulls[c]));
        }
        long rowCount = lastRow - dataFrom + 1L;
        return new Sheet(s.getSheetName(), used, header ? firstRow + 1 : 0, columns, Math.max(0, rowCount), merged,
                formulaCount, formulas, samples, examined, hidden);
    }

    /** The type bits of a cell, or -1 for a blank. {@code type} is the cached result type for formulas. */
    private static int bitsOf(Cell cell, CellType type) {
        switch (type) {
            case NUMERIC -> {
                double v = cell.getNumericCellValue();
                if (DateUtil.isCellDateFormatted(cell)) {
                    return v == Math.floor(v) ? ValueTypes.DATE | ValueTypes.DATETIME : ValueTypes.DATETIME;
                }
                return v == Math.rint(v) && !Double.isInfinite(v) ? ValueTypes.INTEGER | ValueTypes.DECIMAL : ValueTypes.DECIMAL;
            }
            case BOOLEAN -> {
                return ValueTypes.BOOLEAN;
            }
            case STRING -> {
                String v = cell.getRichStringCellValue().getString();
                return v.isBlank() ? -1 : 0;
            }
            case ERROR -> {
                return -1;
            }
            default -> {
                return -1;
            }
        }
    }

    private static boolean isHeader(Row head, int firstCol, int lastCol) {
        Set<String> names = new HashSet<>();
        int strings = 0;
        for (int c = firstCol; c <= lastCol; c++) {
            Cell cell = head.getCell(c);
            if (cell == null || cell.getCellType() == CellType.BLANK) {
                continue;
            }
            CellType t = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
            if (t != CellType.STRING) {
                return false;
            }
            strings++;
            names.add(cell.getStringCellValue());
        }
        return strings > 0 && names.size() == strings;
    }

    private static boolean isBlank(Row row) {
        for (Cell cell : row) {
            CellType t = cell.getCellType();
            if (t == CellType.BLANK) {
                continue;
            }
            if (t == CellType.STRING && cell.getStringCellValue().isBlank()) {
                continue;
            }
            return false;
        }
        return true;
    }

    private static String cachedValue(Cell cell) {
        try {
            return switch (cell.getCachedFormulaResultType()) {
                case NUMERIC -> DateUtil.isCellDateFormatted(cell)
                        ? String.valueOf(cell.getLocalDateTimeCellValue())
                        : formatNumber(cell.getNumericCellValue());
                case STRING -> clip(cell.getStringCellValue());
                case BOOLEAN -> String.valueOf(cell.getBooleanCellValue());
                case ERROR -> FormulaError.forInt(cell.getErrorCellValue()).getString();
                default -> "(no cached value)";
            };
        } catch (RuntimeException e) {
            return "(no cached value)";
        }
    }

    private static String formatNumber(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static String clip(String v) {
        return v.length() <= MAX_VALUE_CHARS ? v : v.substring(0, MAX_VALUE_CHARS) + "…";
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
