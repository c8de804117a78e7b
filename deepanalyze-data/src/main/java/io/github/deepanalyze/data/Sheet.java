package io.github.deepanalyze.data;

import java.util.List;
import java.util.Objects;

/**
 * One worksheet of a workbook.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the sheet name
 * @param usedRange the used range in A1 notation (e.g. {@code "A1:C1195"}), or {@code ""} for an empty sheet
 * @param headerRow the 1-based row number of the header row, or {@code 0} when the sheet has none
 * @param columns the columns of the header row (or of the first row, named {@code column_N}), types inferred from the rows examined
 * @param rowCount the number of data rows (below the header) in the used range
 * @param mergedRegions the merged cell ranges in A1 notation (at most the first 50)
 * @param formulaCount how many formula cells the rows examined hold
 * @param formulas a few formula cells, as {@code "B2: =SUM(A1:A9) -> 45"} (cached value; not recomputed)
 * @param sampleRows the first few data rows as displayed text
 * @param rowsExamined how many data rows the types were inferred from
 * @param hidden whether the sheet is hidden
 */
public record Sheet(
        String name,
        String usedRange,
        int headerRow,
        List<Column> columns,
        long rowCount,
        List<String> mergedRegions,
        long formulaCount,
        List<String> formulas,
        List<List<String>> sampleRows,
        long rowsExamined,
        boolean hidden) {

    public Sheet {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(usedRange, "usedRange");
        columns = List.copyOf(columns);
        mergedRegions = List.copyOf(mergedRegions);
        formulas = List.copyOf(formulas);
        sampleRows = sampleRows.stream().map(List::copyOf).toList();
    }
}
