/**
 * Model clients: {@link io.github.deepanalyze.openai.OpenAiCompatibleModel} drives DeepAnalyze-8B
 * (or another model) served over an OpenAI-compatible chat-completions API such as vLLM, SGLang, the
 * llama.cpp server or Ollama. Only the client class and its builder are public.
 */
package io.github.deepanalyze.openai;
