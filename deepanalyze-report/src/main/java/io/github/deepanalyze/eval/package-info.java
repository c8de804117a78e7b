/**
 * Evaluation: the RL reward of DeepAnalyze-8B as a scorer ({@link io.github.deepanalyze.eval.RewardScorer})
 * and a benchmark runner over JSONL task files with exact, numeric, DABench and table-QA graders
 * ({@link io.github.deepanalyze.eval.BenchmarkRunner}, {@link io.github.deepanalyze.eval.Graders}).
 */
package io.github.deepanalyze.eval;
