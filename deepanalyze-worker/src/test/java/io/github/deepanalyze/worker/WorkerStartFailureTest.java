package io.github.deepanalyze.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.deepanalyze.common.ExecutorException;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that cannot start says why at once (its exit code and stderr), instead of after the
 * start-up timeout; a worker still starting when the executor closes is killed, not waited for.
 * The "interpreters" here are shell scripts that pass the version probe by running the real
 * Python and then misbehave when asked to run the runner.
 */
class WorkerStartFailureTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needPython() {
        assumeTrue(Files.isExecutable(Python.SYSTEM), "needs /usr/bin/python3");
    }

    private Path script(String name, String whenAskedToRunTheRunner) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, """
                #!/bin/sh
                if [ "$1" = "-I" ] && [ "$2" = "-c" ]; then exec %s "$@"; fi
                %s
                """.formatted(Python.SYSTEM, whenAskedToRunTheRunner));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    void reportsTheExitCodeAndStderrOfACPythonWorkerThatDiesWhileStarting() throws Exception {
        Path python = script("python3", "echo 'boom: this python refuses to run the runner' >&2\nexit 3");
        try (CPythonExecutor executor = CPythonExecutor.builder().interpreter(python).unconfined().warmWorkers(0).build()) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> executor.openSession(Files.createDirectories(dir.resolve("ws")), ExecutionMode.SCRIPT))
                    .isInstanceOf(ExecutorException.class)
                    .hasMessageContaining("exited with code 3 while starting")
                    .hasMessageContaining("its stderr ended with: boom: this python refuses to run the runner")
                    .hasMessageContaining("Check the interpreter path")
                    .hasMessageNotContaining("did not become ready");
            System.out.printf("dying CPython worker reported after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(executor.workerPids()).isEmpty();
        }
    }

    @Test
    void reportsTheExitCodeAndStderrOfAGraalPyWorkerJvmThatDiesWhileStarting() throws Exception {
        Path java = script("java", "echo 'Error: Could not find or load main class' >&2\nexit 1");
        try (GraalPyWorkerExecutor executor = GraalPyWorkerExecutor.builder().javaExecutable(java).warmWorkers(0).build()) {
            assertThatThrownBy(() -> executor.openSession(Files.createDirectories(dir.resolve("ws")), ExecutionMode.SCRIPT))
                    .isInstanceOf(ExecutorException.class)
                    .hasMessageContaining("exited with code 1 while starting")
                    .hasMessageContaining("its stderr ended with: Error: Could not find or load main class")
                    .hasMessageContaining("Check that the worker class path (GraalPyWorkerExecutor.Builder.classPath)");
        }
    }

    @Test
    void closeKillsAWorkerThatIsStillStartingAndFailsTheSessionWaitingForIt() throws Exception {
        String marker = "1000." + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000);
        Path python = script("python3", "exec sleep " + marker);
        CPythonExecutor executor = CPythonExecutor.builder().interpreter(python).unconfined().warmWorkers(0).build();
        Path ws = Files.createDirectories(dir.resolve("ws"));
        CompletableFuture<ExecutionSession> opening = CompletableFuture.supplyAsync(
                () -> executor.openSession(ws, ExecutionMode.SCRIPT));
        assertThat(Python.eventually(() -> Python.processWithArgument(marker).isPresent(), Duration.ofSeconds(30))).isTrue();

        executor.close();

        assertThat(Python.processWithArgument(marker)).as("the starting worker").isEmpty();
        assertThatThrownBy(opening::get).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(ExecutorException.class).hasMessageContaining("the executor is closed");
    }
}
