package io.github.deepanalyze.graalpy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionResult.Outcome;
import io.github.deepanalyze.execution.ExecutionSession;
import io.github.deepanalyze.testing.Fixtures;
import io.github.deepanalyze.testing.RecordedTrajectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the code blocks DeepAnalyze-8B wrote in the recorded student-loan run. Every block
 * imports pandas (absent in GraalPy here), so each must fail only with a clear ModuleNotFoundError.
 */
class TrajectoryReplayTest {
    private static final Pattern FENCED = Pattern.compile("```python\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern MISSING = Pattern.compile("ModuleNotFoundError: No module named '([^']+)'");

    @TempDir
    Path workspace;

    @Test
    void everyRecordedBlockFailsOnlyForAMissingPackage() throws IOException {
        RecordedTrajectory run = Fixtures.studentLoanTrajectory();
        try (Stream<Path> files = Files.list(Fixtures.studentLoanData())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.write(workspace.resolve(f.getFileName()), Files.readAllBytes(f));
            }
        }
        List<String> blocks = new ArrayList<>();
        Matcher m = FENCED.matcher(run.raw());
        while (m.find()) {
            blocks.add(m.group(1).strip());
        }
        assertThat(blocks).hasSize(7);
        List<String> missing = new ArrayList<>();
        try (GraalPyExecutor executor = GraalPyExecutor.builder().poolSize(0).build();
             ExecutionSession session = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
            for (String block : blocks) {
                ExecutionResult r = session.execute(ExecutionRequest.of(block));
                assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.ERROR);
                assertThat(r.error().type()).isEqualTo("ModuleNotFoundError");
                Matcher mm = MISSING.matcher(r.error().traceback());
                assertThat(mm.find()).as(r.toString()).isTrue();
                assertThat(r.error().hint()).startsWith("the Python package '" + mm.group(1) + "'");
                missing.add(mm.group(1));
            }
        }
        // recorded in the module README: all seven blocks start with `import pandas as pd`
        assertThat(missing).containsOnly("pandas");
    }
}
