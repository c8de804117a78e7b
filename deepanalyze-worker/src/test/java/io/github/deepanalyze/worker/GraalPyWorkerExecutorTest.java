package io.github.deepanalyze.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionResult.Outcome;
import io.github.deepanalyze.execution.ExecutionSession;
import io.github.deepanalyze.execution.IsolationLevel;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same runner and protocol in a GraalPy worker JVM (one cold start, ~15 s on 2 cores). GraalPy
 * has no numpy/pandas/matplotlib on these machines, so this runs what GraalPy can: the stdlib,
 * including the sqlite3 C extension, which needs the native access only a separate process can grant.
 */
class GraalPyWorkerExecutorTest {
    @TempDir
    Path workspace;

    @Test
    void runsTheSameRunnerInAGraalPyWorkerJvmWithNativeExtensions() throws Exception {
        List<Long> pids;
        try (GraalPyWorkerExecutor executor = GraalPyWorkerExecutor.builder().warmWorkers(0)
                .heapBytes(1L << 30).timeoutGrace(Duration.ofSeconds(5)).build();
                ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(executor.isolation()).isEqualTo(IsolationLevel.PROCESS);
            try (ExecutionSession s = executor.openSession(workspace, ExecutionMode.SCRIPT)) {
                pids = executor.workerPids();
                ExecutionResult r = s.execute(ExecutionRequest.of("""
                        import sys, os, csv, statistics, sqlite3
                        print(sys.implementation.name)
                        print('warn', file=sys.stderr)
                        with open('rows.csv', 'w', newline='') as f:
                            csv.writer(f).writerows([['a'], [1], [2], [4]])
                        with open('rows.csv') as f:
                            print(statistics.mean(int(r['a']) for r in csv.DictReader(f)))
                        db = sqlite3.connect('t.sqlite')
                        db.execute('create table t(x)'); db.executemany('insert into t values (?)', [(1,), (2,)])
                        db.commit()
                        print(db.execute('select sum(x) from t').fetchone()[0])
                        print(os.getcwd() == %s)
                        """.formatted("'" + workspace.toRealPath() + "'")).withTimeout(Duration.ofSeconds(120)));
                assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.SUCCESS);
                assertThat(r.stdout()).isEqualTo("graalpy\n2.3333333333333335\n3\nTrue\n");
                assertThat(r.stderr()).isEqualTo("warn\n");
                assertThat(workspace.resolve("rows.csv")).isRegularFile();
                assertThat(workspace.resolve("t.sqlite")).isRegularFile();

                ExecutionResult err = s.execute(ExecutionRequest.of("x = 1\ndef f():\n    return 1 / 0\nf()"));
                assertThat(err.error().traceback()).isEqualTo("""
                        Traceback (most recent call last):
                          File "block_2.py", line 4, in <module>
                            f()
                          File "block_2.py", line 3, in f
                            return 1 / 0
                                   ~~^~~
                        ZeroDivisionError: division by zero
                        """);
                assertThat(s.execute(ExecutionRequest.of("print(x)")).error().traceback()).endsWith("NameError: name 'x' is not defined\n");

                ExecutionResult slow = s.execute(ExecutionRequest.of("import time\ntime.sleep(60)").withTimeout(Duration.ofSeconds(1)));
                assertThat(slow.outcome()).isEqualTo(Outcome.TIMEOUT);

                ExecutionResult missing = s.execute(ExecutionRequest.of("import pandas"));
                assertThat(missing.error().traceback()).contains("No module named 'pandas'");

                if (executor.isNetworkIsolated()) {
                    ExecutionResult net = s.execute(ExecutionRequest.of("""
                            import socket
                            try:
                                socket.create_connection(('127.0.0.1', %d), timeout=3); print('connected')
                            except OSError as e:
                                print('refused')
                            """.formatted(server.getLocalPort())));
                    assertThat(net.stdout()).as(net.toString()).isEqualTo("refused\n");
                }

                // a builtin GraalPy cannot interrupt in-process: the worker JVM is killed, a fresh one runs the next block
                ExecutionResult stuck = s.execute(ExecutionRequest.of("print('partial', flush=True)\nprint(sum(range(10**10)))")
                        .withTimeout(Duration.ofSeconds(1)));
                assertThat(stuck.outcome()).isEqualTo(Outcome.TIMEOUT);
                assertThat(stuck.stdout()).isEqualTo("partial\n");
                assertThat(pids).allSatisfy(pid -> assertThat(Python.gone(pid)).isTrue());
                ExecutionResult after = s.execute(ExecutionRequest.of("print('fresh')").withTimeout(Duration.ofSeconds(120)));
                assertThat(after.stdout()).as(after.toString()).isEqualTo("fresh\n");
                pids = executor.workerPids();
            }
        }
        for (long pid : pids) {
            assertThat(Python.gone(pid)).isTrue();
        }
    }
}
