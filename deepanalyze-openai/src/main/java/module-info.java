/**
 * Language-model clients: {@code OpenAiCompatibleModel} for DeepAnalyze-8B (or any model) behind an
 * OpenAI-compatible chat-completions server, and {@code ReplayModel} for recorded runs. Depends on
 * the api, Jackson (request and response JSON), SLF4J and the JDK's HTTP client.
 */
module io.github.deepanalyze.openai {
    requires transitive io.github.deepanalyze;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;
    requires org.slf4j;

    exports io.github.deepanalyze.openai;
}
