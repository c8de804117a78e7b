package io.github.deepanalyze.model;

/** Why a generation ended. */
public enum FinishReason {
    /** End of sequence or a stop string/token. */
    STOP,
    /** The per-turn token limit was reached. */
    LENGTH,
    /** The server did not say. */
    UNKNOWN
}
