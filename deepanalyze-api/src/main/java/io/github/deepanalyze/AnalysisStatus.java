package io.github.deepanalyze;

/** How an analysis ended. Only {@link #ANSWERED} means the model produced a complete {@code <Answer>}. */
public enum AnalysisStatus {
    /** The model wrote a complete {@code <Answer>}; {@link Analysis#report()} holds it. */
    ANSWERED,
    /** The model stopped (end of sequence) without code and without an answer. */
    ENDED_WITHOUT_ANSWER,
    /** The round budget ran out. */
    ROUND_LIMIT,
    /** The token budget (generated tokens or context size) ran out. */
    TOKEN_LIMIT,
    /** The wall-clock budget ran out. */
    TIME_LIMIT,
    /** The caller cancelled the analysis. */
    CANCELLED,
    /** The language model failed and retries did not help. */
    MODEL_ERROR,
    /** The code executor failed (not the model's code: the executor itself). */
    EXECUTOR_ERROR,
    /**
     * The SDK itself failed: an unexpected exception inside the engine, a defect rather than a
     * problem of the model, the executor or the inputs. {@link Analysis#reason()} names the
     * exception; the trace up to the failure is kept. Please report it with the log.
     */
    INTERNAL_ERROR;

    /** Whether the analysis produced a final answer. */
    public boolean isAnswered() {
        return this == ANSWERED;
    }
}
