package io.github.deepanalyze.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.common.Cancellation;
import io.github.deepanalyze.common.ModelException;
import io.github.deepanalyze.model.Generation;
import io.github.deepanalyze.model.GenerationRequest;
import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.model.SamplingOptions;
import io.github.deepanalyze.openai.ReplayModel;
import io.github.deepanalyze.testing.Fixtures;
import io.github.deepanalyze.testing.RecordedTrajectory;
import io.github.deepanalyze.testing.SampleAnalyses;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trace written to JSON and read back replays with core's {@link ReplayModel}. */
class ReplayFromTraceTest {
    @TempDir
    Path dir;

    private static GenerationRequest afterExecutes(int n) {
        List<Message> messages = new ArrayList<>(List.of(Message.user("# Instruction\nq")));
        for (int i = 0; i < n; i++) {
            messages.add(Message.assistant("turn " + i));
            messages.add(Message.execute("out " + i));
        }
        return new GenerationRequest(messages, List.of("</Code>"), SamplingOptions.DEFAULT, Cancellation.none());
    }

    @Test
    void replaysTheRecordedTurnsOfAReadBackAnalysis() {
        Analysis original = SampleAnalyses.studentLoan(dir);
        AnalysisJson json = AnalysisJson.create();
        ReplayModel model = ReplayModel.of(json.fromJson(json.toJson(original)));
        RecordedTrajectory recorded = Fixtures.studentLoanTrajectory();
        assertThat(model.turns()).isEqualTo(recorded.turns().stream().map(String::strip).toList());
        StringBuilder streamed = new StringBuilder();
        Generation first = model.generate(afterExecutes(0), streamed::append);
        assertThat(first.text()).startsWith("<Analyze>").endsWith("</Code>");
        assertThat(streamed.toString()).isEqualTo(first.text());
        assertThat(model.generate(afterExecutes(7), s -> { }).text().strip()).contains("<Answer>").endsWith("</Answer>");
    }

    @Test
    void askingPastTheRecordingIsANonRetryableModelError() {
        ReplayModel model = ReplayModel.of("<Analyze>a</Analyze><Code>x</Code>\n<Execute>\n1\n</Execute>\n<Answer>done</Answer>");
        assertThat(model.turns()).containsExactly("<Analyze>a</Analyze><Code>x</Code>", "<Answer>done</Answer>");
        assertThatThrownBy(() -> model.generate(afterExecutes(2), s -> { }))
                .isInstanceOf(ModelException.class).hasMessageContaining("only 2 turns");
    }
}
