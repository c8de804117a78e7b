package io.github.deepanalyze.core.internal.workspace;

import java.util.Locale;
import java.util.Map;

/** Guesses a MIME type from a file name. Deterministic (no OS lookups), so traces are reproducible. */
public final class MediaTypes {
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("webp", "image/webp"),
            Map.entry("bmp", "image/bmp"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("csv", "text/csv"),
            Map.entry("tsv", "text/tab-separated-values"),
            Map.entry("txt", "text/plain"),
            Map.entry("log", "text/plain"),
            Map.entry("md", "text/markdown"),
            Map.entry("html", "text/html"),
            Map.entry("htm", "text/html"),
            Map.entry("json", "application/json"),
            Map.entry("jsonl", "application/jsonl"),
            Map.entry("xml", "application/xml"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Map.entry("xls", "application/vnd.ms-excel"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("sqlite", "application/vnd.sqlite3"),
            Map.entry("db", "application/vnd.sqlite3"),
            Map.entry("parquet", "application/vnd.apache.parquet"),
            Map.entry("pkl", "application/x-python-pickle"),
            Map.entry("pickle", "application/x-python-pickle"),
            Map.entry("py", "text/x-python"),
            Map.entry("zip", "application/zip"));

    private MediaTypes() {
    }

    /** The MIME type for {@code fileName}, or {@code application/octet-stream} when unknown. */
    public static String of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) {
            return "application/octet-stream";
        }
        String ext = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return BY_EXTENSION.getOrDefault(ext, "application/octet-stream");
    }
}
