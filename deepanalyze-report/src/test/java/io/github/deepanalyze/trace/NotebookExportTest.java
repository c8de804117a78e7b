package io.github.deepanalyze.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.testing.SampleAnalyses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookExportTest {
    @TempDir
    Path dir;

    private JsonNode notebookOf(Analysis a) throws Exception {
        return new ObjectMapper().readTree(NotebookExport.create().toJson(a));
    }

    private static String joined(JsonNode lines) {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l.asText()));
        return sb.toString();
    }

    @Test
    void hasTheNbformat4ShapeWithRequiredKeysOnEveryCell() throws Exception {
        JsonNode nb = notebookOf(SampleAnalyses.synthetic(dir));
        assertThat(nb.get("nbformat").asInt()).isEqualTo(4);
        assertThat(nb.get("nbformat_minor").asInt()).isEqualTo(5);
        assertThat(nb.at("/metadata/kernelspec/name").asText()).isEqualTo("python3");
        for (JsonNode cell : nb.get("cells")) {
            assertThat(cell.has("id") && cell.has("metadata") && cell.has("source")).isTrue();
            if (cell.get("cell_type").asText().equals("code")) {
                assertThat(cell.has("outputs") && cell.has("execution_count")).isTrue();
            }
        }
        List<String> types = new ArrayList<>();
        nb.get("cells").forEach(c -> types.add(c.get("cell_type").asText()));
        assertThat(types).containsExactly("markdown", "markdown", "code", "markdown", "code", "markdown");
    }

    @Test
    void codeCellsCarryStreamErrorAndImageOutputs() throws Exception {
        Analysis a = SampleAnalyses.synthetic(dir);
        JsonNode cells = notebookOf(a).get("cells");
        JsonNode first = cells.get(2);
        assertThat(joined(first.get("source"))).startsWith("import pandas as pd").doesNotContain("```");
        assertThat(first.at("/outputs/0/output_type").asText()).isEqualTo("stream");
        assertThat(joined(first.at("/outputs/0/text"))).isEqualTo("1194\n3456.789\n销售额 平均值 0.19597\n");
        JsonNode image = first.at("/outputs/1");
        assertThat(image.get("output_type").asText()).isEqualTo("display_data");
        byte[] png = Base64.getMimeDecoder().decode(image.at("/data/image~1png").asText());
        assertThat(png).isEqualTo(Files.readAllBytes(dir.resolve("sales.png")));
        JsonNode error = cells.get(4).at("/outputs/0");
        assertThat(error.get("output_type").asText()).isEqualTo("error");
        assertThat(error.get("ename").asText()).isEqualTo("NameError");
        assertThat(error.get("evalue").asText()).isEqualTo("name 'undefined_name' is not defined");
        assertThat(error.get("traceback")).hasSize(3);
    }

    @Test
    void aTimedOutCellSaysSoOnStderrAfterWhatItPrinted() throws Exception {
        Analysis a = SampleAnalyses.synthetic(dir);
        List<Step> steps = new ArrayList<>(a.steps());
        Step.Execute e = (Step.Execute) steps.get(5);
        steps.set(5, new Step.Execute(e.round(), e.text(),
                ExecutionResult.timeout("partial\n", "", Duration.ofSeconds(120), Duration.ofSeconds(120)), e.startedAt(), e.duration()));
        Analysis timedOut = new Analysis(a.question(), a.files(), a.workspace(), steps, a.report(), a.artifacts(), a.usage(),
                a.rounds(), a.wallTime(), a.status(), a.reason(), a.transcript());
        JsonNode outputs = notebookOf(timedOut).get("cells").get(4).get("outputs");
        assertThat(outputs).hasSize(2);
        assertThat(joined(outputs.get(0).get("text"))).isEqualTo("partial\n");
        assertThat(outputs.get(1).get("name").asText()).isEqualTo("stderr");
        assertThat(joined(outputs.get(1).get("text"))).isEqualTo("timeout: execution exceeded 120 seconds\n");
    }

    @Test
    void recordedRunHasOneCodeCellPerBlockInOrder() throws Exception {
        Analysis a = SampleAnalyses.studentLoan(dir);
        JsonNode cells = notebookOf(a).get("cells");
        List<Integer> counts = new ArrayList<>();
        cells.forEach(c -> {
            if (c.get("cell_type").asText().equals("code")) {
                counts.add(c.get("execution_count").asInt());
            }
        });
        assertThat(counts).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(joined(cells.get(cells.size() - 1).get("source"))).startsWith("# Comprehensive Analysis of Student Enrollment");
    }

    /**
     * The notebook passes the Jupyter project's own validator. Needs /usr/bin/python3 with nbformat
     * (scripts/setup-python.sh installs python3-nbformat): skipped locally without it, a failure
     * under {@code CI=true}, so CI cannot pass without running it.
     */
    @Test
    void validatesWithNbformatWhenPythonHasIt() throws Exception {
        requireNbformat();
        Path file = dir.resolve("run.ipynb");
        NotebookExport.create().write(SampleAnalyses.synthetic(dir), file);
        Process p = new ProcessBuilder(SYSTEM_PYTHON.toString(), "-I", "-c",
                "import nbformat,sys; nb=nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb); print('valid')",
                file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out.strip()).isEqualTo("valid");
    }

    /** The interpreter scripts/setup-python.sh provisions (PATH may hold another, e.g. pyenv's). */
    private static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");

    private static void requireNbformat() throws InterruptedException {
        boolean ok = false;
        if (Files.isExecutable(SYSTEM_PYTHON)) {
            try {
                Process check = new ProcessBuilder(SYSTEM_PYTHON.toString(), "-I", "-c", "import nbformat")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                ok = check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
            } catch (IOException e) {
                ok = false;
            }
        }
        String msg = SYSTEM_PYTHON + " with nbformat is needed (bash scripts/setup-python.sh, or apt-get install python3-nbformat)";
        if (!ok && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(msg);
        }
        assumeTrue(ok, msg);
    }
}
