package io.github.deepanalyze.execution;

/** How consecutive code blocks of one analysis relate. */
public enum ExecutionMode {
    /**
     * The reference semantics DeepAnalyze-8B was trained with: every block runs as an independent
     * script in a fresh {@code __main__} namespace (imported modules may stay cached).
     */
    SCRIPT,
    /** Globals persist across the blocks of one analysis, as in a notebook. Opt-in. */
    NOTEBOOK
}
