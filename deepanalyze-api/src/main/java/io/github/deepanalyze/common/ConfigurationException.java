package io.github.deepanalyze.common;

/** A builder was given settings that cannot work together; the message says what to change. */
public class ConfigurationException extends DeepAnalyzeException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
