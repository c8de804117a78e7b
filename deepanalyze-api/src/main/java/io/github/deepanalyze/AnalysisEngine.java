package io.github.deepanalyze;

import io.github.deepanalyze.common.ConfigurationException;
import io.github.deepanalyze.common.InvalidInputException;
import io.github.deepanalyze.prompt.PromptProfile;
import java.nio.file.Path;
import java.util.List;

/**
 * SPI: the engine that runs analyses, found with {@link java.util.ServiceLoader}
 * ({@code deepanalyze-core} provides it). Users never call it directly; {@link
 * Analyst} does. Implementations are thread-safe.
 */
public interface AnalysisEngine {

    /**
     * Validates the inputs, stages them in a new workspace and starts the analysis on
     * {@code settings.taskExecutor()}.
     *
     * @throws InvalidInputException if a file or the question cannot be used
     */
    AnalysisTask start(AnalystSettings settings, List<Path> files, String question, AnalysisListener listener);

    /**
     * Stages {@code files} in a new workspace and opens a conversation over it; nothing runs until
     * the first {@link AnalysisSession#ask}. The default throws, for engines
     * written before sessions existed.
     *
     * @throws InvalidInputException if a file cannot be used
     */
    default AnalysisSession openSession(AnalystSettings settings, List<Path> files) {
        throw new ConfigurationException("The analysis engine " + getClass().getName()
                + " does not support sessions; use io.github.deepanalyze:deepanalyze-core");
    }

    /** The prompt profile used when the builder sets none: DeepAnalyze-8B's reference layout. */
    PromptProfile defaultPromptProfile();
}
