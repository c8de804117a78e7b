package io.github.deepanalyze.model;

import io.github.deepanalyze.common.ConfigurationException;

/**
 * How a model samples one turn.
 *
 * @param temperature 0 for greedy; the reference API uses 0.4, its agent 0.5
 * @param topP nucleus sampling mass in (0, 1]
 * @param maxNewTokens tokens the model may generate in one turn (the reference allows 32,768)
 * @param seed a sampling seed for servers that honour one, or {@code null}
 */
public record SamplingOptions(double temperature, double topP, int maxNewTokens, Long seed) {

    /** Temperature 0.4, top-p 1.0, 32,768 new tokens, no seed: the reference API's settings. */
    public static final SamplingOptions DEFAULT = new SamplingOptions(0.4, 1.0, 32_768, null);

    public SamplingOptions {
        if (!(temperature >= 0 && temperature <= 2)) {
            throw new ConfigurationException("temperature must be in [0, 2], got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new ConfigurationException("topP must be in (0, 1], got " + topP);
        }
        if (maxNewTokens <= 0) {
            throw new ConfigurationException("maxNewTokens must be > 0, got " + maxNewTokens);
        }
    }

    public SamplingOptions withTemperature(double t) {
        return new SamplingOptions(t, topP, maxNewTokens, seed);
    }

    public SamplingOptions withMaxNewTokens(int n) {
        return new SamplingOptions(temperature, topP, n, seed);
    }

    public SamplingOptions withSeed(Long s) {
        return new SamplingOptions(temperature, topP, maxNewTokens, s);
    }
}
