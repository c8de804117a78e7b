package io.github.deepanalyze.eval;

/** The kinds of task the DeepAnalyze RL reward distinguishes. */
public enum TaskType {
    /** A question with one short ground-truth answer (table QA, DABench-style questions). */
    QUESTION_ANSWER,
    /** A data task (cleaning, modelling, a specific analysis) judged on its process and result. */
    DATA_TASK,
    /** Open-ended research producing a report; long, well-explored trajectories are rewarded. */
    OPEN_RESEARCH
}
