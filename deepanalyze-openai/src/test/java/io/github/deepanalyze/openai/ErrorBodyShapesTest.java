package io.github.deepanalyze.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.deepanalyze.model.FinishReason;
import org.junit.jupiter.api.Test;

/** The error-body shapes of the servers this client targets, and the small protocol helpers. */
class ErrorBodyShapesTest {

    private final ObjectMapper json = new ObjectMapper();

    private String messageOf(String body) throws Exception {
        return ErrorClassifier.errorMessage(json.readTree(body), "fallback");
    }

    @Test
    void readsTheMessageOfEveryKnownErrorShape() throws Exception {
        assertThat(messageOf("{\"error\":{\"message\":\"openai or llama.cpp\",\"code\":400}}")).isEqualTo("openai or llama.cpp");
        assertThat(messageOf("{\"object\":\"error\",\"message\":\"vllm\",\"code\":400}")).isEqualTo("vllm");
        assertThat(messageOf("{\"error\":\"ollama\"}")).isEqualTo("ollama");
        assertThat(messageOf("{\"detail\":\"fastapi\"}")).isEqualTo("fastapi");
        assertThat(messageOf("{\"something\":\"else\"}")).isEqualTo("fallback");
        assertThat(ErrorClassifier.errorMessage(null, "plain text body")).isEqualTo("plain text body");
    }

    @Test
    void mapsFinishReasonsOfTheCommonServers() {
        assertThat(ChatCompletionsCodec.finishReason("stop")).isEqualTo(FinishReason.STOP);
        assertThat(ChatCompletionsCodec.finishReason("length")).isEqualTo(FinishReason.LENGTH);
        assertThat(ChatCompletionsCodec.finishReason("tool_calls")).isEqualTo(FinishReason.UNKNOWN);
    }
}
