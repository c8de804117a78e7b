/**
 * Analyses on disk: the versioned JSON trace ({@link io.github.deepanalyze.trace.AnalysisJson}),
 * the append-only JSONL event log ({@link io.github.deepanalyze.trace.JsonlEventLog}) and exports
 * for fine-tuning ({@link io.github.deepanalyze.trace.SftSample}) and Jupyter
 * ({@link io.github.deepanalyze.trace.NotebookExport}).
 */
package io.github.deepanalyze.trace;
