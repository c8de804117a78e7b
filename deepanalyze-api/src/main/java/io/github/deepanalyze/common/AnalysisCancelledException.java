package io.github.deepanalyze.common;

/**
 * Thrown inside SPI implementations (models, executors) to stop work because the analysis was
 * cancelled. The engine turns it into {@code AnalysisStatus.CANCELLED}; users never see it from
 * {@code Analyst.analyze}.
 */
public class AnalysisCancelledException extends DeepAnalyzeException {
    private static final long serialVersionUID = 1L;

    public AnalysisCancelledException(String message) {
        super(message);
    }
}
