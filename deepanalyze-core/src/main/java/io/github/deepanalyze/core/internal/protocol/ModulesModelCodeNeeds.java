package io.github.deepanalyze.core.internal.protocol;

import java.util.Set;

/**
 * The Python modules the built-in profiles declare as required: DeepAnalyze-8B (and instruction
 * models prompted the same way) load data with pandas, compute with numpy and plot with
 * matplotlib in nearly every block, so an executor without them fails the analysis from round 1.
 */
final class ModulesModelCodeNeeds {
    static final Set<String> DATA_SCIENCE = Set.of("pandas", "numpy", "matplotlib");

    private ModulesModelCodeNeeds() {
    }
}
