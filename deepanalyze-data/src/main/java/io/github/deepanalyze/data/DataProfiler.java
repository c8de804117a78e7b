package io.github.deepanalyze.data;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.deepanalyze.common.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Builds {@link DataProfile}s of files, within configurable bounds: how much of a text file is
 * sampled, and up to which size records are counted exactly rather than estimated.
 * {@link DataProfiles#of(Path)} uses {@link #defaults()}.
 *
 * <p>Immutable and thread-safe; {@code with…} methods return configured copies. Arguments must not
 * be null.
 *
 * <p>The format is chosen by the file name's extension ({@code .csv .tsv .tab}, {@code .xlsx .xlsm .xls},
 * {@code .sqlite .sqlite3 .db .db3}, {@code .json}, {@code .jsonl .ndjson}, {@code .txt .md .markdown .rst .log});
 * other files are sniffed (an SQLite header, text, or binary).
 */
public final class DataProfiler {
    private static final DataProfiler DEFAULTS = new DataProfiler(ProfileOptions.DEFAULTS);

    private final ProfileOptions options;
    private final JsonFactory jsonFactory = new JsonFactory();

    private DataProfiler(ProfileOptions options) {
        this.options = options;
    }

    /** A profiler that samples the first 1 MiB of text files and counts records exactly in files up to 64 MiB. */
    public static DataProfiler defaults() {
        return DEFAULTS;
    }

    /** A copy that reads {@code bytes} of a text file to infer types (at least 4 KiB, at most 64 MiB). */
    public DataProfiler withSampleBytes(int bytes) {
        if (bytes < 4096 || bytes > (64 << 20)) {
            throw new IllegalArgumentException("sampleBytes must be between 4096 and 67108864: " + bytes);
        }
        return new DataProfiler(new ProfileOptions(bytes, options.exactCountLimitBytes(), options.sampleRowCount(),
                options.maxRowsExamined()));
    }

    /**
     * A copy that counts the records of files up to {@code bytes} exactly (a streaming scan) and
     * estimates those of larger files from the sample and the file size, flagging the count as estimated.
     */
    public DataProfiler withExactCountLimit(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("exactCountLimit must be >= 0: " + bytes);
        }
        return new DataProfiler(new ProfileOptions(options.sampleBytes(), bytes, options.sampleRowCount(),
                options.maxRowsExamined()));
    }

    /**
     * Profiles one file. Never throws for a file that exists: problems are in the profile.
     *
     * @throws InvalidInputException if {@code path} does not exist or is a directory
     */
    public DataProfile profile(Path path) {
        Objects.requireNonNull(path, "path");
        if (Files.isDirectory(path)) {
            throw new InvalidInputException(path + " is a directory, not a file; profile the files inside it"
                    + " (DataProfiles.ofAll) or pass a file path");
        }
        if (!Files.exists(path)) {
            throw new InvalidInputException("no file at " + path.toAbsolutePath() + "; check the path (a relative path"
                    + " resolves against the working directory " + Path.of("").toAbsolutePath() + ")");
        }
        String name = String.valueOf(path.getFileName());
        String ext = extension(name);
        String format = formatOf(ext);
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            return unreadable(path, -1, format, e);
        }
        if (!Files.isRegularFile(path)) {
            return new DataProfile.Unreadable(path, size, format, List.of(name
                    + " is not a regular file (a device, pipe or socket); copy its content into a file and use that"));
        }
        if (!Files.isReadable(path)) {
            return new DataProfile.Unreadable(path, size, format, List.of(name
                    + " cannot be read: permission denied; grant read permission (chmod a+r) or copy it somewhere readable"));
        }
        if (size == 0) {
            return new DataProfile.Unreadable(path, 0, format, List.of(name
                    + " is empty (0 bytes): there is nothing to analyse; export the data again or remove the file"));
        }
        try {
            return switch (format) {
                case "csv" -> new CsvProfiler(options).profile(path, size);
                case "xlsx", "xls" -> new ExcelProfiler(options).profile(path, size);
                case "sqlite" -> new SqliteProfiler(options.exactCountLimitBytes()).profile(path, size);
                case "json" -> new JsonProfiler(options, jsonFactory).profile(path, size, false);
                case "jsonl" -> new JsonProfiler(options, jsonFactory).profile(path, size, true);
                case "text" -> new TextProfiler(options).profile(path, size, true);
                default -> sniff(path, size);
            };
        } catch (IOException | RuntimeException e) {
            return unreadable(path, size, format, e);
        }
    }

    /**
     * Profiles many files, in the order given.
     *
     * @throws InvalidInputException if any path does not exist or is a directory (before any file is profiled)
     */
    public List<DataProfile> profileAll(Collection<Path> paths) {
        List<Path> list = List.copyOf(paths);
        for (Path p : list) {
            if (Files.isDirectory(p) || !Files.exists(p)) {
                profile(p); // throws the precise message
            }
        }
        List<DataProfile> out = new ArrayList<>(list.size());
        for (Path p : list) {
            out.add(profile(p));
        }
        return List.copyOf(out);
    }

    private DataProfile sniff(Path path, long size) throws IOException {
        byte[] head = new byte[16];
        int len;
        try (InputStream in = Files.newInputStream(path)) {
            len = in.readNBytes(head, 0, head.length);
        }
        if (Magic.isSqlite(head, len)) {
            return new SqliteProfiler(options.exactCountLimitBytes()).profile(path, size);
        }
        if (Magic.isZip(head, len) || Magic.isOle2(head, len)) {
            return new DataProfile.Binary(path, size, Magic.describe(head, len), List.of());
        }
        return new TextProfiler(options).profile(path, size, false);
    }

    private static DataProfile unreadable(Path path, long size, String format, Exception e) {
        String name = String.valueOf(path.getFileName());
        if (e instanceof AccessDeniedException) {
            return new DataProfile.Unreadable(path, size, format, List.of(name
                    + " cannot be read: permission denied; grant read permission (chmod a+r) or copy it somewhere readable"));
        }
        String msg = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
        return new DataProfile.Unreadable(path, size, format, List.of(name + " could not be profiled ("
                + e.getClass().getSimpleName() + msg + "); check that the file is complete and of the type its name says"));
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String formatOf(String ext) {
        return switch (ext) {
            case "csv", "tsv", "tab" -> "csv";
            case "xlsx", "xlsm" -> "xlsx";
            case "xls" -> "xls";
            case "sqlite", "sqlite3", "db", "db3" -> "sqlite";
            case "json" -> "json";
            case "jsonl", "ndjson" -> "jsonl";
            case "txt", "md", "markdown", "rst", "log", "text" -> "text";
            default -> "unknown";
        };
    }
}
