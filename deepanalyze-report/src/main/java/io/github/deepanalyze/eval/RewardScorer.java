package io.github.deepanalyze.eval;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.common.Cancellation;
import io.github.deepanalyze.common.DeepAnalyzeException;
import io.github.deepanalyze.execution.ExecutionResult.Outcome;
import io.github.deepanalyze.model.Generation;
import io.github.deepanalyze.model.GenerationRequest;
import io.github.deepanalyze.model.LanguageModel;
import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.model.SamplingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reward DeepAnalyze-8B was trained with (PROTOCOL.md, "Reward used in the model's RL
 * training"), computed over a finished {@link Analysis}:
 * <ol>
 *   <li>a transcript missing any of {@code <Analyze>}, {@code </Analyze>}, {@code <Answer>},
 *       {@code </Answer>} scores −1;</li>
 *   <li>question answering: the mean of the exact match of the answer (the text after the last
 *       {@code Answer:} of the report if present, else the whole report) and the judge's score ÷ 5;</li>
 *   <li>data tasks and open research: −1 if any {@code <Code>} body is not a {@code ```python}
 *       fenced block; else the mean of the code pass rate (the share of blocks whose outcome is not
 *       {@link Outcome#ERROR}: the reference's "Execute output without {@code [Error]:}"), the judge's score ÷ 5 and, for open
 *       research, {@code min(rounds / 10, 1)}.</li>
 * </ol>
 * The judge is any {@link LanguageModel}, asked for a 1–5 score. Without one (or when it fails or
 * its reply has no score), the reward is the mean of the other components and
 * {@link Reward#notes()} says the judge part is absent.
 *
 * <p>Immutable and thread-safe if the judge model is. Methods accept no {@code null} unless stated.
 */
public final class RewardScorer {
    private static final Pattern SCORE = Pattern.compile("(?i)score[^0-9\\n]{0,12}([1-5](?:\\.\\d+)?)(?!\\d)");
    private static final Pattern OUT_OF_FIVE = Pattern.compile("(?<![\\d.])([1-5](?:\\.\\d+)?)\\s*(?:/|out of)\\s*5(?!\\d)");
    private static final Pattern BARE = Pattern.compile("^\\W*([1-5](?:\\.\\d+)?)\\W*$");
    private static final Pattern FENCED = Pattern.compile("^```python[ \\t]*\\r?\\n.*```$", Pattern.DOTALL);
    private static final int JUDGE_REPORT_CHARS = 24_000;

    private final LanguageModel judge;

    private RewardScorer(LanguageModel judge) {
        this.judge = judge;
    }

    /** A scorer without a judge: the judge component is absent. */
    public static RewardScorer withoutJudge() {
        return new RewardScorer(null);
    }

    /** A scorer that asks {@code judge} for the 1–5 score. */
    public static RewardScorer withJudge(LanguageModel judge) {
        return new RewardScorer(Objects.requireNonNull(judge, "judge"));
    }

    /**
     * Scores {@code analysis} as a task of {@code type}; {@code groundTruth} is required for
     * {@link TaskType#QUESTION_ANSWER} and may be {@code null} otherwise.
     */
    public Reward score(Analysis analysis, TaskType type, String groundTruth) {
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(type, "type");
        if (type == TaskType.QUESTION_ANSWER && groundTruth == null) {
            throw new IllegalArgumentException("a question-answer task needs its ground truth; pass the expected answer");
        }
        List<String> notes = new ArrayList<>();
        String t = analysis.transcript();
        List<String> missing = new ArrayList<>();
        for (String tag : List.of("<Analyze>", "</Analyze>", "<Answer>", "</Answer>")) {
            if (!t.contains(tag)) {
                missing.add(tag);
            }
        }
        OptionalDouble none = OptionalDouble.empty();
        if (!missing.isEmpty()) {
            notes.add("format check failed: the transcript has no " + String.join(", ", missing));
            return new Reward(-1, false, true, none, none, none, none, notes);
        }
        if (type == TaskType.QUESTION_ANSWER) {
            String answer = Graders.answerText(analysis);
            double em = Graders.exact().grade(groundTruth, answer).correct() ? 1 : 0;
            OptionalDouble judgeScore = judge(analysis, notes);
            return new Reward(mean(em, judgeScore, none), true, true, OptionalDouble.of(em), none, judgeScore, none, notes);
        }
        List<Step.Code> unfenced = analysis.steps(Step.Code.class).stream().filter(c -> !FENCED.matcher(c.text().strip()).matches()).toList();
        if (!unfenced.isEmpty()) {
            notes.add("code format check failed: " + unfenced.size() + " code block(s) not fenced as ```python, first in round " + unfenced.get(0).round());
            return new Reward(-1, true, false, none, none, none, none, notes);
        }
        List<Step.Execute> runs = analysis.steps(Step.Execute.class);
        double pass;
        if (runs.isEmpty()) {
            pass = 0;
            notes.add("no code was executed: code pass rate 0");
        } else {
            // the reference counts Execute outputs without "[Error]:", i.e. blocks that raised no Python exception
            pass = runs.stream().filter(e -> e.result().outcome() != Outcome.ERROR).count() / (double) runs.size();
        }
        OptionalDouble judgeScore = judge(analysis, notes);
        OptionalDouble turns = type == TaskType.OPEN_RESEARCH ? OptionalDouble.of(Math.min(analysis.rounds() / 10.0, 1)) : none;
        return new Reward(mean(pass, judgeScore, turns), true, true, none, OptionalDouble.of(pass), judgeScore, turns, notes);
    }

    private static double mean(double first, OptionalDouble judgeScore, OptionalDouble third) {
        double sum = first;
        int n = 1;
        if (judgeScore.isPresent()) {
            sum += judgeScore.getAsDouble() / 5;
            n++;
        }
        if (third.isPresent()) {
            sum += third.getAsDouble();
            n++;
        }
        return sum / n;
    }

    private OptionalDouble judge(Analysis analysis, List<String> notes) {
        if (judge == null) {
            notes.add("no judge configured: the judge part of the reward is absent, the value is the mean of the other components");
            return OptionalDouble.empty();
        }
        Generation g;
        try {
            g = judge.generate(new GenerationRequest(List.of(Message.user(judgePrompt(analysis))), List.of(),
                    SamplingOptions.DEFAULT.withTemperature(0.0).withMaxNewTokens(1024), Cancellation.none()), s -> { });
        } catch (DeepAnalyzeException e) {
            notes.add("the judge " + judge.describe() + " failed (" + e.getMessage() + "): the judge part is absent");
            return OptionalDouble.empty();
        }
        OptionalDouble score = parseScore(g.text());
        if (score.isEmpty()) {
            String reply = g.text().strip();
            notes.add("the judge's reply holds no 1–5 score: \"" + (reply.length() > 120 ? reply.substring(0, 120) + "…" : reply) + "\"");
        }
        return score;
    }

    static String judgePrompt(Analysis analysis) {
        String report = analysis.report().markdown();
        if (report.length() > JUDGE_REPORT_CHARS) {
            report = report.substring(0, JUDGE_REPORT_CHARS) + "\n[…truncated]";
        }
        long failed = analysis.steps(Step.Execute.class).stream().filter(e -> !e.result().isSuccess()).count();
        return "You are grading the work of a data analysis agent.\n\n"
                + "# Task\n" + analysis.question() + "\n\n"
                + "# Process\n" + analysis.steps(Step.Code.class).size() + " code blocks were run, " + failed + " of them failed.\n\n"
                + "# Final report\n" + report + "\n\n"
                + "Rate the analysis for accuracy, usefulness, richness, soundness, interpretability and readability "
                + "on a scale from 1 (poor) to 5 (excellent). Reply with one line of the form \"Score: N\" where N is 1, 2, 3, 4 or 5, "
                + "then optionally one sentence of justification.";
    }

    /** The judge's 1–5 score: {@code Score: 4}, {@code 4/5}, {@code 4 out of 5} or a reply that is only a number; the last stated wins. */
    static OptionalDouble parseScore(String reply) {
        String text = reply.replaceAll("(?s)<think>.*?</think>", "");
        for (Pattern p : List.of(SCORE, OUT_OF_FIVE, BARE)) {
            Matcher m = p.matcher(text.strip());
            String last = null;
            while (m.find()) {
                last = m.group(1);
            }
            if (last != null) {
                return OptionalDouble.of(Math.max(1, Math.min(5, Double.parseDouble(last))));
            }
        }
        return OptionalDouble.empty();
    }
}
