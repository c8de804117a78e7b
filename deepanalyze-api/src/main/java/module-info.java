/**
 * The DeepAnalyze API: what applications compile against ({@code Analyst}, analyses, steps,
 * events, exceptions) and the SPIs that other modules implement. No dependency beyond
 * {@code java.base}. The module is named after its root package, {@code io.github.deepanalyze};
 * the implementation jars are {@code io.github.deepanalyze.core}, {@code .openai}, {@code .graalpy}, ….
 *
 * <p>Its packages are layers: {@code .common} (values and exceptions, {@code java.*} only) at the bottom;
 * {@code .model}, {@code .execution}, {@code .prompt} and {@code .spi} above it; the root package (the
 * {@code Analyst} facade and the engine SPI {@code AnalysisEngine}) on top. No package names one above it.
 *
 * <p>{@code Analyst.Builder.build()} finds the engine, the default executor and the input
 * profilers with {@link java.util.ServiceLoader}, hence the {@code uses} clauses; on the module
 * path the implementation jars are automatic modules whose {@code META-INF/services} entries
 * provide them.
 */
module io.github.deepanalyze {
    exports io.github.deepanalyze;
    exports io.github.deepanalyze.common;
    exports io.github.deepanalyze.execution;
    exports io.github.deepanalyze.model;
    exports io.github.deepanalyze.prompt;
    exports io.github.deepanalyze.spi;

    uses io.github.deepanalyze.AnalysisEngine;
    uses io.github.deepanalyze.spi.CodeExecutorProvider;
    uses io.github.deepanalyze.spi.InputProfiler;
}
