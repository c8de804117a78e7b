package io.github.deepanalyze.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisEvent;
import io.github.deepanalyze.AnalysisListener;
import io.github.deepanalyze.AnalysisSession;
import io.github.deepanalyze.AnalysisStatus;
import io.github.deepanalyze.AnalysisTask;
import io.github.deepanalyze.Analyst;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.WorkspaceRetention;
import io.github.deepanalyze.common.Artifact;
import io.github.deepanalyze.common.InvalidInputException;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.model.FinishReason;
import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.model.Role;
import io.github.deepanalyze.testing.ScriptedExecutor;
import io.github.deepanalyze.testing.ScriptedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalysisSessionTest {
    private static final String CODE = "<Code>\n```python\nwork()\n```\n</Code>";

    @TempDir
    Path tmp;
    Path csv;

    @BeforeEach
    void data() throws IOException {
        csv = Files.writeString(Files.createDirectories(tmp.resolve("in")).resolve("sales.csv"),
                "region,amount\nnorth,10\nsouth,20\n");
    }

    /** Each block writes {@code out-N.txt} and prints the workspace's file names, so asks can see each other's files. */
    private static ScriptedExecutor writingExecutor() {
        int[] block = {0};
        return new ScriptedExecutor((ws, req) -> {
            try {
                Files.writeString(ws.resolve("out-" + (++block[0]) + ".txt"), "block " + block[0]);
                try (Stream<Path> files = Files.list(ws)) {
                    String names = String.join(",", files.map(p -> p.getFileName().toString()).sorted().toList());
                    return ExecutionResult.success(names + "\n", "", Duration.ofMillis(1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private Analyst.Builder analyst(ScriptedModel model, ScriptedExecutor exec) {
        return Analyst.builder().model(model).executor(exec).allowUnsandboxedExecution()
                .workspaceRoot(tmp.resolve("ws"));
    }

    @Test
    void aFollowUpContinuesTheConversationAsOneNewUserMessage() {
        ScriptedModel model = ScriptedModel.of(CODE, "<Answer>first</Answer>", "<Answer>second</Answer>");
        try (AnalysisSession s = analyst(model, writingExecutor()).build().openSession(List.of(csv))) {
            Analysis a1 = s.ask("Total amount?");
            Analysis a2 = s.ask("  And per region?  ");

            assertThat(a1.report().markdown()).isEqualTo("first");
            assertThat(a2.report().markdown()).isEqualTo("second");
            assertThat(a2.question()).isEqualTo("And per region?");
            List<Message> sent = model.requests().get(2).messages();
            assertThat(sent).extracting(Message::role)
                    .containsExactly(Role.USER, Role.ASSISTANT, Role.EXECUTE, Role.ASSISTANT, Role.USER);
            assertThat(sent.subList(0, 4)).isEqualTo(withAnswer(model.requests().get(1).messages(), "<Answer>first</Answer>"));
            assertThat(sent.get(0).content()).startsWith("# Instruction\nTotal amount?\n\n# Data\nFile 1:");
            assertThat(sent.get(4).content()).isEqualTo("# Instruction\nAnd per region?");
            assertThat(s.history()).isEqualTo(withAnswer(sent, "<Answer>second</Answer>"));
            assertThat(s.analyses()).containsExactly(a1, a2);
        }
    }

    private static List<Message> withAnswer(List<Message> messages, String answer) {
        List<Message> out = new ArrayList<>(messages);
        out.add(Message.assistant(answer));
        return out;
    }

    @Test
    void eachAskHoldsItsOwnStepsArtifactsAndRoundsWithinItsOwnBudget() {
        ScriptedModel model = ScriptedModel.of(CODE, "<Answer>one</Answer>", CODE, "<Answer>two</Answer>");
        ScriptedExecutor exec = writingExecutor();
        try (AnalysisSession s = analyst(model, exec).maxRounds(2).build().openSession(List.of(csv))) {
            Analysis a1 = s.ask("first");
            Analysis a2 = s.ask("second");

            assertThat(a1.status()).isEqualTo(AnalysisStatus.ANSWERED);
            assertThat(a2.status()).isEqualTo(AnalysisStatus.ANSWERED);
            assertThat(a1.rounds()).isEqualTo(2);
            assertThat(a2.rounds()).isEqualTo(2);
            assertThat(a1.artifacts()).extracting(a -> a.path().toString()).containsExactly("out-1.txt");
            assertThat(a2.artifacts()).extracting(a -> a.path().toString()).containsExactly("out-2.txt");
            assertThat(a2.steps()).allMatch(step -> step.round() <= 2).hasSize(3);
            assertThat(a2.steps(Step.Execute.class).get(0).text()).isEqualTo("out-1.txt,out-2.txt,sales.csv\n");
            assertThat(a2.transcript()).doesNotContain("<Answer>one</Answer>");
            assertThat(a1.workspace()).isEqualTo(a2.workspace()).isEqualTo(s.workspace());
        }
    }

    @Test
    void theExecutorSessionIsKeptAcrossAsksAndClosedWithTheSession() {
        ScriptedModel model = ScriptedModel.of(CODE, "<Answer>one</Answer>", CODE, "<Answer>two</Answer>");
        ScriptedExecutor exec = writingExecutor();
        AnalysisSession s = analyst(model, exec).executionMode(ExecutionMode.NOTEBOOK).build().openSession(List.of(csv));
        s.ask("first");
        s.ask("second");
        assertThat(exec.openSessions()).isEqualTo(1);
        assertThat(exec.closedSessions()).isZero();

        s.close();

        assertThat(exec.closedSessions()).isEqualTo(1);
        assertThat(s.isClosed()).isTrue();
    }

    @Test
    void closingAppliesTheRetentionPolicyToTheSharedWorkspace() {
        ScriptedModel model = ScriptedModel.of("<Answer>one</Answer>", "<Answer>two</Answer>");
        AnalysisSession s = analyst(model, writingExecutor()).retention(WorkspaceRetention.DELETE_ON_SUCCESS).build()
                .openSession(List.of(csv));
        s.ask("first");
        assertThat(s.workspace()).exists(); // retention waits for the session, not each ask
        s.ask("second");
        assertThat(s.workspace().resolve("sales.csv")).exists();

        s.close();

        assertThat(s.workspace()).doesNotExist();
        assertThat(csv).exists();
    }

    @Test
    void deleteOnSuccessKeepsTheWorkspaceWhenTheLastAskDidNotAnswer() {
        ScriptedModel model = ScriptedModel.of("<Answer>one</Answer>", CODE, CODE);
        AnalysisSession s = analyst(model, writingExecutor()).maxRounds(1).retention(WorkspaceRetention.DELETE_ON_SUCCESS)
                .build().openSession(List.of(csv));
        s.ask("first");
        assertThat(s.ask("second").status()).isEqualTo(AnalysisStatus.ROUND_LIMIT);

        s.close();

        assertThat(s.workspace().resolve("out-1.txt")).exists();
    }

    @Test
    void askingAfterCloseFailsNamingTheFix() {
        AnalysisSession s = analyst(ScriptedModel.of(), writingExecutor()).build().openSession(List.of(csv));
        s.close();
        s.close(); // idempotent

        assertThatThrownBy(() -> s.ask("more?"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed")
                .hasMessageContaining("Analyst.openSession");
    }

    @Test
    void aSecondAskWhileOneRunsIsRejectedAndTheFirstGoesOn() {
        ScriptedModel model = new ScriptedModel(List.of(new ScriptedModel.Stall("<Analyze>thinking"),
                new ScriptedModel.Text("<Answer>after</Answer>", FinishReason.STOP)), 7);
        try (AnalysisSession s = analyst(model, writingExecutor()).build().openSession(List.of(csv))) {
            AnalysisTask first = s.start("slow", AnalysisListener.NONE);

            assertThatThrownBy(() -> s.ask("impatient"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Another question is still running")
                    .hasMessageContaining("impatient");

            awaitFirstRequest(model); // cancelled before its model call, the ask would leave the stalling reply to the next
            first.cancel();
            assertThat(first.await().status()).isEqualTo(AnalysisStatus.CANCELLED);
            assertThat(s.ask("now").report().markdown()).isEqualTo("after");
        }
    }

    @Test
    void closingDuringAnAskCancelsItAndCleansUpWhenItEnds() throws Exception {
        ScriptedModel model = new ScriptedModel(List.of(new ScriptedModel.Stall("<Analyze>thinking")), 7);
        AnalysisSession s = analyst(model, writingExecutor()).retention(WorkspaceRetention.DELETE_ALWAYS).build()
                .openSession(List.of(csv));
        AnalysisTask task = s.start("slow", AnalysisListener.NONE);
        awaitFirstRequest(model);

        s.close();

        Analysis a = task.result().get(10, TimeUnit.SECONDS);
        assertThat(a.status()).isEqualTo(AnalysisStatus.CANCELLED);
        assertThat(s.workspace()).doesNotExist();
    }

    private static void awaitFirstRequest(ScriptedModel model) {
        while (model.requests().isEmpty()) {
            Thread.onSpinWait();
        }
    }

    @Test
    void cancellingTheAsyncFutureCancelsTheAskAndFreesTheSession() throws Exception {
        ScriptedModel model = new ScriptedModel(List.of(new ScriptedModel.Stall("<Analyze>thinking"),
                new ScriptedModel.Text("<Answer>after</Answer>", FinishReason.STOP)), 7);
        try (AnalysisSession s = analyst(model, writingExecutor()).build().openSession(List.of(csv))) {
            var future = s.askAsync("slow");
            awaitFirstRequest(model);

            future.cancel(true);

            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (s.analyses().isEmpty()) {
                assertThat(System.nanoTime()).as("the cancelled ask ended within 10 s").isLessThan(giveUp);
                Thread.sleep(5);
            }
            assertThat(s.analyses().get(0).status()).isEqualTo(AnalysisStatus.CANCELLED);
            assertThat(s.ask("now").report().markdown()).isEqualTo("after");
        }
    }

    @Test
    void aBlankFollowUpIsRejectedAndTheSessionStaysUsable() {
        try (AnalysisSession s = analyst(ScriptedModel.of("<Answer>ok</Answer>"), writingExecutor()).build()
                .openSession(List.of(csv))) {
            assertThatThrownBy(() -> s.ask("  ")).isInstanceOf(InvalidInputException.class);
            assertThat(s.ask("fine").isAnswered()).isTrue();
        }
    }

    @Test
    void inputsAreProfiledOnceByTheFirstAsk() {
        List<AnalysisEvent> events = Collections.synchronizedList(new ArrayList<>());
        ScriptedModel model = ScriptedModel.of("<Answer>one</Answer>", "<Answer>two</Answer>");
        try (AnalysisSession s = analyst(model, writingExecutor())
                .inputProfilers(file -> io.github.deepanalyze.prompt.InputReport.ofProblems(file.getFileName().toString(),
                        List.of("note on " + file.getFileName()))).build().openSession(List.of(csv))) {
            Analysis a1 = s.ask("first", AnalysisListener.of(events::add));
            Analysis a2 = s.ask("second", AnalysisListener.of(events::add));

            assertThat(a1.inputNotes()).containsExactly("note on sales.csv");
            assertThat(a2.inputNotes()).isEmpty();
            assertThat(events).filteredOn(e -> e instanceof AnalysisEvent.Problem).hasSize(1);
        }
    }

    @Test
    void theSessionListsItsInputsAndArtifactsCanBeCollectedAcrossAsks() {
        ScriptedModel model = ScriptedModel.of(CODE, "<Answer>one</Answer>", CODE, "<Answer>two</Answer>");
        try (AnalysisSession s = analyst(model, writingExecutor()).build().openSession(List.of(csv))) {
            s.ask("first");
            s.ask("second");
            assertThat(s.files()).containsExactly("sales.csv");
            assertThat(s.analyses().stream().flatMap(a -> a.artifacts().stream()).map(Artifact::path).map(Path::toString))
                    .containsExactly("out-1.txt", "out-2.txt");
        }
    }
}
