package io.github.deepanalyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The api's packages are layers, not a tangle (REVIEW-ARCHITECTURE §1.2): {@code common} at the bottom
 * (java.* only), {@code execution}, {@code model}, {@code prompt} and {@code spi} above it, the root facade
 * on top. Read from the api's own sources: a package depends on another when one of its files imports it,
 * names one of its types fully qualified (javadoc included), or links one of its types by simple name.
 */
class PackageLayersTest {

    private static final String ROOT = "io.github.deepanalyze";
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\bio\\.github\\.deepanalyze((?:\\.[a-z]\\w*)*)\\.[A-Z]");
    private static final Pattern TYPE = Pattern.compile(
            "^(?:public |final |sealed |non-sealed |abstract )*(?:class|interface|record|enum)\\s+(\\w+)", Pattern.MULTILINE);
    private static final Pattern JAVADOC_NAME = Pattern.compile("(?:\\{@link(?:plain)?|@throws|@see)\\s+([A-Z]\\w*)");

    /** What each package may depend on; root may depend on everything. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "common", Set.of(),
            "execution", Set.of("common"),
            "model", Set.of("common"),
            "prompt", Set.of("common", "model"),
            "spi", Set.of("common", "execution", "prompt"));

    private static Map<String, Set<String>> graph;
    private static Map<String, Set<String>> imports;

    @BeforeAll
    static void readSources() {
        Path sources = Path.of(System.getProperty("basedir", "")).resolve("src/main/java").toAbsolutePath();
        Map<String, String> texts = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (!file.getFileName().toString().equals("module-info.java")) {
                    texts.put(file.toString(), Files.readString(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the api sources under " + sources, e);
        }
        graph = dependencies(texts);
        imports = new TreeMap<>();
        texts.values().forEach(text -> {
            Set<String> own = imports.computeIfAbsent(packageOf(text), p -> new TreeSet<>());
            IMPORT.matcher(text).results().forEach(m -> own.add(m.group(1)));
        });
    }

    @Test
    void theScanSeesEveryApiPackage() {
        assertThat(graph).containsOnlyKeys("", "common", "execution", "model", "prompt", "spi");
    }

    @Test
    void apiPackagesFormNoCycle() {
        assertThat(cycleIn(graph)).as("package cycle").isEmpty();
    }

    @Test
    void commonIsTheBottomAndImportsJavaOnly() {
        assertThat(graph.get("common")).isEmpty();
        assertThat(imports.get("common")).allMatch(i -> i.startsWith("java."), "starts with java.");
    }

    @Test
    void noPackageBelowTheRootNamesTheFacade() {
        graph.forEach((pkg, deps) -> {
            if (!pkg.isEmpty()) {
                assertThat(deps).as("%s's dependencies", pkg).doesNotContain("");
            }
        });
    }

    @Test
    void eachPackageDependsOnlyOnTheLayersBelowIt() {
        ALLOWED.forEach((pkg, allowed) ->
                assertThat(graph.get(pkg)).as("%s's dependencies", pkg).isSubsetOf(allowed));
    }

    @Test
    void theCycleCheckFindsATangle() {
        Map<String, Set<String>> tangled = Map.of(
                "", Set.of("spi"), "spi", Set.of("common"), "common", Set.of(""), "model", Set.of());

        assertThat(cycleIn(tangled)).hasValueSatisfying(cycle -> {
            assertThat(cycle).hasSize(4).containsOnly("", "spi", "common");
            assertThat(cycle.get(0)).isEqualTo(cycle.get(3));
        });
        assertThat(cycleIn(Map.of("", Set.of("spi"), "spi", Set.of("common"), "common", Set.of()))).isEmpty();
    }

    @Test
    void javadocLinksAndQualifiedNamesCountAsDependencies() {
        Map<String, Set<String>> deps = dependencies(Map.of(
                "a", "package io.github.deepanalyze.common;\n/** See {@link Analyst}. */\nclass Low {}\n",
                "b", "package io.github.deepanalyze;\nclass Analyst {}\n",
                "c", "package io.github.deepanalyze.model;\n/** {@code io.github.deepanalyze.spi.Thing} */\nclass M {}\n",
                "d", "package io.github.deepanalyze.spi;\nclass Thing {}\n"));

        assertThat(deps).containsEntry("common", Set.of("")).containsEntry("model", Set.of("spi"));
    }

    /** Package (relative to {@code io.github.deepanalyze}, root = "") to the api packages it depends on. */
    private static Map<String, Set<String>> dependencies(Map<String, String> sourcesByName) {
        Map<String, String> packageOfType = new TreeMap<>();
        sourcesByName.forEach((name, text) -> {
            Matcher type = TYPE.matcher(text);
            if (type.find()) {
                packageOfType.put(type.group(1), packageOf(text));
            }
        });
        Map<String, Set<String>> deps = new TreeMap<>();
        packageOfType.values().forEach(p -> deps.put(p, new TreeSet<>()));
        sourcesByName.values().forEach(text -> {
            String pkg = packageOf(text);
            Set<String> own = deps.computeIfAbsent(pkg, p -> new TreeSet<>());
            QUALIFIED.matcher(text).results()
                    .map(m -> m.group(1).isEmpty() ? "" : m.group(1).substring(1))
                    .filter(deps::containsKey)
                    .forEach(own::add);
            JAVADOC_NAME.matcher(text).results()
                    .map(m -> packageOfType.get(m.group(1)))
                    .filter(p -> p != null)
                    .forEach(own::add);
            own.remove(pkg);
        });
        return deps;
    }

    private static String packageOf(String text) {
        Matcher m = PACKAGE.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException("no package declaration in an api source file");
        }
        String pkg = m.group(1);
        return pkg.equals(ROOT) ? "" : pkg.substring(ROOT.length() + 1);
    }

    /** A cycle as the packages along it (first repeated at the end), or empty if the graph is acyclic. */
    private static Optional<List<String>> cycleIn(Map<String, Set<String>> deps) {
        Set<String> done = new TreeSet<>();
        for (String start : deps.keySet()) {
            Optional<List<String>> cycle = walk(start, deps, new ArrayList<>(), done);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> walk(String pkg, Map<String, Set<String>> deps, List<String> path, Set<String> done) {
        int seen = path.indexOf(pkg);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(pkg);
            return Optional.of(cycle);
        }
        if (done.contains(pkg)) {
            return Optional.empty();
        }
        path.add(pkg);
        for (String next : deps.getOrDefault(pkg, Set.of())) {
            Optional<List<String>> cycle = walk(next, deps, path, done);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        done.add(pkg);
        return Optional.empty();
    }
}
