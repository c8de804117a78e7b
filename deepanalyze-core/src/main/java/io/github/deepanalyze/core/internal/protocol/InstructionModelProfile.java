package io.github.deepanalyze.core.internal.protocol;

import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.prompt.DataFile;
import io.github.deepanalyze.prompt.PromptProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The layout for general instruction models: a system prompt teaching the tags, the reference user
 * message, and execution output sent back as a user message. Immutable and thread-safe.
 */
public final class InstructionModelProfile implements PromptProfile {
    static final String SYSTEM_PROMPT_RESOURCE = "instruction-model-system-prompt.md";
    public static final InstructionModelProfile INSTANCE = new InstructionModelProfile(loadSystemPrompt());

    private final String systemPrompt;

    private InstructionModelProfile(String systemPrompt) {
        this.systemPrompt = systemPrompt;
    }

    private static String loadSystemPrompt() {
        try (InputStream in = InstructionModelProfile.class.getResourceAsStream(SYSTEM_PROMPT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + SYSTEM_PROMPT_RESOURCE
                        + " missing beside " + InstructionModelProfile.class.getName() + ": the deepanalyze-core jar is incomplete");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SYSTEM_PROMPT_RESOURCE, e);
        }
    }

    String systemPrompt() {
        return systemPrompt;
    }

    @Override
    public String name() {
        return "instruction";
    }

    @Override
    public List<Message> openingMessages(String question, List<DataFile> files) {
        return List.of(Message.system(systemPrompt), Message.user(FirstUserMessage.build(question, files)));
    }

    @Override
    public Message executeMessage(String output) {
        Objects.requireNonNull(output, "output");
        return Message.user("<Execute>\n" + output + "\n</Execute>");
    }

    /** What the model's code imports in nearly every block (real runs also use seaborn, scipy, sklearn, openpyxl). */
    @Override
    public Set<String> requiredModules() {
        return ModulesModelCodeNeeds.DATA_SCIENCE;
    }

    @Override
    public String toString() {
        return "PromptProfile[instruction]";
    }
}
