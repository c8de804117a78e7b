/**
 * The final report as people use it: {@link io.github.deepanalyze.report.ReportDocument} (title,
 * sections, typed tables, figures resolved to artifacts, stated numbers), the
 * {@link io.github.deepanalyze.report.ClaimCheck} of those numbers against the code outputs, and
 * renderers to a Markdown bundle, a self-contained HTML file and PDF.
 */
package io.github.deepanalyze.report;
