package io.github.deepanalyze.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisEvent;
import io.github.deepanalyze.AnalysisListener;
import io.github.deepanalyze.AnalysisStatus;
import io.github.deepanalyze.AnalysisTask;
import io.github.deepanalyze.Analyst;
import io.github.deepanalyze.Budget;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.WorkspaceRetention;
import io.github.deepanalyze.common.Artifact;
import io.github.deepanalyze.common.ExecutorException;
import io.github.deepanalyze.common.InvalidInputException;
import io.github.deepanalyze.common.ModelException;
import io.github.deepanalyze.common.TokenUsage;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.model.FinishReason;
import io.github.deepanalyze.model.Generation;
import io.github.deepanalyze.model.GenerationRequest;
import io.github.deepanalyze.model.LanguageModel;
import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.model.Role;
import io.github.deepanalyze.testing.Fixtures;
import io.github.deepanalyze.testing.ManualClock;
import io.github.deepanalyze.testing.RecordedTrajectory;
import io.github.deepanalyze.testing.ScriptedExecutor;
import io.github.deepanalyze.testing.ScriptedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentLoopTest {
    @TempDir
    Path tmp;
    Path data;
    Path csv;

    @BeforeEach
    void data() throws IOException {
        data = Files.createDirectories(tmp.resolve("in"));
        csv = Files.writeString(data.resolve("sales.csv"), "region,amount\nnorth,10\nsouth,20\n");
    }

    private Analyst.Builder analyst(ScriptedModel model, ScriptedExecutor exec) {
        return Analyst.builder().model(model).executor(exec).allowUnsandboxedExecution()
                .workspaceRoot(tmp.resolve("ws"));
    }

    private static ScriptedExecutor echo(String out) {
        return new ScriptedExecutor((ws, req) -> ExecutionResult.success(out, "", Duration.ofMillis(3)));
    }

    @Test
    void replaysTheRecordedRunToItsAnswer() {
        RecordedTrajectory t = Fixtures.studentLoanTrajectory();
        ScriptedModel model = ScriptedModel.replaying(t);
        ScriptedExecutor exec = ScriptedExecutor.replaying(t.executeOutputs());
        List<AnalysisEvent> events = Collections.synchronizedList(new ArrayList<>());

        Analysis a = analyst(model, exec).build().analyze(List.of(csv), "Generate a data science report.", AnalysisListener.of(events::add));

        assertThat(a.status()).isEqualTo(AnalysisStatus.ANSWERED);
        assertThat(a.rounds()).isEqualTo(t.turns().size());
        assertThat(a.steps(Step.Code.class)).hasSize(7);
        assertThat(a.steps(Step.Execute.class)).extracting(Step::text).containsExactlyElementsOf(t.executeOutputs());
        assertThat(exec.executedCode().get(0)).startsWith("import pandas as pd\nimport matplotlib.pyplot as plt");
        assertThat(a.report().markdown()).startsWith("# Comprehensive Analysis of Student Enrollment Patterns");
        assertThat(a.report().title()).isEqualTo("Comprehensive Analysis of Student Enrollment Patterns and Institutional Transfers");
        assertThat(strip(a.transcript())).isEqualTo(strip(t.raw()));
        assertThat(events.get(0)).isInstanceOf(AnalysisEvent.Started.class);
        assertThat(events.get(events.size() - 1)).isInstanceOf(AnalysisEvent.Finished.class);
        assertThat(events).filteredOn(e -> e instanceof AnalysisEvent.CodeStarting).hasSize(7);
        assertThat(exec.openSessions()).isEqualTo(1);
        assertThat(exec.closedSessions()).isEqualTo(1);
    }

    private static String strip(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    @Test
    void sendsTheReferencePromptAndSplicesExecuteMessages() {
        ScriptedModel model = ScriptedModel.of("<Analyze>look</Analyze><Code>\n```python\nprint(1)\n```\n</Code>",
                "<Answer>done</Answer>");
        Analysis a = analyst(model, echo("1\n")).build().analyze(List.of(csv), "  How much?  ");

        assertThat(a.question()).isEqualTo("How much?");
        List<Message> first = model.requests().get(0).messages();
        assertThat(first).hasSize(1);
        assertThat(first.get(0).role()).isEqualTo(Role.USER);
        assertThat(first.get(0).content()).startsWith("# Instruction\nHow much?\n\n# Data\nFile 1:\n{\n    \"name\": \"sales.csv\",");
        assertThat(model.requests().get(0).stop()).containsExactly("</Code>");
        List<Message> second = model.requests().get(1).messages();
        assertThat(second).extracting(Message::role).containsExactly(Role.USER, Role.ASSISTANT, Role.EXECUTE);
        assertThat(second.get(1).content()).isEqualTo("<Analyze>look</Analyze><Code>\n```python\nprint(1)\n```\n</Code>");
        assertThat(second.get(2).content()).isEqualTo("1\n");
        assertThat(a.report().markdown()).isEqualTo("done");
    }

    @Test
    void runsTheFencedProgramNotTheRawCodeSection() {
        ScriptedExecutor exec = echo("");
        analyst(ScriptedModel.of("<Code>\nSome words\n```python\nx = 1\nprint(x)\n```\n</Code>", "<Answer>a</Answer>"), exec)
                .build().analyze(List.of(csv), "q");
        assertThat(exec.executedCode()).containsExactly("x = 1\nprint(x)");
    }

    @Test
    void continuesAfterAnAnalyzeOnlyTurn() {
        ScriptedModel model = ScriptedModel.of("<Analyze>thinking</Analyze>", "<Answer>ok</Answer>");
        Analysis a = analyst(model, echo("")).build().analyze(List.of(csv), "q");
        assertThat(a.status()).isEqualTo(AnalysisStatus.ANSWERED);
        assertThat(a.rounds()).isEqualTo(2);
        assertThat(model.requests().get(1).messages()).extracting(Message::role).containsExactly(Role.USER, Role.ASSISTANT);
    }

    @Test
    void retriesAnEmptyTurnThenGivesUpWithinBudget() {
        ScriptedModel model = ScriptedModel.of("", "", "", "<Answer>late</Answer>");
        Analysis a = analyst(model, echo("")).budget(Budget.DEFAULT.withMaxEmptyRetries(2)).build().analyze(List.of(csv), "q");
        assertThat(a.status()).isEqualTo(AnalysisStatus.ENDED_WITHOUT_ANSWER);
        assertThat(a.rounds()).isEqualTo(3);
        assertThat(a.reason()).contains("maxEmptyRetries");

        ScriptedModel recovering = ScriptedModel.of("", "<Answer>ok</Answer>");
        assertThat(analyst(recovering, echo("")).build().analyze(List.of(csv), "q").status()).isEqualTo(AnalysisStatus.ANSWERED);
    }

    @Test
    void discardsAnExecuteBlockTheModelWroteItself() {
        ScriptedModel model = ScriptedModel.of(
                "<Code>\n```python\nprint(2)\n```\n</Code>\n<Execute>\n42 invented\n</Execute>\n<Answer>invented</Answer>",
                "<Answer>real</Answer>");
        List<AnalysisEvent> events = Collections.synchronizedList(new ArrayList<>());
        ScriptedExecutor exec = echo("2\n");
        Analysis a = analyst(model, exec).build().analyze(List.of(csv), "q", AnalysisListener.of(events::add));

        assertThat(exec.executedCode()).containsExactly("print(2)");
        assertThat(a.steps(Step.Execute.class)).extracting(Step::text).containsExactly("2\n");
        assertThat(a.report().markdown()).isEqualTo("real");
        assertThat(model.requests().get(1).messages().get(1).content()).isEqualTo("<Code>\n```python\nprint(2)\n```\n</Code>");
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(AnalysisEvent.Problem.class,
                p -> assertThat(p.message()).contains("<Execute>")));
    }

    @Test
    void stopsAtTheRoundLimitKeepingTheTrace() {
        String turn = "<Code>print(1)</Code>";
        ScriptedModel model = ScriptedModel.of(turn, turn, turn, turn);
        Analysis a = analyst(model, echo("1")).maxRounds(3).build().analyze(List.of(csv), "q");
        assertThat(a.status()).isEqualTo(AnalysisStatus.ROUND_LIMIT);
        assertThat(a.rounds()).isEqualTo(3);
        assertThat(a.steps(Step.Execute.class)).hasSize(3);
        assertThat(a.reason()).contains("3 rounds");
    }

    @Test
    void stopsAtTheTokenLimit() {
        String turn = "<Code>" + "x".repeat(400) + "</Code>";
        Analysis a = analyst(ScriptedModel.of(turn, turn, turn), echo("")).budget(Budget.DEFAULT.withMaxGeneratedTokens(150))
                .build().analyze(List.of(csv), "q");
        assertThat(a.status()).isEqualTo(AnalysisStatus.TOKEN_LIMIT);
        assertThat(a.rounds()).isEqualTo(2);
    }

    @Test
    void stopsAtTheWallClockLimitWhileTheModelStalls() throws Exception {
        ScriptedModel model = new ScriptedModel(List.of(new ScriptedModel.Stall("<Analyze>slow")), 3);
        ManualClock time = new ManualClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        java.util.concurrent.CountDownLatch stalled = new java.util.concurrent.CountDownLatch(1);
        StringBuilder streamed = new StringBuilder();
        AnalysisTask task = analyst(model, echo("")).budget(Budget.DEFAULT.withMaxWallTime(Duration.ofMinutes(30)))
                .clock(time).scheduler(time).build()
                .start(List.of(csv), "q", AnalysisListener.of(e -> {
                    // the model stalls once all of its text is out (it streams in 3-character chunks)
                    if (e instanceof AnalysisEvent.TextDelta d && streamed.append(d.text()).toString().equals("slow")) {
                        stalled.countDown();
                    }
                }));
        assertThat(stalled.await(5, TimeUnit.SECONDS)).isTrue();
        time.advance(Duration.ofMinutes(29));
        assertThat(task.result()).isNotDone();

        time.advance(Duration.ofMinutes(1));

        Analysis a = task.result().get(5, TimeUnit.SECONDS);
        assertThat(a.status()).isEqualTo(AnalysisStatus.TIME_LIMIT);
        assertThat(a.reason()).contains("PT30M", "Budget.maxWallTime");
        assertThat(a.wallTime()).isEqualTo(Duration.ofMinutes(30));
        assertThat(a.timing().model()).isEqualTo(Duration.ofMinutes(30));
        assertThat(time.pending()).isZero();
        assertThat(a.steps(Step.Analyze.class)).singleElement().satisfies(s -> {
            assertThat(s.text()).isEqualTo("slow");
            assertThat(s.complete()).isFalse();
        });
    }

    @Test
    void cancellationReturnsThePartialTrace() throws Exception {
        ScriptedModel model = new ScriptedModel(List.of(
                new ScriptedModel.Text("<Code>print(1)</Code>", FinishReason.STOP),
                new ScriptedModel.Stall("<Understand>one")), 5);
        Analyst analyst = analyst(model, echo("1\n")).build();
        java.util.concurrent.CountDownLatch stalled = new java.util.concurrent.CountDownLatch(1);
        AnalysisTask task = analyst.start(List.of(csv), "q", new AnalysisListener() {
            @Override
            public void onTextDelta(AnalysisEvent.TextDelta e) {
                if (e.round() == 2) {
                    stalled.countDown();
                }
            }
        });
        assertThat(stalled.await(5, TimeUnit.SECONDS)).isTrue();
        task.cancel();
        Analysis a = task.result().get(5, TimeUnit.SECONDS);
        assertThat(a.status()).isEqualTo(AnalysisStatus.CANCELLED);
        assertThat(a.steps()).extracting(Step::kind).map(Enum::name).containsExactly("CODE", "EXECUTE", "UNDERSTAND");
        assertThat(task.isCancelled()).isTrue();
    }

    @Test
    void cancellingTheAsyncFutureStopsTheAnalysis() throws Exception {
        ScriptedModel model = new ScriptedModel(List.of(new ScriptedModel.Stall("<Analyze>")), 5);
        List<AnalysisEvent> events = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        var future = analyst(model, echo("")).build().analyzeAsync(List.of(csv), "q", AnalysisListener.of(e -> {
            events.add(e);
            if (e instanceof AnalysisEvent.Finished) {
                finished.countDown();
            }
        }));
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (model.requests().isEmpty()) {
            assertThat(System.nanoTime()).as("the model was called within 5 s").isLessThan(giveUp);
            Thread.sleep(5);
        }
        future.cancel(true);
        assertThat(finished.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(events).last().isInstanceOfSatisfying(AnalysisEvent.Finished.class,
                f -> assertThat(f.analysis().status()).isEqualTo(AnalysisStatus.CANCELLED));
    }

    @Test
    void aModelFailureEndsTheRunWithItsTraceKept() {
        ScriptedModel model = new ScriptedModel(List.of(
                new ScriptedModel.Text("<Code>print(1)</Code>", FinishReason.STOP),
                new ScriptedModel.Fail("<Analyze>half", new ModelException("HTTP 500 from http://x/v1", 500, true, null))), 4);
        Analysis a = analyst(model, echo("1")).build().analyze(List.of(csv), "q");
        assertThat(a.status()).isEqualTo(AnalysisStatus.MODEL_ERROR);
        assertThat(a.reason()).contains("round 2").contains("HTTP 500");
        assertThat(a.steps()).extracting(Step::kind).map(Enum::name).containsExactly("CODE", "EXECUTE", "ANALYZE");
    }

    @Test
    void anExecutorFailureEndsTheRunWithItsTraceKept() {
        ScriptedExecutor broken = new ScriptedExecutor((ws, req) -> {
            throw new ExecutorException("worker died");
        });
        Analysis a = analyst(ScriptedModel.of("<Analyze>a</Analyze><Code>1</Code>"), broken).build().analyze(List.of(csv), "q");
        assertThat(a.status()).isEqualTo(AnalysisStatus.EXECUTOR_ERROR);
        assertThat(a.reason()).contains("worker died");
        assertThat(a.steps()).hasSize(2);
    }

    @Test
    void aThrowingListenerDoesNotBreakTheRun() {
        Analysis a = analyst(ScriptedModel.of("<Answer>fine</Answer>"), echo("")).build()
                .analyze(List.of(csv), "q", AnalysisListener.of(e -> {
                    throw new IllegalStateException("listener bug");
                }));
        assertThat(a.status()).isEqualTo(AnalysisStatus.ANSWERED);
    }

    @Test
    void reportsFilesTheCodeCreatesAsArtifactsAndNeverTouchesTheOriginals() throws IOException {
        String original = Files.readString(csv);
        ScriptedExecutor exec = new ScriptedExecutor((ws, req) -> {
            try {
                Files.writeString(ws.resolve("chart.png"), "png bytes");
                Files.writeString(ws.resolve("sales.csv"), "overwritten by model code");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return ExecutionResult.success("saved", "", Duration.ofMillis(1));
        });
        Analysis a = analyst(ScriptedModel.of("<Code>save()</Code>", "<Answer>![c](chart.png)</Answer>"), exec).build()
                .analyze(List.of(csv), "q");

        assertThat(a.artifacts()).extracting(x -> x.path().toString(), Artifact::mediaType, Artifact::change)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("chart.png", "image/png", Artifact.Change.CREATED),
                        org.assertj.core.groups.Tuple.tuple("sales.csv", "text/csv", Artifact.Change.MODIFIED));
        assertThat(a.artifact("chart.png")).get().satisfies(x -> assertThat(x.absolutePath()).exists().hasContent("png bytes"));
        assertThat(a.steps(Step.Execute.class).get(0).result().artifacts()).hasSize(2);
        assertThat(Files.readString(csv)).isEqualTo(original);
        assertThat(a.workspace()).isNotEqualTo(data);
    }

    @Test
    void shortensHugeOutputHeadAndTailForTheModel() {
        String huge = "HEAD\n" + "x".repeat(100_000) + "\nTAIL";
        Analysis a = analyst(ScriptedModel.of("<Code>p()</Code>", "<Answer>a</Answer>"), echo(huge))
                .budget(Budget.DEFAULT.withMaxOutputChars(1_000)).build().analyze(List.of(csv), "q");
        Step.Execute e = a.steps(Step.Execute.class).get(0);
        assertThat(e.text()).startsWith("HEAD").endsWith("TAIL").contains("characters omitted").hasSizeLessThan(1_100);
        assertThat(e.result().stdout()).hasSize(huge.length());
    }

    @Test
    void sendsErrorsBackInTheReferenceWording() {
        ScriptedExecutor failing = new ScriptedExecutor((ws, req) -> ExecutionResult.error("partial\n", "",
                "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\nKeyError: 'gender'", Duration.ZERO));
        ScriptedModel model = ScriptedModel.of("<Code>x</Code>", "<Answer>a</Answer>");
        analyst(model, failing).build().analyze(List.of(csv), "q");
        assertThat(model.requests().get(1).messages().get(2).content())
                .isEqualTo("partial\n[Error]:\nTraceback (most recent call last):\n  File \"<string>\", line 1, in <module>\nKeyError: 'gender'");
    }

    @Test
    void closesACodeBlockTheStopStringCutOffAndRunsIt() {
        ScriptedExecutor exec = echo("1\n");
        ScriptedModel model = ScriptedModel.of("<Analyze>a</Analyze><Code>print(1)", "<Answer>done</Answer>");
        Analysis a = analyst(model, exec).build().analyze(List.of(csv), "q");
        assertThat(exec.executedCode()).containsExactly("print(1)");
        assertThat(a.steps(Step.Code.class)).singleElement().satisfies(c -> assertThat(c.complete()).isTrue());
        assertThat(model.requests().get(1).messages()).extracting(Message::role, Message::content).containsSubsequence(
                tuple(Role.ASSISTANT, "<Analyze>a</Analyze><Code>print(1)</Code>"), tuple(Role.EXECUTE, "1\n"));
        assertThat(a.transcript()).contains("<Code>print(1)</Code>\n<Execute>\n1\n");
    }

    @Test
    void closesTheCutOffCodeOnceEvenWhenTheClientAlreadyAddedTheStopString() {
        // a client that re-appends </Code>, either through the stream or only in the returned text
        for (boolean streamed : List.of(true, false)) {
            List<GenerationRequest> requests = new ArrayList<>();
            LanguageModel client = (request, onText) -> {
                requests.add(request);
                if (requests.size() > 1) {
                    onText.accept("<Answer>done</Answer>");
                    return new Generation("<Answer>done</Answer>", FinishReason.STOP, new TokenUsage(1, 1));
                }
                onText.accept(streamed ? "<Code>print(1)</Code>" : "<Code>print(1)");
                return new Generation("<Code>print(1)</Code>", FinishReason.STOP, new TokenUsage(1, 1));
            };
            Analysis a = Analyst.builder().model(client).executor(echo("1\n")).allowUnsandboxedExecution()
                    .workspaceRoot(tmp.resolve("ws")).build().analyze(List.of(csv), "q");
            assertThat(requests.get(1).messages().get(1).content()).as("streamed: %s", streamed)
                    .isEqualTo("<Code>print(1)</Code>");
            assertThat(a.steps(Step.Code.class)).singleElement().satisfies(c -> assertThat(c.complete()).isTrue());
        }
    }

    @Test
    void leavesCodeCutOffAtTheTokenLimitIncomplete() {
        ScriptedExecutor exec = echo("");
        ScriptedModel model = new ScriptedModel(List.of(new ScriptedModel.Text("<Code>print(", FinishReason.LENGTH),
                new ScriptedModel.Text("<Answer>done</Answer>", FinishReason.STOP)), 5);
        Analysis a = analyst(model, exec).build().analyze(List.of(csv), "q");
        assertThat(model.requests().get(1).messages().get(1).content()).isEqualTo("<Code>print(");
        assertThat(a.steps(Step.Code.class)).singleElement().satisfies(c -> assertThat(c.complete()).isFalse());
    }

    @Test
    void rejectsBadInputBeforeStartingWithMessagesNamingTheFix() throws IOException {
        Analyst analyst = analyst(ScriptedModel.of("<Answer>a</Answer>"), echo("")).build();
        assertThatThrownBy(() -> analyst.analyze(List.of(csv), "   ")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("question is empty");
        assertThatThrownBy(() -> analyst.analyze(List.of(tmp.resolve("nope.csv")), "q")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not found").hasMessageContaining("nope.csv");
        assertThatThrownBy(() -> analyst.analyze(List.of(data), "q")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("directory");
        Path other = Files.createDirectories(tmp.resolve("other"));
        Path dup = Files.writeString(other.resolve("sales.csv"), "a\n1\n");
        assertThatThrownBy(() -> analyst.analyze(List.of(csv, dup), "q")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("same file name 'sales.csv'");
        assertThat(tmp.resolve("ws")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    }

    @Test
    void deletesTheWorkspaceWhenRetentionSaysSo() {
        Analysis a = analyst(ScriptedModel.of("<Answer>a</Answer>"), echo("")).retention(WorkspaceRetention.DELETE_ALWAYS).build()
                .analyze(List.of(csv), "q");
        assertThat(a.workspace()).doesNotExist();
    }

    @Test
    void analysesWithoutFilesSendOnlyTheInstruction() {
        ScriptedModel model = ScriptedModel.of("<Answer>42</Answer>");
        analyst(model, echo("")).build().analyze(List.of(), "What is 6*7?");
        assertThat(model.requests().get(0).messages().get(0).content()).isEqualTo("# Instruction\nWhat is 6*7?");
    }

    @Test
    void shortensEarlierOutputsToFitTheContextWindowThenStops() {
        String big = "row\n".repeat(3_000); // 12,000 chars, about 4,000 estimated tokens
        String turn = "<Code>p()</Code>";
        ScriptedModel model = ScriptedModel.of(turn, turn, turn, turn, turn, turn, "<Answer>a</Answer>");
        List<AnalysisEvent> events = Collections.synchronizedList(new ArrayList<>());
        Analysis a = analyst(model, echo(big))
                .sampling(io.github.deepanalyze.model.SamplingOptions.DEFAULT.withMaxNewTokens(1_000))
                .budget(Budget.DEFAULT.withMaxContextTokens(6_000).withMaxOutputChars(12_000))
                .build().analyze(List.of(csv), "q", AnalysisListener.of(events::add));

        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(AnalysisEvent.Problem.class,
                p -> assertThat(p.message()).contains("context window")));
        for (var r : model.requests()) {
            int tokens = io.github.deepanalyze.model.TokenCounter.estimate().count(r.messages());
            assertThat(tokens + r.sampling().maxNewTokens()).isLessThanOrEqualTo(6_000);
        }
        assertThat(a.status()).isIn(AnalysisStatus.ANSWERED, AnalysisStatus.TOKEN_LIMIT);
        assertThat(a.steps(Step.Execute.class)).allSatisfy(e -> assertThat(e.text()).hasSize(big.length()));
    }

    @Test
    void endsWithTokenLimitWhenEvenTheFirstMessageDoesNotFit() {
        ScriptedModel model = ScriptedModel.of("<Answer>a</Answer>");
        Analysis a = analyst(model, echo(""))
                .sampling(io.github.deepanalyze.model.SamplingOptions.DEFAULT.withMaxNewTokens(1_000))
                .budget(Budget.DEFAULT.withMaxContextTokens(1_024)).build()
                .analyze(List.of(csv), "x".repeat(9_000));
        assertThat(a.status()).isEqualTo(AnalysisStatus.TOKEN_LIMIT);
        assertThat(a.rounds()).isZero();
        assertThat(model.requests()).isEmpty();
    }
}
