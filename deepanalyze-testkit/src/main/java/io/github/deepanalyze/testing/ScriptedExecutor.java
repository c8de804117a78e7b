package io.github.deepanalyze.testing;

import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionSession;
import io.github.deepanalyze.execution.IsolationLevel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * A test double executor that runs no code: each block's result comes from a function of the
 * workspace and the request (for instance, the recorded run's Execute outputs in order). It claims
 * no isolation, so analysts using it need {@code allowUnsandboxedExecution()}.
 */
public final class ScriptedExecutor implements CodeExecutor {
    private final BiFunction<Path, ExecutionRequest, ExecutionResult> behaviour;
    private final List<String> executedCode = new CopyOnWriteArrayList<>();
    private volatile int openSessions;
    private volatile int closedSessions;

    public ScriptedExecutor(BiFunction<Path, ExecutionRequest, ExecutionResult> behaviour) {
        this.behaviour = behaviour;
    }

    /** Answers block i with {@code outputs.get(i)} as stdout. */
    public static ScriptedExecutor replaying(List<String> outputs) {
        int[] next = {0};
        return new ScriptedExecutor((ws, req) -> ExecutionResult.success(outputs.get(next[0]++), "", java.time.Duration.ofMillis(1)));
    }

    public List<String> executedCode() {
        return List.copyOf(executedCode);
    }

    public int openSessions() {
        return openSessions;
    }

    public int closedSessions() {
        return closedSessions;
    }

    @Override
    public ExecutionSession openSession(Path workspace, ExecutionMode mode) {
        openSessions++;
        return new ExecutionSession() {
            @Override
            public Path workspace() {
                return workspace;
            }

            @Override
            public ExecutionResult execute(ExecutionRequest request) {
                executedCode.add(request.code());
                return behaviour.apply(workspace, request);
            }

            @Override
            public void close() {
                closedSessions++;
            }
        };
    }

    @Override
    public IsolationLevel isolation() {
        return IsolationLevel.NONE;
    }

    @Override
    public void close() {
    }
}
