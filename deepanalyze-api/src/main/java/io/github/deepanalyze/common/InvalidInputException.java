package io.github.deepanalyze.common;

/** An input given to an analysis (a file, the question) cannot be used. The message names it and the fix. */
public class InvalidInputException extends DeepAnalyzeException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
