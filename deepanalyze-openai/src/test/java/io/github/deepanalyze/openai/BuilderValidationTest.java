package io.github.deepanalyze.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.deepanalyze.common.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder rejects every bad setting the same way: a ConfigurationException naming the setting, the value and the fix. */
class BuilderValidationTest {

    private static OpenAiCompatibleModel.Builder valid() {
        return OpenAiCompatibleModel.builder().baseUrl("http://gpu-box:8000/v1").model("DeepAnalyze-8B");
    }

    @Test
    void rejectsDurationsThatAreNotPositiveNamingTheSetting() {
        assertThatThrownBy(() -> valid().connectTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(ConfigurationException.class).hasMessage("connectTimeout must be positive, got PT-1S");
        assertThatThrownBy(() -> valid().callTimeout(Duration.ZERO))
                .isInstanceOf(ConfigurationException.class).hasMessage("callTimeout must be positive, got PT0S");
        assertThatThrownBy(() -> valid().retryBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(ConfigurationException.class).hasMessage("initial backoff must be positive, got PT0S");
    }

    @Test
    void rejectsANegativeRetryCountButAllowsZero() {
        assertThatThrownBy(() -> valid().maxRetries(-1))
                .isInstanceOf(ConfigurationException.class).hasMessage("maxRetries must be >= 0, got -1");
        assertThat(valid().maxRetries(0).build()).isNotNull();
    }

    @Test
    void treatsAMissingValueAsAProgrammingErrorNamingTheSetting() {
        assertThatThrownBy(() -> valid().readTimeout(null)).isInstanceOf(NullPointerException.class).hasMessage("readTimeout");
    }

    @Test
    void rejectsSettingsThatContradictEachOtherAtBuild() {
        assertThatThrownBy(() -> valid().retryBackoff(Duration.ofSeconds(20), Duration.ofSeconds(10)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("initial backoff PT20S exceeds the max backoff PT10S");
        assertThatThrownBy(() -> valid().apiKey("sk-1").header("authorization", "Bearer sk-2").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("use one");
        assertThatThrownBy(() -> valid().apiKey("  ").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("pass null");
    }

    @Test
    void normalisesTheBaseUrlAndRejectsOnesThatAreNotAnApiRoot() {
        assertThat(valid().baseUrl(" http://gpu-box:8000/v1// ").build().baseUrl()).isEqualTo("http://gpu-box:8000/v1");
        assertThat(ApiRoot.parse("https://api.example.com/v1/").endpoint())
                .hasToString("https://api.example.com/v1/chat/completions");
        assertThatThrownBy(() -> valid().baseUrl("http://gpu-box:8000/v1?key=x").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("must not have a query");
        assertThatThrownBy(() -> valid().baseUrl("ftp://gpu-box/v1").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("http(s) URL", "ftp://gpu-box/v1");
        assertThatThrownBy(() -> valid().baseUrl("http://gpu box/v1").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("not a valid URL", "http://gpu box/v1");
        assertThatThrownBy(() -> valid().baseUrl("  ").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("baseUrl is required");
    }
}
