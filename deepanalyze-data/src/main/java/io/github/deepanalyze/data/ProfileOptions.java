package io.github.deepanalyze.data;

/**
 * The bounds a {@link DataProfiler} works within.
 *
 * @param sampleBytes how many bytes of a text file are read to infer types
 * @param exactCountLimitBytes files up to this size have their records counted exactly; larger ones are estimated
 * @param sampleRowCount how many sample rows a profile keeps
 * @param maxRowsExamined how many rows of a sheet or JSON records are examined for types and keys
 */
record ProfileOptions(int sampleBytes, long exactCountLimitBytes, int sampleRowCount, int maxRowsExamined) {
    static final ProfileOptions DEFAULTS = new ProfileOptions(1 << 20, 64L << 20, 5, 1000);
}
