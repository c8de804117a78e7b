package io.github.deepanalyze.jupyter;

import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.testing.tck.CodeExecutorContract;
import io.github.deepanalyze.testing.tck.ExecutorCapabilities;
import org.junit.jupiter.api.AfterAll;

/** The Jupyter executor on a real local Jupyter Server keeps the executor contract (no memory cap: a kernel has none). */
class JupyterExecutorContractTest extends CodeExecutorContract {
    private static JupyterServer server;

    @Override
    protected CodeExecutor createExecutor() throws Exception {
        server = new JupyterServer();
        return server.executor().build();
    }

    @Override
    protected ExecutorCapabilities capabilities() {
        return ExecutorCapabilities.defaults().withPandas();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }
}
