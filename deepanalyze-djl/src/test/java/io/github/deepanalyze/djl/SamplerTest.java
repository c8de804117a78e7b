package io.github.deepanalyze.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {
    static final float[] LOGITS = {0.1f, 2.0f, 1.9f, -5f, 2.0f};

    @Test
    void greedyTakesTheHighestLogitAndTheLowestIdOnTies() {
        assertThat(new Sampler(0, 1, new SplittableRandom(1)).pick(LOGITS, 0, 5)).isEqualTo(1);
        assertThat(new Sampler(0, 1, new SplittableRandom(1)).pick(new float[] {9, 0, 1, 3}, 1, 3)).isEqualTo(2);
    }

    @Test
    void samplingFollowsTheSoftmaxDistribution() {
        Sampler s = new Sampler(1.0, 1.0, new SplittableRandom(42));
        int[] hits = new int[5];
        for (int i = 0; i < 20_000; i++) {
            hits[s.pick(LOGITS, 0, 5)]++;
        }
        double z = Math.exp(0.1) + 2 * Math.exp(2.0) + Math.exp(1.9) + Math.exp(-5);
        assertThat(hits[2] / 20_000.0).isCloseTo(Math.exp(1.9) / z, org.assertj.core.data.Offset.offset(0.02));
        assertThat(hits[3]).isLessThan(20);
    }

    @Test
    void topPKeepsTheSmallestSetReachingTheMass() {
        // softmax mass of ids 1, 4, 2 is about 0.95; with topP 0.5 only the two 2.0 logits remain
        Sampler s = new Sampler(1.0, 0.5, new SplittableRandom(5));
        for (int i = 0; i < 2_000; i++) {
            assertThat(s.pick(LOGITS, 0, 5)).isIn(1, 4);
        }
    }

    @Test
    void aSeedReproducesTheSequence() {
        Sampler a = new Sampler(0.8, 0.9, new SplittableRandom(9));
        Sampler b = new Sampler(0.8, 0.9, new SplittableRandom(9));
        for (int i = 0; i < 100; i++) {
            assertThat(a.pick(LOGITS, 0, 5)).isEqualTo(b.pick(LOGITS, 0, 5));
        }
    }
}
