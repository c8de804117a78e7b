/**
 * Model clients: {@link io.github.deepanalyze.model.LanguageModel} implementations a user hands to
 * {@code Analyst.builder().model(...)}. This package depends on {@code deepanalyze-api}, Jackson and
 * SLF4J only, never on the engine.
 *
 * <h2>Public types</h2>
 * <ul>
 *   <li>{@link io.github.deepanalyze.openai.OpenAiCompatibleModel}, built by
 *       {@link io.github.deepanalyze.openai.OpenAiCompatibleModel.Builder}: drives DeepAnalyze-8B (or
 *       another model) served over an OpenAI-compatible chat-completions API such as vLLM, SGLang,
 *       the llama.cpp server or Ollama. Streams deltas, retries transient failures before any text
 *       is delivered and honours cancellation at once (the engine, not this client, closes a turn
 *       stopped inside {@code <Code>}).</li>
 *   <li>{@link io.github.deepanalyze.openai.ReplayModel}: replays a recorded trajectory (a
 *       {@code trajectory.md}, an {@code Analysis}'s transcript) turn by turn, for offline demos,
 *       tests and debugging one step with a changed executor.</li>
 * </ul>
 *
 * <p>Both models are immutable and thread-safe: one instance serves any number of concurrent
 * analyses. Their methods reject {@code null} arguments with a {@link java.lang.NullPointerException};
 * a setting out of range fails with an {@link io.github.deepanalyze.common.ConfigurationException} that
 * names it and the fix, and a failed generation is an {@link io.github.deepanalyze.common.ModelException}
 * that says whether retrying may help ({@link io.github.deepanalyze.common.ModelException#isRetryable()}).
 *
 * <p>Everything else in the package is package-private: the wire format
 * ({@code ChatCompletionsCodec}, {@code ResponseDecoder}, {@code SseDecoder}), one call's HTTP
 * exchange ({@code GenerationCall}, {@code HttpAttempt}), the retry policy ({@code RetryPolicy},
 * {@code Sleeper}), error classification ({@code ErrorClassifier}) and builder validation
 * ({@code ApiRoot}, {@code Checks}).
 */
package io.github.deepanalyze.openai;
