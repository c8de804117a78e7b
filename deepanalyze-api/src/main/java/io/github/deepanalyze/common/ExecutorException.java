package io.github.deepanalyze.common;

/**
 * A code executor itself failed (could not start an interpreter, a worker process died in a way
 * it could not recover from). Errors in the model's code are not exceptions: they are part of the
 * {@code ExecutionResult} and go back to the model.
 */
public class ExecutorException extends DeepAnalyzeException {
    private static final long serialVersionUID = 1L;

    public ExecutorException(String message) {
        super(message);
    }

    public ExecutorException(String message, Throwable cause) {
        super(message, cause);
    }
}
