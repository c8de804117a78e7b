package io.github.deepanalyze.graalpy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionResult.Outcome;
import io.github.deepanalyze.execution.ExecutionSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The statement budget and offline provisioning of pure-Python packages through {@code pythonPath}. */
class LimitsAndPackagesTest {
    @TempDir
    Path workspace;

    @TempDir
    Path packages;

    @Test
    void stopsABlockAtTheStatementLimitAndRecovers() {
        try (GraalPyExecutor executor = GraalPyExecutor.builder().poolSize(0).statementLimit(20_000_000).build();
             ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            ExecutionResult r = s.execute(ExecutionRequest.of("i = 0\nwhile True:\n    i += 1").withTimeout(Duration.ofSeconds(60)));
            assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.RESOURCE_EXHAUSTED);
            assertThat(r.detail()).contains("Statement count limit of 20000000");
            assertThat(r.error()).isNull();
            ExecutionResult next = s.execute(ExecutionRequest.of("print(sum(range(1000)))"));
            assertThat(next.stdout()).as(next.toString()).isEqualTo("499500\n");
            assertThat(next.stateLost()).as("SCRIPT mode has no state to lose").isFalse();
        }
    }

    @Test
    void saysSoWhenANotebookLostItsVariablesToAFreshInterpreter() {
        try (GraalPyExecutor executor = GraalPyExecutor.builder().poolSize(0).statementLimit(20_000_000).build();
             ExecutionSession s = executor.openSession(workspace, ExecutionMode.NOTEBOOK)) {
            assertThat(s.execute(ExecutionRequest.of("x = 41")).stateLost()).isFalse();
            ExecutionResult spent = s.execute(ExecutionRequest.of("while True:\n    x += 1").withTimeout(Duration.ofSeconds(60)));
            assertThat(spent.outcome()).as(spent.toString()).isEqualTo(Outcome.RESOURCE_EXHAUSTED);
            ExecutionResult next = s.execute(ExecutionRequest.of("print('x' in globals())"));
            assertThat(next.stateLost()).isTrue();
            assertThat(next.stdout()).as("the note is the renderer's, not part of stdout").isEqualTo("False\n");
        }
    }

    @Test
    void importsPurePythonPackagesFromAWheelOnThePythonPath() throws IOException {
        Path wheel = tinyWheel(packages.resolve("minitable-1.0-py3-none-any.whl"));
        try (GraalPyExecutor executor = GraalPyExecutor.builder().poolSize(0).pythonPath(wheel).build();
             ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            ExecutionResult r = s.execute(ExecutionRequest.of("""
                    from minitable import table
                    import minitable
                    print(table([['a', 1], ['b', 22]]))
                    print(minitable.__file__.endswith('minitable-1.0-py3-none-any.whl/minitable/__init__.py'))
                    """));
            assertThat(r.stdout()).as(r.toString()).isEqualTo("a   1\nb  22\nTrue\n");
            // the wheel is readable, not writable, from model code
            ExecutionResult write = s.execute(ExecutionRequest.of("open(" + "'" + wheel + "/x.py', 'w')"));
            assertThat(write.outcome()).isEqualTo(Outcome.ERROR);
        }
    }

    /**
     * A minimal pure-Python wheel (a zip holding the package and its dist-info), built here so the
     * test needs no wheelhouse and no network.
     */
    private static Path tinyWheel(Path file) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("minitable/__init__.py", """
                def table(rows):
                    \"\"\"Rows as right-aligned columns, two spaces apart.\"\"\"
                    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
                    return '\\n'.join('  '.join(str(c).rjust(w) for c, w in zip(r, widths)) for r in rows)
                """);
        entries.put("minitable-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: minitable\nVersion: 1.0\n");
        entries.put("minitable-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: LimitsAndPackagesTest\n"
                + "Root-Is-Purelib: true\nTag: py3-none-any\n");
        entries.put("minitable-1.0.dist-info/RECORD", "");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }
}
