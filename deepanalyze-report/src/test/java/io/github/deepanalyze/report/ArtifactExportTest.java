package io.github.deepanalyze.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisEvent;
import io.github.deepanalyze.AnalysisListener;
import io.github.deepanalyze.Analyst;
import io.github.deepanalyze.WorkspaceRetention;
import io.github.deepanalyze.common.Artifact;
import io.github.deepanalyze.common.InvalidInputException;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.testing.ScriptedExecutor;
import io.github.deepanalyze.testing.ScriptedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactExportTest {
    @TempDir
    Path tmp;

    /** A block that writes a chart and a nested table, as model code would. */
    private static ScriptedExecutor plotting() {
        return new ScriptedExecutor((ws, req) -> {
            try {
                Files.write(ws.resolve("chart.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
                Files.writeString(Files.createDirectories(ws.resolve("tables")).resolve("summary.csv"), "a\n1\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return ExecutionResult.success("saved\n", "", Duration.ofMillis(1));
        });
    }

    @Test
    void aFinishedListenerExportsArtifactsBeforeDeleteAlwaysRemovesTheWorkspace() throws IOException {
        Path csv = Files.writeString(tmp.resolve("sales.csv"), "a\n1\n");
        Path out = tmp.resolve("export");
        List<String> order = new ArrayList<>();
        AnalysisListener export = new AnalysisListener() {
            @Override
            public void onFinished(AnalysisEvent.Finished e) {
                order.add("finished, workspace exists=" + Files.exists(e.analysis().workspace()));
                ArtifactExport.copy(e.analysis(), out);
            }
        };

        Analysis a = Analyst.builder().model(ScriptedModel.of("<Code>\n```python\nplot()\n```\n</Code>", "<Answer>ok</Answer>"))
                .executor(plotting()).allowUnsandboxedExecution().workspaceRoot(tmp.resolve("ws"))
                .retention(WorkspaceRetention.DELETE_ALWAYS).build()
                .analyze(List.of(csv), "Plot it", export);

        assertThat(order).containsExactly("finished, workspace exists=true");
        assertThat(a.workspace()).doesNotExist();
        assertThat(out.resolve("chart.png")).hasBinaryContent(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        assertThat(out.resolve("tables/summary.csv")).hasContent("a\n1\n");
        assertThat(out.resolve("sales.csv")).doesNotExist(); // inputs are not artifacts
    }

    @Test
    void skipsArtifactsDeletedSinceAndSymlinks() throws IOException {
        Path ws = Files.createDirectories(tmp.resolve("w"));
        Path kept = Files.writeString(ws.resolve("kept.txt"), "k");
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "host file");
        Path link = Files.createSymbolicLink(ws.resolve("link.txt"), secret);
        List<Artifact> artifacts = List.of(artifact(ws, kept), artifact(ws, ws.resolve("gone.txt")), artifact(ws, link));

        List<Path> copied = ArtifactExport.copy(artifacts, tmp.resolve("out"));

        assertThat(copied).containsExactly(tmp.resolve("out/kept.txt"));
        assertThat(tmp.resolve("out/link.txt")).doesNotExist();
    }

    @Test
    void refusesAPathThatLeavesTheExportDirectory() throws IOException {
        Path ws = Files.createDirectories(tmp.resolve("w"));
        Path f = Files.writeString(ws.resolve("x.txt"), "x");
        Artifact escaping = new Artifact(Path.of("../../x.txt"), f, 1, "text/plain", Artifact.Change.CREATED, 1);

        assertThatThrownBy(() -> ArtifactExport.copy(List.of(escaping), tmp.resolve("out")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("leaves the export directory");
    }

    private static Artifact artifact(Path ws, Path file) {
        return new Artifact(ws.relativize(file), file, 1, "text/plain", Artifact.Change.CREATED, 1);
    }
}
