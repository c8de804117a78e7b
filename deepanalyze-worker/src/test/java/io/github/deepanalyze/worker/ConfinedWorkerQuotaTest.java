package io.github.deepanalyze.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionResult.Outcome;
import io.github.deepanalyze.execution.ExecutionSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The confined worker's file size and open-files caps: a 10 GB write and 10,000 open files fail with a [Quota] line; the next block works. */
class ConfinedWorkerQuotaTest {
    @TempDir
    Path workspace;

    @Test
    @Timeout(120)
    void aTenGigabyteWriteAndTenThousandOpenFilesFailWithAQuotaErrorAndTheNextBlockRuns() throws Exception {
        try (CPythonExecutor ex = CPythonExecutor.builder().interpreter(Python.requireDataStack()).poolSize(1)
                .fileSizeLimitBytes(64L << 20).openFilesLimit(256).build();
             ExecutionSession s = ex.openSession(workspace, ExecutionMode.SCRIPT)) {
            assertThat(ex.describe()).contains("--file-size-limit 67108864").contains("--open-files-limit 256");
            ExecutionResult big = s.execute(ExecutionRequest.of(
                    "b = b'x' * (1 << 20)\nwith open('big.bin', 'wb') as f:\n    for _ in range(10 * 1024):\n        f.write(b)\n")
                    .withTimeout(Duration.ofSeconds(60)));
            assertThat(big.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(big.toString()).contains("File too large").contains("fileSizeLimitBytes");
            assertThat(Files.size(workspace.resolve("big.bin"))).isLessThanOrEqualTo(64L << 20);
            ExecutionResult files = s.execute(ExecutionRequest.of(
                    "hs = [open('f%d' % i, 'w') for i in range(10000)]").withTimeout(Duration.ofSeconds(60)));
            assertThat(files.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(files.toString()).contains("Too many open files").contains("openFilesLimit");
            ExecutionResult next = s.execute(ExecutionRequest.of("print('still here')").withTimeout(Duration.ofSeconds(60)));
            assertThat(next.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(next.toString()).contains("still here");
        }
    }
}
