package io.github.deepanalyze.djl.benchmarks;

import io.github.deepanalyze.common.Cancellation;
import io.github.deepanalyze.djl.OnnxLanguageModel;
import io.github.deepanalyze.model.Generation;
import io.github.deepanalyze.model.GenerationRequest;
import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.model.SamplingOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures load time and decode speed of OnnxLanguageModel on the tiny test model. Not a unit test
 * (timings do not belong in assertions); run it from the project root:
 *
 * <pre>
 * bash scripts/bench.sh TinyGptThroughput [model dir, default deepanalyze-djl/target/test-classes/tiny-gpt] [threads]
 * </pre>
 */
public final class TinyGptThroughput {
    private TinyGptThroughput() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "deepanalyze-djl/target/test-classes/tiny-gpt");
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        for (int load = 1; load <= 2; load++) {
            long t0 = System.nanoTime();
            try (OnnxLanguageModel m = OnnxLanguageModel.builder().modelDirectory(dir).eosTokenIds().threads(threads).build()) {
                System.out.printf("load #%d: %.1f ms%n", load, (System.nanoTime() - t0) / 1e6);
                if (load == 2) {
                    for (int i = 0; i < 3; i++) {
                        decode(m, "Hello", 512, 0);
                        decode(m, "Hello", 512, 0.7);
                    }
                    decode(m, "x".repeat(900), 16, 0);
                }
            }
        }
    }

    private static void decode(OnnxLanguageModel m, String user, int tokens, double temperature) {
        GenerationRequest r = new GenerationRequest(List.of(Message.user(user)), List.of(),
                new SamplingOptions(temperature, 0.95, tokens, 1L), Cancellation.none());
        long t0 = System.nanoTime();
        Generation g = m.generate(r, d -> { });
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("prompt %d + %d new tokens (T=%.1f): %.1f ms, %.0f new tokens/s%n", g.usage().promptTokens(),
                g.usage().completionTokens(), temperature, s * 1000, g.usage().completionTokens() / s);
    }
}
