package io.github.deepanalyze.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Finds which top-level modules an interpreter can import, with {@code importlib.util.find_spec}
 * in one short {@code python -I} subprocess (the worker's own flags), without importing them.
 * Answers are cached per interpreter path and modification time for the life of the JVM: this is
 * the one static cache in the module, because {@code ServiceLoader} creates a new provider for
 * every {@code Analyst.Builder.build()} and a probe costs a Python start-up. Thread-safe.
 */
final class ModuleProbe {
    private static final Map<String, Map<String, Boolean>> CACHE = new ConcurrentHashMap<>();
    private static final String SCRIPT = "import importlib.util, sys\n"
            + "for m in sys.argv[1:]:\n"
            + "    try:\n"
            + "        ok = importlib.util.find_spec(m) is not None\n"
            + "    except Exception:\n"
            + "        ok = False\n"
            + "    print(m, 'yes' if ok else 'no')\n";

    private ModuleProbe() {
    }

    /**
     * Of {@code modules}, those {@code python} cannot find; all of them when it cannot be run.
     * Probes only names not cached yet for this interpreter.
     */
    static Set<String> missing(Path python, Set<String> modules) {
        if (modules.isEmpty()) {
            return Set.of();
        }
        Map<String, Boolean> known = CACHE.computeIfAbsent(key(python), k -> new ConcurrentHashMap<>());
        List<String> unknown = new ArrayList<>();
        for (String m : modules) {
            if (!known.containsKey(m)) {
                unknown.add(m);
            }
        }
        if (!unknown.isEmpty()) {
            Map<String, Boolean> found = probe(python, unknown);
            if (found == null) {
                return Set.copyOf(modules); // not runnable now: report, but do not cache
            }
            known.putAll(found);
        }
        Set<String> missing = new TreeSet<>();
        for (String m : modules) {
            if (!known.getOrDefault(m, false)) {
                missing.add(m);
            }
        }
        return Set.copyOf(missing);
    }

    private static String key(Path python) {
        try {
            return python.toRealPath() + "@" + Files.getLastModifiedTime(python.toRealPath()).toMillis();
        } catch (IOException e) {
            return python.toString();
        }
    }

    private static Map<String, Boolean> probe(Path python, List<String> names) {
        List<String> cmd = new ArrayList<>(List.of(python.toString(), "-I", "-c", SCRIPT));
        cmd.addAll(names);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            if (p.exitValue() != 0) {
                return null;
            }
            Map<String, Boolean> result = new ConcurrentHashMap<>();
            for (String line : out.split("\n")) {
                String[] parts = line.strip().split(" ");
                if (parts.length == 2 && names.contains(parts[0])) {
                    result.put(parts[0], parts[1].equals("yes"));
                }
            }
            for (String n : names) {
                result.putIfAbsent(n, false);
            }
            return result;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
