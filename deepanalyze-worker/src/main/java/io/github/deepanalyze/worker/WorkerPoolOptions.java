package io.github.deepanalyze.worker;

import java.time.Duration;
import java.util.Map;

/**
 * The pool settings shared by every worker runtime, as {@link WorkerPoolBuilder} checked them.
 * Immutable.
 */
record WorkerPoolOptions(
        int poolSize,
        int warmWorkers,
        Duration acquireTimeout,
        Duration timeoutGrace,
        Map<String, String> environment,
        int maxBlocksPerWorker,
        boolean isolateNetwork,
        boolean requireNetworkIsolation) {
    WorkerPoolOptions {
        environment = Map.copyOf(environment);
    }
}
