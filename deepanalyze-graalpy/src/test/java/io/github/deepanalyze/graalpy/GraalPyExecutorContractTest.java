package io.github.deepanalyze.graalpy;

import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.testing.tck.CodeExecutorContract;
import io.github.deepanalyze.testing.tck.ExecutorCapabilities;
import java.util.List;

/** The in-process GraalPy executor keeps the executor contract: standard library only, no memory cap (GraalPy CE has none). */
class GraalPyExecutorContractTest extends CodeExecutorContract {
    @Override
    protected CodeExecutor createExecutor() {
        return GraalPyExecutor.builder().poolSize(2).warmModules(List.of()).build();
    }

    @Override
    protected ExecutorCapabilities capabilities() {
        return ExecutorCapabilities.defaults();
    }
}
