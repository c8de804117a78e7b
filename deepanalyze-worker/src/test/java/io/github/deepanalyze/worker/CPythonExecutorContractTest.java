package io.github.deepanalyze.worker;

import java.nio.file.Path;

import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.testing.tck.CodeExecutorContract;
import io.github.deepanalyze.testing.tck.ExecutorCapabilities;

/** The CPython worker executor keeps the executor contract, with the data stack and its address-space cap. */
class CPythonExecutorContractTest extends CodeExecutorContract {
    private static final long MEMORY_CAP = 2L << 30;

    @Override
    protected CodeExecutor createExecutor() {
        return CPythonExecutor.builder().interpreter(Python.requireDataStack()).poolSize(2)
                .memoryLimitBytes(MEMORY_CAP).build();
    }

    @Override
    protected ExecutorCapabilities capabilities() {
        return ExecutorCapabilities.defaults().withPandas().withMemoryCap(MEMORY_CAP);
    }

    @Override
    protected String workspaceSeenByCode(Path workspace) {
        return "/workspace"; // the confined worker mounts its session's workspace there
    }
}
