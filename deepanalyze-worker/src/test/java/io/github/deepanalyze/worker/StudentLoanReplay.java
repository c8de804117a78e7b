package io.github.deepanalyze.worker;

import io.github.deepanalyze.testing.RecordedTrajectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Test support: the recorded student-loan run's code blocks, and the normalisations used to compare outputs. */
final class StudentLoanReplay {
    private static final Pattern CODE = Pattern.compile("<Code>(.*?)</Code>", Pattern.DOTALL);
    private static final Pattern FENCE = Pattern.compile("```(?:python)?[ \\t]*\\n(.*?)```", Pattern.DOTALL);
    /**
     * pandas 2.0 names {@code value_counts()} results "count" and prints the index name as a header
     * line; pandas 1.x names the result after the column. This rewrites the 2.x form into the 1.x form.
     */
    private static final Pattern VALUE_COUNTS_2X =
            Pattern.compile("(?m)^(\\w+)\\n((?:\\S+ +\\d+\\n)+)Name: count, dtype: (\\w+)$");

    private StudentLoanReplay() {
    }

    /** The program of each {@code <Code>} section, in order, as the reference extracts it (fenced content, trimmed). */
    static List<String> codeBlocks(RecordedTrajectory t) {
        List<String> out = new ArrayList<>();
        for (String turn : t.turns()) {
            Matcher m = CODE.matcher(turn);
            if (m.find()) {
                String body = m.group(1);
                Matcher f = FENCE.matcher(body);
                out.add((f.find() ? f.group(1) : body).strip());
            }
        }
        return out;
    }

    /** Copies the data files into a fresh workspace (writable copies: the fixtures are read-only). */
    static void copyData(Path data, Path workspace) throws IOException {
        try (Stream<Path> files = Files.list(data)) {
            for (Path f : files.toList()) {
                Path target = workspace.resolve(f.getFileName());
                Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                target.toFile().setWritable(true);
            }
        }
    }

    /** Size and modification time of every file under {@code workspace}, by relative path. */
    static Map<String, String> snapshot(Path workspace) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(workspace)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                files.put(workspace.relativize(f).toString(), Files.size(f) + "@" + Files.getLastModifiedTime(f));
            }
        }
        return files;
    }

    /** Files created or changed since {@code before} was taken, sorted by path (the reference's size/mtime diff). */
    static List<String> changedSince(Map<String, String> before, Path workspace) throws IOException {
        return snapshot(workspace).entrySet().stream().filter(e -> !e.getValue().equals(before.get(e.getKey())))
                .map(Map.Entry::getKey).toList();
    }

    /** Trailing whitespace of each line and trailing blank lines do not matter to the model. */
    static String trimLines(String s) {
        return s.lines().map(String::stripTrailing).reduce((a, b) -> a + "\n" + b).orElse("").stripTrailing();
    }

    /** {@link #trimLines} plus the pandas 2.x to 1.x {@code value_counts()} rewrite. */
    static String normalise(String s) {
        String t = trimLines(s) + "\n";
        return VALUE_COUNTS_2X.matcher(t).replaceAll("$2Name: $1, dtype: $3").stripTrailing();
    }

    /** Lines after collapsing runs of spaces (column widths follow the widest cell). */
    static List<String> collapsedLines(String s) {
        return normalise(s).lines().map(l -> l.replaceAll(" {2,}", " ")).toList();
    }
}
