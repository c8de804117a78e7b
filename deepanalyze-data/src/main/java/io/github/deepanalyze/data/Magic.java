package io.github.deepanalyze.data;

import java.nio.charset.StandardCharsets;

/** Recognises a few file formats by their first bytes. */
final class Magic {
    private Magic() {
    }

    static boolean isSqlite(byte[] b, int len) {
        return len >= 16 && new String(b, 0, 16, StandardCharsets.ISO_8859_1).equals("SQLite format 3\0");
    }

    static boolean isZip(byte[] b, int len) {
        return len >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
    }

    static boolean isOle2(byte[] b, int len) {
        return len >= 8 && (b[0] & 0xFF) == 0xD0 && (b[1] & 0xFF) == 0xCF && (b[2] & 0xFF) == 0x11 && (b[3] & 0xFF) == 0xE0;
    }

    /** A short note on what binary content appears to be. */
    static String describe(byte[] b, int len) {
        if (isSqlite(b, len)) {
            return "an SQLite database (rename it to .sqlite or .db to have it profiled)";
        }
        if (isZip(b, len)) {
            return "a ZIP archive (or an Office Open XML document)";
        }
        if (isOle2(b, len)) {
            return "an OLE2 compound document (an Excel 97-2003, Word or other legacy Office file)";
        }
        if (len >= 4 && b[0] == '%' && b[1] == 'P' && b[2] == 'D' && b[3] == 'F') {
            return "a PDF document";
        }
        if (len >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "a PNG image";
        }
        if (len >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return "a JPEG image";
        }
        if (len >= 4 && b[0] == 'P' && b[1] == 'A' && b[2] == 'R' && b[3] == '1') {
            return "an Apache Parquet file (read it with pandas.read_parquet)";
        }
        if (len >= 2 && (b[0] & 0xFF) == 0x1F && (b[1] & 0xFF) == 0x8B) {
            return "a gzip-compressed file";
        }
        return "binary content of an unknown format";
    }
}
