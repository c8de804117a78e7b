package io.github.deepanalyze.eval;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The RL reward of one analysis with the components it was computed from.
 *
 * <p>Immutable and thread-safe. No component is {@code null}; absent components are empty.
 *
 * @param value the reward: −1 for a format failure, else the mean of the present components, in [0, 1]
 * @param formatValid whether the transcript holds {@code <Analyze>}, {@code </Analyze>}, {@code <Answer>} and {@code </Answer>}
 * @param codeFenced whether every {@code <Code>} body is a {@code ```python} fenced block (always {@code true} for question answering, which does not check it)
 * @param exactMatch for question answering: 1 if the answer matches the ground truth, else 0
 * @param codePassRate for data tasks and research: the share of executed blocks that raised no Python exception
 *     (outcome not {@code ERROR}; the reference's "Execute output without {@code [Error]:}")
 * @param judgeScore the LLM judge's score on its 1–5 scale, when a judge was configured and answered
 * @param turnScore for open research: {@code min(rounds / 10, 1)}
 * @param notes why components are absent or what went wrong (e.g. no judge configured)
 */
public record Reward(double value, boolean formatValid, boolean codeFenced, OptionalDouble exactMatch,
        OptionalDouble codePassRate, OptionalDouble judgeScore, OptionalDouble turnScore, List<String> notes) {
    public Reward {
        Objects.requireNonNull(exactMatch, "exactMatch");
        Objects.requireNonNull(codePassRate, "codePassRate");
        Objects.requireNonNull(judgeScore, "judgeScore");
        Objects.requireNonNull(turnScore, "turnScore");
        notes = List.copyOf(notes);
    }

    /** Whether the judge part of the reward is present. */
    public boolean judged() {
        return judgeScore.isPresent();
    }
}
