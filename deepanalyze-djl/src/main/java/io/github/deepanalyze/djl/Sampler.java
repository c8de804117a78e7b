package io.github.deepanalyze.djl;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Picks the next token from logits: greedy at temperature 0, else temperature + nucleus (top-p) sampling. */
final class Sampler {
    private final double temperature;
    private final double topP;
    private final SplittableRandom random;

    Sampler(double temperature, double topP, SplittableRandom random) {
        this.temperature = temperature;
        this.topP = topP;
        this.random = random;
    }

    /** The chosen token among {@code logits[offset .. offset+vocab)}. */
    int pick(float[] logits, int offset, int vocab) {
        if (temperature == 0) {
            return argmax(logits, offset, vocab);
        }
        float max = logits[offset + argmax(logits, offset, vocab)];
        double[] p = new double[vocab];
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            p[i] = Math.exp((logits[offset + i] - max) / temperature);
            sum += p[i];
        }
        if (topP >= 1) {
            double r = random.nextDouble() * sum;
            for (int i = 0; i < vocab; i++) {
                r -= p[i];
                if (r < 0) {
                    return i;
                }
            }
            return vocab - 1;
        }
        // nucleus: the most probable tokens whose mass reaches topP, then sample among them
        long[] order = new long[vocab];
        for (int i = 0; i < vocab; i++) {
            // probabilities are positive, so their float bits sort like the values; ties keep the lower id first
            order[i] = ((long) Float.floatToIntBits((float) (p[i] / sum)) << 32) | (0xFFFFFFFFL - i);
        }
        Arrays.sort(order);
        double mass = 0;
        int n = 0;
        while (n < vocab) {
            mass += p[id(order[vocab - 1 - n])] / sum;
            n++;
            if (mass >= topP) {
                break;
            }
        }
        double r = random.nextDouble() * mass;
        for (int k = 0; k < n; k++) {
            int i = id(order[vocab - 1 - k]);
            r -= p[i] / sum;
            if (r < 0) {
                return i;
            }
        }
        return id(order[vocab - n]);
    }

    private static int id(long key) {
        return (int) (0xFFFFFFFFL - (key & 0xFFFFFFFFL));
    }

    static int argmax(float[] logits, int offset, int vocab) {
        int best = 0;
        for (int i = 1; i < vocab; i++) {
            if (logits[offset + i] > logits[offset + best]) {
                best = i;
            }
        }
        return best;
    }
}
