package io.github.deepanalyze.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.deepanalyze.common.InvalidInputException;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With bubblewrap, the workspace root is the only place model code can write (checked only where bwrap works). */
class FileConfinementTest {
    @TempDir
    Path root;

    @TempDir
    Path outside;

    @Test
    void writesOnlyUnderTheWorkspaceRootWhenConfined() throws Exception {
        Path python = Python.requireDataStack();
        assumeTrue(Namespaces.bubblewrap().isPresent(), "bubblewrap is not installed or cannot create namespaces here");
        Path ws = Files.createDirectories(root.resolve("analysis-1"));
        Path victim = outside.resolve("victim-" + UUID.randomUUID() + ".txt");
        try (CPythonExecutor executor = CPythonExecutor.builder().interpreter(python).poolSize(1).confineFilesTo(root).build();
                ExecutionSession s = executor.openSession(ws, ExecutionMode.SCRIPT)) {
            ExecutionResult r = s.execute(ExecutionRequest.of("""
                    import pandas as pd, matplotlib.pyplot as plt
                    pd.DataFrame({'a': [1]}).to_csv('ok.csv')
                    plt.plot([1, 2]); plt.savefig('ok.png')
                    for target in [%s, '/etc/deepanalyze-evil', '/usr/lib/python3/dist-packages/evil.py']:
                        try:
                            open(target, 'w').write('x')
                            print('wrote', target)
                        except OSError as e:
                            print('denied', e.errno)
                    """.formatted("'" + victim + "'")));
            // EROFS (30) on the read-only root; ENOENT (2) for host paths under /tmp, which is private inside
            assertThat(r.stdout()).as(r.toString()).matches("(denied (2|30)\n){3}");
            assertThat(ws.resolve("ok.csv")).exists();
            assertThat(ws.resolve("ok.png")).exists();
            assertThat(victim).doesNotExist();
            assertThat(executor.describe()).contains("files read-only except");
            assertThatThrownBy(() -> executor.openSession(outside, ExecutionMode.SCRIPT))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("outside");
        }
    }
}
