package io.github.deepanalyze.common;

/**
 * A language model failed to produce a turn: the server was unreachable, answered with an error,
 * or sent a malformed stream. {@link #isRetryable()} tells whether trying the same request again
 * may succeed (connection errors, HTTP 429 and 5xx); {@link #statusCode()} is the HTTP status,
 * or {@code -1} when there was none.
 */
public class ModelException extends DeepAnalyzeException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final boolean retryable;

    public ModelException(String message, int statusCode, boolean retryable, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
        this.retryable = retryable;
    }

    public ModelException(String message, boolean retryable) {
        this(message, -1, retryable, null);
    }

    /** The HTTP status code of the failed response, or {@code -1} if no response was received. */
    public int statusCode() {
        return statusCode;
    }

    /** Whether the same request may succeed if sent again. */
    public boolean isRetryable() {
        return retryable;
    }
}
