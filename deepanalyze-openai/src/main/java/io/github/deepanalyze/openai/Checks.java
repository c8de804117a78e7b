package io.github.deepanalyze.openai;

import io.github.deepanalyze.common.ConfigurationException;
import java.time.Duration;
import java.util.Objects;

/**
 * The builder validation vocabulary of this module: every setting that is out of range fails with a
 * {@link ConfigurationException} whose message names the setting, the value given and the rule, so
 * {@link OpenAiCompatibleModel.Builder} and {@link ReplayModel#withStreaming} reject bad values the
 * same way. A {@code null} where a value is required is a programming error and stays a
 * {@link NullPointerException} naming the setting.
 */
final class Checks {

    private Checks() {
    }

    /** {@code value}, if it is longer than zero. */
    static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new ConfigurationException(name + " must be positive, got " + value);
        }
        return value;
    }

    /** {@code value}, if it is zero or longer. */
    static Duration notNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new ConfigurationException(name + " must not be negative, got " + value);
        }
        return value;
    }

    /** {@code value}, if it is above zero. */
    static int positive(int value, String name) {
        if (value <= 0) {
            throw new ConfigurationException(name + " must be > 0, got " + value);
        }
        return value;
    }

    /** {@code value}, if it is zero or more. */
    static int notNegative(int value, String name) {
        if (value < 0) {
            throw new ConfigurationException(name + " must be >= 0, got " + value);
        }
        return value;
    }

    /** {@code value}, if it is neither {@code null} nor blank; else fails with {@code message} (which says how to set it). */
    static String present(String value, String message) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(message);
        }
        return value;
    }

    /** Fails with {@code message} (which names the settings in conflict and the fix) unless {@code holds}. */
    static void that(boolean holds, String message) {
        if (!holds) {
            throw new ConfigurationException(message);
        }
    }
}
