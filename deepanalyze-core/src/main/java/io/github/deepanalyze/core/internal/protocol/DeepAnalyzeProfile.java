package io.github.deepanalyze.core.internal.protocol;

import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.prompt.DataFile;
import io.github.deepanalyze.prompt.PromptProfile;
import java.util.List;
import java.util.Set;

/** The reference layout for DeepAnalyze-8B. Immutable and thread-safe. */
public final class DeepAnalyzeProfile implements PromptProfile {
    public static final DeepAnalyzeProfile INSTANCE = new DeepAnalyzeProfile();

    private DeepAnalyzeProfile() {
    }

    @Override
    public String name() {
        return "deepanalyze";
    }

    @Override
    public List<Message> openingMessages(String question, List<DataFile> files) {
        return List.of(Message.user(FirstUserMessage.build(question, files)));
    }

    @Override
    public Message executeMessage(String output) {
        return Message.execute(output);
    }

    /** What the model's code imports in nearly every block (real runs also use seaborn, scipy, sklearn, openpyxl). */
    @Override
    public Set<String> requiredModules() {
        return ModulesModelCodeNeeds.DATA_SCIENCE;
    }

    @Override
    public String toString() {
        return "PromptProfile[deepanalyze]";
    }
}
