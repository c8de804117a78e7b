/**
 * The DeepAnalyze engine. Applications do not compile against it: {@code Analyst.builder().build()}
 * finds it with {@link java.util.ServiceLoader} as the {@link io.github.deepanalyze.AnalysisEngine}.
 * Its one exported package, {@code io.github.deepanalyze.core}, holds the built-in prompt profiles;
 * the parser, the loop and the workspaces live in {@code io.github.deepanalyze.core.internal.*},
 * which no other module can read.
 */
module io.github.deepanalyze.core {
    requires io.github.deepanalyze;
    requires org.slf4j;

    exports io.github.deepanalyze.core;

    provides io.github.deepanalyze.AnalysisEngine with io.github.deepanalyze.core.internal.engine.DefaultAnalysisEngine;
}
