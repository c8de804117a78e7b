package io.github.deepanalyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.deepanalyze.common.ConfigurationException;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The limits of an analysis: defaults, copies, and what a budget refuses. */
class BudgetTest {

    @Test
    void defaultsAreTheReferenceAgentsLimits() {
        Budget b = Budget.DEFAULT;

        assertThat(b.maxRounds()).isEqualTo(30);
        assertThat(b.maxGeneratedTokens()).isEqualTo(400_000);
        assertThat(b.maxWallTime()).isEqualTo(Duration.ofHours(1));
        assertThat(b.blockTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(b.maxOutputChars()).isEqualTo(20_000);
        assertThat(b.maxEmptyRetries()).isEqualTo(2);
        assertThat(b.maxContextTokens()).isEqualTo(131_072);
    }

    @Test
    void withCopiesChangeOneLimitAndLeaveTheOriginal() {
        Budget b = Budget.DEFAULT.withMaxRounds(5).withMaxContextTokens(8_192).withBlockTimeout(Duration.ofSeconds(9));

        assertThat(b).isEqualTo(new Budget(5, 400_000, Duration.ofHours(1), Duration.ofSeconds(9), 20_000, 2, 8_192));
        assertThat(Budget.DEFAULT.maxRounds()).isEqualTo(30);
        assertThat(Budget.DEFAULT.withMaxGeneratedTokens(7).maxGeneratedTokens()).isEqualTo(7);
        assertThat(Budget.DEFAULT.withMaxWallTime(Duration.ofMinutes(3)).maxWallTime()).isEqualTo(Duration.ofMinutes(3));
        assertThat(Budget.DEFAULT.withMaxOutputChars(200).maxOutputChars()).isEqualTo(200);
        assertThat(Budget.DEFAULT.withMaxEmptyRetries(0).maxEmptyRetries()).isZero();
    }

    @Test
    void refusesEachLimitOutsideItsRangeNamingTheLimitAndTheValue() {
        assertRefused(() -> Budget.DEFAULT.withMaxRounds(0), "maxRounds must be > 0, got 0");
        assertRefused(() -> Budget.DEFAULT.withMaxGeneratedTokens(-1), "maxGeneratedTokens must be > 0, got -1");
        assertRefused(() -> Budget.DEFAULT.withMaxWallTime(Duration.ZERO), "maxWallTime must be positive, got PT0S");
        assertRefused(() -> Budget.DEFAULT.withBlockTimeout(Duration.ofSeconds(-1)), "blockTimeout must be positive, got PT-1S");
        assertRefused(() -> Budget.DEFAULT.withMaxOutputChars(199), "maxOutputChars must be >= 200");
        assertRefused(() -> Budget.DEFAULT.withMaxEmptyRetries(-1), "maxEmptyRetries must be >= 0, got -1");
        assertRefused(() -> Budget.DEFAULT.withMaxContextTokens(1023), "maxContextTokens must be >= 1024, got 1023");
    }

    @Test
    void refusesMissingDurationsByName() {
        assertThatThrownBy(() -> Budget.DEFAULT.withMaxWallTime(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("maxWallTime");
        assertThatThrownBy(() -> Budget.DEFAULT.withBlockTimeout(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("blockTimeout");
    }

    @Test
    void acceptsTheSmallestAllowedValues() {
        Budget b = new Budget(1, 1, Duration.ofNanos(1), Duration.ofNanos(1), 200, 0, 1024);

        assertThat(b.maxContextTokens()).isEqualTo(1024);
    }

    private static void assertRefused(Supplier<Budget> build, String message) {
        assertThatThrownBy(build::get).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid budget: ")
                .hasMessageContaining(message);
    }
}
