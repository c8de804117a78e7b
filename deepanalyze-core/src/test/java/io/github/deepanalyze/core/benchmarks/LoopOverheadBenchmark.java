package io.github.deepanalyze.core.benchmarks;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisStatus;
import io.github.deepanalyze.Analyst;
import io.github.deepanalyze.WorkspaceRetention;
import io.github.deepanalyze.testing.Fixtures;
import io.github.deepanalyze.testing.RecordedTrajectory;
import io.github.deepanalyze.testing.ScriptedExecutor;
import io.github.deepanalyze.testing.ScriptedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What the engine itself costs per model round (a main program, not a unit test): the recorded
 * student-loan run (8 rounds, 39 KB of model text streamed in 4-character chunks) through the full
 * loop — prompt building, parsing, events, workspace staging and snapshots, output limiting — with an
 * in-memory model and executor, so model and Python time are zero. Baseline in the same run: only
 * streaming the same chunks into a StringBuilder.
 * Run from the project root: {@code bash scripts/bench.sh LoopOverheadBenchmark [runs]} (default 300 runs).
 */
public final class LoopOverheadBenchmark {
    private LoopOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        RecordedTrajectory t = Fixtures.studentLoanTrajectory();
        Path tmp = Files.createTempDirectory("da-loop");
        Path csv = Files.writeString(tmp.resolve("enrolled.csv"), "name,school,month\n");
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        long[] perRoundNanos = new long[runs];
        long[] baselineNanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            ScriptedModel model = new ScriptedModel(t.turns().stream().map(s -> new ScriptedModel.Text(s,
                    io.github.deepanalyze.model.FinishReason.STOP)).toList(), 4);
            Analyst analyst = Analyst.builder().model(model).executor(ScriptedExecutor.replaying(t.executeOutputs()))
                    .allowUnsandboxedExecution().workspaceRoot(tmp.resolve("ws")).retention(WorkspaceRetention.DELETE_ALWAYS)
                    .taskExecutor(Runnable::run).build();
            long t0 = System.nanoTime();
            Analysis a = analyst.analyze(List.of(csv), "Generate a data science report.");
            long d = System.nanoTime() - t0;
            if (a.status() != AnalysisStatus.ANSWERED) {
                throw new AssertionError(a.reason());
            }
            perRoundNanos[i] = d / a.rounds();
            long b0 = System.nanoTime();
            StringBuilder sb = new StringBuilder();
            for (String turn : t.turns()) {
                for (int p = 0; p < turn.length(); p += 4) {
                    sb.append(turn, p, Math.min(turn.length(), p + 4));
                }
            }
            baselineNanos[i] = (System.nanoTime() - b0) / t.turns().size();
            if (sb.length() == 0) {
                throw new AssertionError();
            }
        }
        long[] warm = Arrays.copyOfRange(perRoundNanos, runs / 2, runs);
        long[] base = Arrays.copyOfRange(baselineNanos, runs / 2, runs);
        Arrays.sort(warm);
        Arrays.sort(base);
        System.out.printf("engine cost per round (warm half of %d runs): median %.3f ms, p90 %.3f ms; "
                        + "baseline (append the same chunks) median %.4f ms%n", runs,
                warm[warm.length / 2] / 1e6, warm[warm.length * 9 / 10] / 1e6, base[base.length / 2] / 1e6);
    }
}
