package io.github.deepanalyze;

/**
 * Thrown inside SPI implementations (models, executors) to stop work because the analysis was
 * cancelled. The engine turns it into {@link AnalysisStatus#CANCELLED}; users never see it from
 * {@link Analyst#analyze}.
 */
public class AnalysisCancelledException extends DeepAnalyzeException {
    private static final long serialVersionUID = 1L;

    public AnalysisCancelledException(String message) {
        super(message);
    }
}
