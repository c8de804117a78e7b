package io.github.deepanalyze.graalpy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionSession;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Back-to-back analyses on the default executor (pool of one, prewarmed) never build a context on
 * their own thread: each takes the warm one or waits for the one the background refill is building.
 */
class WarmPoolTest {
    @TempDir
    Path workspace;

    @Test
    void backToBackSessionsTakeTheContextTheRefillIsBuildingInsteadOfBuildingAnother() {
        try (GraalPyExecutor executor = GraalPyExecutor.builder().poolSize(1).build()) {
            for (int i = 0; i < 3; i++) {
                // opened at once: the pool is still building (right after build(), or refilling after the last take)
                try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
                    assertThat(s.execute(ExecutionRequest.of("print(6 * 7)")).stdout()).isEqualTo("42\n");
                }
            }
            assertThat(executor.coldStarts()).as("contexts built on the caller's thread").isZero();
            assertThat(executor.stats().contextsCreated()).as("three taken, the fourth refilling or ready")
                    .isBetween(3L, 4L);
        }
    }

    @Test
    void afterASessionCloseThePoolHoldsAWarmContextAgain() throws InterruptedException {
        try (GraalPyExecutor executor = GraalPyExecutor.builder().poolSize(1).build()) {
            executor.openSession(workspace, ExecutionMode.SCRIPT).close();

            awaitIdle(executor);

            assertThat(executor.stats().idleContexts()).isEqualTo(1);
            try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
                assertThat(s.execute(ExecutionRequest.of("print('warm')")).stdout()).isEqualTo("warm\n");
            }
            assertThat(executor.coldStarts()).isZero();
        }
    }

    @Test
    void withoutAPoolEverySessionBuildsItsOwnContext() {
        try (GraalPyExecutor executor = GraalPyExecutor.builder().poolSize(0).build()) {
            executor.openSession(workspace, ExecutionMode.SCRIPT).close();
            executor.openSession(workspace, ExecutionMode.SCRIPT).close();

            assertThat(executor.coldStarts()).isEqualTo(2);
            assertThat(executor.stats().idleContexts()).isZero();
        }
    }

    /** Waits for the background refill: a functional wait with a generous bound, not a speed bound. */
    private static void awaitIdle(GraalPyExecutor executor) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(5);
        while (executor.stats().idleContexts() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
