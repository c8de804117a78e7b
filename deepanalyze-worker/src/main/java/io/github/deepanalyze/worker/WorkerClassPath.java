package io.github.deepanalyze.worker;

import io.github.deepanalyze.common.ConfigurationException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The class path of a GraalPy worker JVM. Workers start in their own scratch directory, so every
 * entry is made absolute against the host JVM's working directory (a host started with
 * {@code java -cp "target/classes:target/lib/*"} would otherwise hand its workers paths that
 * point nowhere), and {@code dir/*} is expanded to the jars in {@code dir} the way the
 * {@code java} launcher does, so that the GraalPy check sees them. Stateless.
 */
final class WorkerClassPath {
    private WorkerClassPath() {
    }

    /** This JVM's {@code java.class.path}, as given (possibly relative). */
    static List<Path> ofThisJvm() {
        List<Path> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                out.add(Path.of(e));
            }
        }
        return out;
    }

    /** {@link #resolve(List, Path)} against this JVM's working directory. */
    static List<Path> resolve(List<Path> entries) {
        return resolve(entries, Path.of("").toAbsolutePath());
    }

    /**
     * Absolute, normalized entries in their order, without duplicates; {@code dir/*} becomes the
     * {@code .jar} files in {@code dir} sorted by name (none if {@code dir} does not exist, as for
     * {@code java}). Entries that do not exist are kept: the JVM ignores them too.
     */
    static List<Path> resolve(List<Path> entries, Path base) {
        Set<Path> out = new LinkedHashSet<>();
        for (Path entry : entries) {
            Path abs = base.resolve(entry).normalize();
            Path name = abs.getFileName();
            if (name != null && name.toString().equals("*")) {
                out.addAll(jarsIn(abs.getParent()));
            } else {
                out.add(abs);
            }
        }
        return List.copyOf(out);
    }

    /** The {@code -cp} argument: {@code first}, then {@code entries} without repeating {@code first}. */
    static String join(Path first, List<Path> entries) {
        Set<String> all = new LinkedHashSet<>();
        all.add(first.toString());
        entries.forEach(p -> all.add(p.toString()));
        return String.join(File.pathSeparator, all);
    }

    /** Whether the GraalPy engine ({@code polyglot-*.jar}) and language ({@code python-language-*.jar}) are present. */
    static boolean containsGraalPy(List<Path> classPath) {
        boolean polyglot = false;
        boolean python = false;
        for (Path p : classPath) {
            String n = p.getFileName() == null ? "" : p.getFileName().toString();
            polyglot |= n.startsWith("polyglot-") && n.endsWith(".jar");
            python |= n.startsWith("python-language-") && n.endsWith(".jar");
        }
        return polyglot && python;
    }

    private static List<Path> jarsIn(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".jar"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new ConfigurationException("cannot list the class-path directory " + dir + " (from the entry "
                    + dir.resolve("*") + "): " + e.getMessage() + "; make it readable or list its jars in classPath(...)", e);
        }
    }
}
