package io.github.deepanalyze.core;

import io.github.deepanalyze.core.internal.protocol.DeepAnalyzeProfile;
import io.github.deepanalyze.core.internal.protocol.InstructionModelProfile;
import io.github.deepanalyze.prompt.PromptProfile;

/**
 * The built-in {@link PromptProfile}s. Both return shared immutable, thread-safe instances and
 * reject null arguments with {@link NullPointerException}.
 */
public final class PromptProfiles {
    private PromptProfiles() {
    }

    /**
     * The reference layout for DeepAnalyze-8B (name {@code "deepanalyze"}): no system message, one
     * user message built byte for byte like the reference {@code prepare_vllm_messages}:
     * <pre>
     * # Instruction
     * {question, stripped}
     *
     * # Data
     * File 1:
     * {
     *     "name": "enrolled.csv",
     *     "size": "20.4KB"
     * }
     *
     * </pre>
     * Files are sorted by name in code-point order (Python's), numbered from 1; each entry is
     * {@code File {i}:\n{json}\n\n} with the JSON as {@code json.dumps(indent=4, ensure_ascii=False)}
     * writes it, and the size as {@code f"{bytes / 1024:.1f}KB"}. Without files the message is
     * {@code "# Instruction\n" + question} (just {@code "# Instruction"} when the question is blank,
     * as in the reference). Execution output goes back as an {@code execute}-role message, which the
     * model's chat template turns into {@code <Execute>\n…\n</Execute>}. Stop sequence:
     * {@code </Code>}. {@link PromptProfile#requiredModules() Required modules}: pandas, numpy,
     * matplotlib, so a default executor is one that can import them.
     */
    public static PromptProfile deepAnalyze() {
        return DeepAnalyzeProfile.INSTANCE;
    }

    /**
     * A layout for general instruction models served behind any OpenAI-compatible endpoint
     * (GPT-4o, Qwen, Llama, …) that do not know the tags (name {@code "instruction"}): a system
     * message teaching the protocol, then the same user message as {@link #deepAnalyze()}.
     * Execution output goes back as a user message {@code "<Execute>\n" + output + "\n</Execute>"},
     * because such endpoints reject the {@code execute} role. Stop sequence: {@code </Code>}.
     * Required modules: pandas, numpy, matplotlib, as for {@link #deepAnalyze()}.
     */
    public static PromptProfile instructionModel() {
        return InstructionModelProfile.INSTANCE;
    }
}
