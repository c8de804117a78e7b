package io.github.deepanalyze.graalpy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.graalvm.polyglot.HostAccess;

/**
 * The host side of the sandbox's {@code openpyxl} reader: Apache POI loads a workbook from the
 * workspace (path checked by the context's {@link WorkspaceFileSystem}) and hands every sheet back
 * as whole rows, one host call per workbook. Dates come back as strings tagged
 * {@value #DATE_TAG} followed by an ISO timestamp, which the Python side turns into
 * {@code datetime}.
 *
 * <p>Public only because the polyglot host access needs public classes; not part of the SDK's API.
 */
public final class XlsxBridge {
    static final String DATE_TAG = "\u0000dt:";
    private final WorkspaceFileSystem fs;

    XlsxBridge(WorkspaceFileSystem fs) {
        this.fs = fs;
    }

    /**
     * Reads a workbook. Returns {@code ["ok", [[sheetName, rows], ...]]} with rows padded to the
     * sheet's widest row, or {@code ["error", kind, message]}.
     */
    @HostAccess.Export
    public List<Object> load(String path, boolean dataOnly) {
        Path checked;
        try {
            checked = fs.checkWorkspacePath(Path.of(path));
        } catch (SecurityException | java.nio.file.InvalidPathException e) {
            return List.of("error", "PermissionError", String.valueOf(e.getMessage()));
        }
        if (!Files.isRegularFile(checked)) {
            return List.of("error", "FileNotFoundError", "No such file or directory: '" + path + "'");
        }
        try (InputStream in = Files.newInputStream(checked); Workbook wb = WorkbookFactory.create(in)) {
            List<Object> sheets = new ArrayList<>();
            for (Sheet sheet : wb) {
                int width = 0;
                for (Row row : sheet) {
                    width = Math.max(width, row.getLastCellNum());
                }
                int height = sheet.getPhysicalNumberOfRows() == 0 ? 0 : sheet.getLastRowNum() + 1;
                List<Object> rows = new ArrayList<>(height);
                for (int r = 0; r < height; r++) {
                    Object[] values = new Object[width];
                    Row row = sheet.getRow(r);
                    if (row != null) {
                        for (int c = 0; c < width; c++) {
                            Cell cell = row.getCell(c);
                            values[c] = cell == null ? null : value(cell, dataOnly);
                        }
                    }
                    rows.add(Arrays.asList(values));
                }
                sheets.add(Arrays.asList(sheet.getSheetName(), rows));
            }
            return Arrays.asList("ok", sheets);
        } catch (Exception e) {
            return List.of("error", "InvalidFileException", "cannot read " + path + " as an Excel workbook: " + e.getMessage());
        }
    }

    private static Object value(Cell cell, boolean dataOnly) {
        CellType type = cell.getCellType();
        if (type == CellType.FORMULA) {
            if (!dataOnly) {
                return "=" + cell.getCellFormula();
            }
            type = cell.getCachedFormulaResultType();
        }
        switch (type) {
            case STRING:
                return cell.getStringCellValue();
            case BOOLEAN:
                return cell.getBooleanCellValue();
            case NUMERIC:
                if (DateUtil.isCellDateFormatted(cell)) {
                    return DATE_TAG + cell.getLocalDateTimeCellValue();
                }
                double d = cell.getNumericCellValue();
                if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
                    return (long) d;
                }
                return d;
            case ERROR:
                return "#ERR";
            default:
                return null;
        }
    }
}
