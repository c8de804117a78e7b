package io.github.deepanalyze.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisEvent;
import io.github.deepanalyze.AnalysisListener;
import io.github.deepanalyze.AnalysisStatus;
import io.github.deepanalyze.Analyst;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.testing.ScriptedExecutor;
import io.github.deepanalyze.testing.ScriptedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data module's {@link DataInputProfiler}, found by the service loader, in a real analysis. */
class InputProfilingAnalysisTest {
    @TempDir
    Path tmp;

    private Analyst.Builder analyst(ScriptedModel model) {
        return Analyst.builder().model(model)
                .executor(new ScriptedExecutor((ws, req) -> ExecutionResult.success("ok\n", "", Duration.ofMillis(1))))
                .allowUnsandboxedExecution().workspaceRoot(tmp.resolve("ws"));
    }

    @Test
    void binaryJunkNamedCsvYieldsAWarningBeforeTheFirstRoundAndTheAnalysisGoesOn() throws Exception {
        byte[] junk = new byte[4096];
        new Random(7).nextBytes(junk);
        Path bad = Files.write(tmp.resolve("junk.csv"), junk);
        Path good = Files.writeString(tmp.resolve("sales.csv"), "region,amount\nnorth,10\nsouth,20\n");
        ScriptedModel model = ScriptedModel.of("<Code>\n```python\nprint('ok')\n```\n</Code>", "<Answer>30</Answer>");
        List<AnalysisEvent> events = Collections.synchronizedList(new ArrayList<>());

        Analysis a = analyst(model).build().analyze(List.of(bad, good), "Total amount?", AnalysisListener.of(events::add));

        assertThat(a.status()).isEqualTo(AnalysisStatus.ANSWERED);
        assertThat(a.steps(Step.Execute.class)).hasSize(1);
        assertThat(a.inputNotes()).singleElement().asString().contains("junk.csv", "does not look like text");
        int problem = indexOf(events, AnalysisEvent.Problem.class);
        assertThat(problem).isPositive().isLessThan(indexOf(events, AnalysisEvent.RoundStarted.class));
        var p = (AnalysisEvent.Problem) events.get(problem);
        assertThat(p.fatal()).isFalse();
        assertThat(p.message()).isEqualTo(a.inputNotes().get(0));
        assertThat(model.requests().get(0).messages().get(0).content()).contains("\"name\": \"junk.csv\"");
    }

    @Test
    void cleanInputsLeaveNoNotes() throws Exception {
        Path good = Files.writeString(tmp.resolve("sales.csv"), "region,amount\nnorth,10\nsouth,20\n");
        Analysis a = analyst(ScriptedModel.of("<Answer>30</Answer>")).build().analyze(List.of(good), "Total amount?");
        assertThat(a.status()).isEqualTo(AnalysisStatus.ANSWERED);
        assertThat(a.inputNotes()).isEmpty();
    }

    @Test
    void theBuilderCanTurnInputProfilingOff() throws Exception {
        byte[] junk = new byte[4096];
        new Random(7).nextBytes(junk);
        Path bad = Files.write(tmp.resolve("junk.csv"), junk);
        assertThat(new DataInputProfiler().profile(bad).problems()).isNotEmpty();
        Analysis a = analyst(ScriptedModel.of("<Answer>none</Answer>")).noInputProfiling().build()
                .analyze(List.of(bad), "Anything?");
        assertThat(a.inputNotes()).isEmpty();
        assertThat(a.isAnswered()).isTrue();
    }

    private static int indexOf(List<AnalysisEvent> events, Class<?> type) {
        for (int i = 0; i < events.size(); i++) {
            if (type.isInstance(events.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
