package io.github.deepanalyze.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Killing whole process trees, several at once, without waiting on processes that are already dead. */
class ProcessTreesTest {

    private static String marker() {
        return "1000." + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000);
    }

    @Test
    void killsSeveralTreesWithTheirGrandchildrenAtOnce() throws Exception {
        String first = marker();
        String second = marker();
        Process a = new ProcessBuilder("sh", "-c", "sh -c 'sleep " + first + "' & wait").start();
        Process b = new ProcessBuilder("sh", "-c", "sleep " + second + " & wait").start();
        assertThat(Python.eventually(() -> Python.processWithArgument(first).isPresent()
                && Python.processWithArgument(second).isPresent(), Duration.ofSeconds(10))).isTrue();

        ProcessTrees.kill(List.of(a.toHandle(), b.toHandle()), Duration.ofSeconds(5));

        // kill() returns once the processes are dead (a zombie counts); the JVM's reaper collects them a moment later
        assertThat(ProcessTrees.gone(a.toHandle())).isTrue();
        assertThat(ProcessTrees.gone(b.toHandle())).isTrue();
        assertThat(a.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(b.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(Python.processWithArgument(first)).as("grandchild of the first tree").isEmpty();
        assertThat(Python.processWithArgument(second)).as("child of the second tree").isEmpty();
    }

    @Test
    void countsAZombieAsGoneThoughTheOsStillListsIt() throws Exception {
        assumeTrue(Files.isExecutable(Python.SYSTEM), "needs /usr/bin/python3");
        // the parent forks a child that exits at once and is never reaped: a zombie for as long as the parent lives
        Process parent = new ProcessBuilder(Python.SYSTEM.toString(), "-c",
                "import os, sys, time\npid = os.fork()\nif pid == 0:\n    os._exit(0)\nprint(pid, flush=True)\ntime.sleep(60)")
                .start();
        try {
            long pid = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream(),
                    StandardCharsets.UTF_8)).readLine().strip());
            ProcessHandle zombie = ProcessHandle.of(pid).orElseThrow();
            assertThat(Python.eventually(() -> ProcessTrees.gone(zombie), Duration.ofSeconds(10))).isTrue();
            assertThat(zombie.isAlive()).as("what ProcessHandle says of an unreaped child").isTrue();
            assertThat(ProcessTrees.gone(parent.toHandle())).isFalse();
        } finally {
            parent.destroyForcibly();
        }
    }
}
