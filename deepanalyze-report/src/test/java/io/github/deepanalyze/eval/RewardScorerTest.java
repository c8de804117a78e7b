package io.github.deepanalyze.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.common.ModelException;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.model.FinishReason;
import io.github.deepanalyze.testing.SampleAnalyses;
import io.github.deepanalyze.testing.ScriptedModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewardScorerTest {
    @TempDir
    Path dir;

    static Analysis with(Analysis a, List<Step> steps, String transcript) {
        return new Analysis(a.question(), a.files(), a.workspace(), steps, a.report(), a.artifacts(), a.usage(), a.rounds(),
                a.wallTime(), a.status(), a.reason(), transcript);
    }

    @Test
    void recordedRunScoresItsCodePassRateWithoutAJudgeAndSaysSo() {
        Reward r = RewardScorer.withoutJudge().score(SampleAnalyses.studentLoan(dir), TaskType.DATA_TASK, null);
        assertThat(r.value()).isEqualTo(1.0);
        assertThat(r.codePassRate()).hasValue(1.0);
        assertThat(r.judged()).isFalse();
        assertThat(r.notes()).anyMatch(n -> n.contains("judge part of the reward is absent"));
    }

    @Test
    void judgeScoreIsAveragedInAsAFifth() {
        ScriptedModel judge = ScriptedModel.of("The report invents statistics.\nScore: 2");
        Reward r = RewardScorer.withJudge(judge).score(SampleAnalyses.studentLoan(dir), TaskType.DATA_TASK, null);
        assertThat(r.judgeScore()).hasValue(2.0);
        assertThat(r.value()).isCloseTo((1.0 + 0.4) / 2, within(1e-9));
        assertThat(judge.requests().get(0).messages().get(0).content()).contains("Comprehensive Analysis of Student Enrollment", "Score: N");
    }

    @Test
    void failedBlocksLowerThePassRateAndOpenResearchAddsTurns() {
        Reward r = RewardScorer.withoutJudge().score(SampleAnalyses.synthetic(dir), TaskType.OPEN_RESEARCH, null);
        assertThat(r.codePassRate()).hasValue(0.5);
        assertThat(r.turnScore()).hasValue(0.3);
        assertThat(r.value()).isCloseTo(0.4, within(1e-9));
    }

    /** The synthetic run with its i-th (0-based) Execute step replaced by one with {@code text} and {@code result}. */
    private Analysis withExecute(int i, String text, ExecutionResult result) {
        Analysis a = SampleAnalyses.synthetic(dir);
        List<Step> steps = new ArrayList<>(a.steps());
        int seen = -1;
        for (int k = 0; k < steps.size(); k++) {
            if (steps.get(k) instanceof Step.Execute e && ++seen == i) {
                steps.set(k, new Step.Execute(e.round(), text, result, e.startedAt(), e.duration()));
            }
        }
        return with(a, steps, a.transcript());
    }

    @Test
    void passRateReadsTheOutcomeNotTheTextSoPrintedMarkersDoNotCount() {
        // the first block succeeded but printed the marker itself
        Analysis a = withExecute(0, "[Error]: none found\n", ExecutionResult.success("[Error]: none found\n", "", Duration.ZERO));
        assertThat(RewardScorer.withoutJudge().score(a, TaskType.DATA_TASK, null).codePassRate()).hasValue(0.5);
    }

    @Test
    void onlyPythonErrorsLowerThePassRateAsInTheReferenceButTheJudgeHearsOfEveryFailure() {
        // the reference counts outputs without "[Error]:": a timed-out block passes
        Analysis a = withExecute(1, "[Timeout]: execution exceeded 1 seconds",
                ExecutionResult.timeout("", "", Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThat(RewardScorer.withoutJudge().score(a, TaskType.DATA_TASK, null).codePassRate()).hasValue(1.0);
        assertThat(RewardScorer.judgePrompt(a)).contains("2 code blocks were run, 1 of them failed.");
    }

    @Test
    void missingAnalyzeOrAnswerTagsScoreMinusOne() {
        Analysis a = SampleAnalyses.synthetic(dir);
        Reward r = RewardScorer.withoutJudge().score(with(a, a.steps(), a.transcript().replace("</Answer>", "")), TaskType.DATA_TASK, null);
        assertThat(r.value()).isEqualTo(-1);
        assertThat(r.formatValid()).isFalse();
        assertThat(r.notes().get(0)).contains("</Answer>");
    }

    @Test
    void unfencedCodeScoresMinusOneForDataTasksOnly() {
        Analysis a = SampleAnalyses.synthetic(dir);
        List<Step> steps = new ArrayList<>(a.steps());
        Step.Code c = (Step.Code) steps.get(1);
        steps.set(1, new Step.Code(c.round(), "print(1)", "print(1)", c.startedAt(), c.duration(), true));
        Analysis bare = with(a, steps, a.transcript());
        assertThat(RewardScorer.withoutJudge().score(bare, TaskType.DATA_TASK, null).value()).isEqualTo(-1);
        assertThat(RewardScorer.withoutJudge().score(bare, TaskType.DATA_TASK, null).codeFenced()).isFalse();
        assertThat(RewardScorer.withoutJudge().score(bare, TaskType.QUESTION_ANSWER, "1194").value()).isEqualTo(1.0);
    }

    @Test
    void questionAnsweringUsesTheTextAfterAnswerColon() {
        Analysis a = SampleAnalyses.synthetic(dir);
        assertThat(RewardScorer.withoutJudge().score(a, TaskType.QUESTION_ANSWER, "1194").exactMatch()).hasValue(1.0);
        Reward wrong = RewardScorer.withJudge(ScriptedModel.of("4/5")).score(a, TaskType.QUESTION_ANSWER, "1200");
        assertThat(wrong.exactMatch()).hasValue(0.0);
        assertThat(wrong.value()).isCloseTo(0.4, within(1e-9));
    }

    @Test
    void failingJudgeLeavesTheJudgePartAbsent() {
        ScriptedModel judge = new ScriptedModel(List.of(new ScriptedModel.Fail("", new ModelException("server down", false))), 7);
        Reward r = RewardScorer.withJudge(judge).score(SampleAnalyses.studentLoan(dir), TaskType.DATA_TASK, null);
        assertThat(r.judged()).isFalse();
        assertThat(r.value()).isEqualTo(1.0);
        assertThat(r.notes()).anyMatch(n -> n.contains("server down"));
        Reward chatty = RewardScorer.withJudge(new ScriptedModel(List.of(new ScriptedModel.Text("Looks great!", FinishReason.STOP)), 7))
                .score(SampleAnalyses.studentLoan(dir), TaskType.DATA_TASK, null);
        assertThat(chatty.notes()).anyMatch(n -> n.contains("no 1–5 score"));
    }

    @Test
    void parsesScoresRobustly() {
        assertThat(RewardScorer.parseScore("Score: 4")).hasValue(4.0);
        assertThat(RewardScorer.parseScore("**Score**: 3.5 — solid")).hasValue(3.5);
        assertThat(RewardScorer.parseScore("I'd give it 4 out of 5.")).hasValue(4.0);
        assertThat(RewardScorer.parseScore("<think>maybe score: 1</think>Final score = 5")).hasValue(5.0);
        assertThat(RewardScorer.parseScore(" 2 ")).hasValue(2.0);
        assertThat(RewardScorer.parseScore("The 10 charts are nice")).isEqualTo(OptionalDouble.empty());
    }
}
