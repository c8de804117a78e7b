package io.github.deepanalyze.worker;

import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.testing.tck.CodeExecutorContract;
import io.github.deepanalyze.testing.tck.ExecutorCapabilities;
import java.time.Duration;

/**
 * The GraalPy worker executor keeps the executor contract. A worker JVM takes 10-25 s to start, so
 * the one executor of the class keeps two warm workers (the concurrent-sessions test needs both, and
 * the replacement for the worker a cancel kills starts in the background). GraalPy has no pandas on
 * these machines; its heap cap ends in a JVM OutOfMemoryError, not a contract-level memory cap.
 */
class GraalPyWorkerExecutorContractTest extends CodeExecutorContract {
    @Override
    protected CodeExecutor createExecutor() {
        return GraalPyWorkerExecutor.builder().poolSize(2).warmWorkers(2).heapBytes(1L << 30)
                .timeoutGrace(Duration.ofSeconds(5)).build();
    }

    @Override
    protected ExecutorCapabilities capabilities() {
        return ExecutorCapabilities.defaults();
    }
}
