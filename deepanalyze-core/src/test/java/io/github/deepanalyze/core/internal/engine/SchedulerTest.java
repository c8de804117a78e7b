package io.github.deepanalyze.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.deepanalyze.Scheduler;
import io.github.deepanalyze.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The real-time scheduler the engine uses by default, and the manual one tests use instead. */
class SchedulerTest {

    @Test
    void theSystemSchedulerRunsATaskAndACancelledOneNever() throws InterruptedException {
        AtomicBoolean cancelledRan = new AtomicBoolean();
        CountDownLatch ran = new CountDownLatch(1);
        Scheduler.Scheduled cancelled = Scheduler.system().schedule(Duration.ofMillis(500), () -> cancelledRan.set(true));
        cancelled.cancel();

        // the JDK's delay thread runs tasks in due order: once the later one ran, the cancelled one had its turn
        Scheduler.system().schedule(Duration.ofMillis(700), ran::countDown);

        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(cancelledRan).isFalse();
    }

    @Test
    void byDefaultTheWallClockLimitEndsAStalledAnalysisInRealTime(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path csv = java.nio.file.Files.writeString(tmp.resolve("a.csv"), "x\n1\n");
        var model = new io.github.deepanalyze.testing.ScriptedModel(
                List.of(new io.github.deepanalyze.testing.ScriptedModel.Stall("<Analyze>slow")), 3);

        io.github.deepanalyze.Analysis a = io.github.deepanalyze.Analyst.builder().model(model)
                .executor(new io.github.deepanalyze.testing.ScriptedExecutor((ws, r) -> {
                    throw new AssertionError("no code runs");
                }))
                .allowUnsandboxedExecution().workspaceRoot(tmp.resolve("ws")).noInputProfiling()
                .budget(io.github.deepanalyze.Budget.DEFAULT.withMaxWallTime(Duration.ofMillis(200)))
                .build().start(List.of(csv), "q", io.github.deepanalyze.AnalysisListener.NONE)
                .result().get(30, TimeUnit.SECONDS);

        assertThat(a.status()).isEqualTo(io.github.deepanalyze.AnalysisStatus.TIME_LIMIT);
    }

    @Test
    void aManualClockRunsDueTasksInOrderWhenAdvancedAndNeverBefore() {
        ManualClock time = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        List<String> ran = new ArrayList<>();
        time.schedule(Duration.ofSeconds(30), () -> ran.add("30 s"));
        time.schedule(Duration.ofSeconds(10), () -> ran.add("10 s"));
        Scheduler.Scheduled dropped = time.schedule(Duration.ofSeconds(20), () -> ran.add("20 s"));
        dropped.cancel();

        time.advance(Duration.ofSeconds(9));
        assertThat(ran).isEmpty();
        time.advance(Duration.ofSeconds(30));

        assertThat(ran).containsExactly("10 s", "30 s");
        assertThat(time.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:39Z"));
        assertThat(time.pending()).isZero();
        assertThatThrownBy(() -> time.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("forward");
    }
}
