package io.github.deepanalyze.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.deepanalyze.common.Cancellation;
import io.github.deepanalyze.common.ConfigurationException;
import io.github.deepanalyze.common.InvalidInputException;
import io.github.deepanalyze.common.ModelException;
import io.github.deepanalyze.model.FinishReason;
import io.github.deepanalyze.model.Generation;
import io.github.deepanalyze.model.GenerationRequest;
import io.github.deepanalyze.model.LanguageModel;
import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.model.SamplingOptions;
import io.github.deepanalyze.testing.Fixtures;
import io.github.deepanalyze.testing.RecordedTrajectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay model as a {@link LanguageModel}: this module has no engine on its class path (the
 * engine's tests depend on this module), so replays are driven turn by turn here as the engine's
 * loop drives them, with the recorded Execute outputs as the conversation's execute messages.
 */
class ReplayModelTest {
    @TempDir
    Path tmp;

    private static GenerationRequest request(List<Message> conversation) {
        return new GenerationRequest(conversation, List.of("</Code>"), SamplingOptions.DEFAULT, Cancellation.none());
    }

    /** Runs the whole recorded conversation, returning the text of each turn as streamed. */
    private static List<String> replay(LanguageModel model, RecordedTrajectory t) {
        List<Message> conversation = new ArrayList<>(List.of(Message.user("Generate a data science report.")));
        List<String> streamed = new ArrayList<>();
        for (int i = 0; i < t.turns().size(); i++) {
            StringBuilder deltas = new StringBuilder();
            Generation g = model.generate(request(conversation), deltas::append);
            assertThat(deltas.toString()).as("deltas of turn %d", i).isEqualTo(g.text());
            assertThat(g.finishReason()).isEqualTo(FinishReason.STOP);
            streamed.add(g.text());
            conversation.add(Message.assistant(g.text()));
            if (i < t.executeOutputs().size()) {
                conversation.add(Message.execute(t.executeOutputs().get(i)));
            }
        }
        return streamed;
    }

    @Test
    void splitsARecordedTrajectoryIntoTheModelsTurns() {
        RecordedTrajectory t = Fixtures.studentLoanTrajectory();
        ReplayModel m = ReplayModel.of(t.raw());
        assertThat(m.turns()).hasSize(8);
        assertThat(m.turns().get(0)).startsWith("<Analyze>").endsWith("</Code>");
        assertThat(m.turns().get(7)).startsWith("<Answer>").endsWith("</Answer>");
    }

    @Test
    void servesConcurrentReplaysFromOneInstance() {
        RecordedTrajectory t = Fixtures.studentLoanTrajectory();
        ReplayModel model = ReplayModel.of(t.raw());
        List<CompletableFuture<List<String>>> runs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            runs.add(CompletableFuture.supplyAsync(() -> replay(model, t)));
        }
        for (CompletableFuture<List<String>> r : runs) {
            List<String> turns = r.join();
            assertThat(turns).isEqualTo(model.turns()).hasSize(8);
            assertThat(turns.stream().filter(turn -> turn.contains("<Code>"))).hasSize(7);
        }
    }

    @Test
    void choosesTheTurnByTheExecuteResultsInTheConversation() {
        ReplayModel model = ReplayModel.of("<Code>a</Code>\n<Execute>\n1\n</Execute>\n<Code>b</Code>\n<Execute>\n2\n</Execute>\n<Answer>c</Answer>");

        assertThat(model.generate(request(List.of(Message.user("q"))), d -> { }).text()).isEqualTo("<Code>a</Code>");
        assertThat(model.generate(request(List.of(Message.user("q"), Message.assistant("<Code>a</Code>"), Message.execute("1"))),
                d -> { }).text()).isEqualTo("<Code>b</Code>");
        assertThat(model.generate(request(List.of(Message.user("q"), Message.user("<Execute>\n1\n</Execute>"),
                Message.user("<Execute>\n2\n</Execute>"))), d -> { }).text()).as("Execute blocks sent as user messages count too")
                .isEqualTo("<Answer>c</Answer>");
    }

    @Test
    void streamsSixCharactersAtATimeOrAsConfigured() {
        ReplayModel model = ReplayModel.of("<Answer>42</Answer>");
        List<String> byDefault = new ArrayList<>();
        List<String> configured = new ArrayList<>();

        model.generate(request(List.of(Message.user("q"))), byDefault::add);
        model.withStreaming(10, Duration.ZERO).generate(request(List.of(Message.user("q"))), configured::add);

        assertThat(byDefault).containsExactly("<Answe", "r>42</", "Answer", ">");
        assertThat(configured).containsExactly("<Answer>42", "</Answer>");
    }

    @Test
    void failsClearlyWhenTheConversationOutgrowsTheRecording() {
        ReplayModel model = ReplayModel.of("<Code>print(1)</Code>");

        ModelException e = catchThrowableOfType(ModelException.class, () -> model.generate(request(List.of(
                Message.user("q"), Message.assistant("<Code>print(1)</Code>"), Message.execute("1"))), d -> { }));

        assertThat(e.getMessage()).contains("only 1 turns", "turn 2");
        assertThat(e.isRetryable()).isFalse();
        assertThatThrownBy(() -> ReplayModel.of("<Execute>never closed")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsBadStreamingSettingsAndUnreadableFilesNamingTheInput() {
        ReplayModel model = ReplayModel.of("<Answer>x</Answer>");

        assertThatThrownBy(() -> model.withStreaming(0, Duration.ZERO))
                .isInstanceOf(ConfigurationException.class).hasMessage("chars must be > 0, got 0");
        assertThatThrownBy(() -> model.withStreaming(4, Duration.ofMillis(-1)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("delay must not be negative");
        Path missing = tmp.resolve("missing-trajectory.md");
        assertThatThrownBy(() -> ReplayModel.fromFile(missing))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(missing.toString(), "check the path");
    }
}
