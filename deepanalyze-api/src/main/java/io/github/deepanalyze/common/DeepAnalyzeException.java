package io.github.deepanalyze.common;

/**
 * The root of every exception the SDK throws. Unchecked: a failed analysis is reported through
 * {@code Analysis.status()} whenever a partial trace exists; exceptions are for problems that
 * prevent an analysis from starting (bad input, bad configuration) or for SPI implementations
 * to signal failure to the engine.
 *
 * <p>Every message names the input that caused the problem and what to do about it.
 */
public class DeepAnalyzeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeepAnalyzeException(String message) {
        super(message);
    }

    public DeepAnalyzeException(String message, Throwable cause) {
        super(message, cause);
    }
}
