package io.github.deepanalyze.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionSession;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host started as {@code java -cp "target/classes:target/lib/*" ...} hands its GraalPy workers a
 * class path that only makes sense in its own working directory; the workers start elsewhere and
 * still find their classes. One cold worker JVM (~15 s on 2 cores).
 */
class GraalPyWorkerRelativeClassPathTest {
    @TempDir
    Path dir;

    @Test
    void startsWorkersFromAClassPathOfRelativeDirectoriesAndAJarWildcard() throws Exception {
        Path here = Path.of("").toAbsolutePath();
        // links to this JVM's jars, as a build would copy them to target/lib; under target/ rather than @TempDir,
        // whose clean-up warns about every link that points outside it
        Path lib = Files.createDirectories(here.resolve("target").resolve("relative-class-path-" + UUID.randomUUID()));
        try {
            startWorkerFrom(here, lib);
        } finally {
            try (Stream<Path> links = Files.list(lib)) {
                for (Path link : links.toList()) {
                    Files.delete(link); // the link, not the jar
                }
            }
            Files.delete(lib);
        }
    }

    private void startWorkerFrom(Path here, Path lib) throws Exception {
        List<Path> relative = new ArrayList<>();
        for (Path entry : WorkerClassPath.resolve(WorkerClassPath.ofThisJvm())) {
            if (Files.isDirectory(entry)) {
                relative.add(here.relativize(entry)); // target/classes, ../deepanalyze-api/target/classes, ...
            } else if (entry.getFileName().toString().endsWith(".jar")) {
                try {
                    Files.createSymbolicLink(lib.resolve(entry.getFileName()), entry);
                } catch (FileAlreadyExistsException sameNameTwice) {
                    // the first one wins, as on a real class path
                }
            }
        }
        relative.add(here.relativize(lib).resolve("*"));
        assertThat(relative).allSatisfy(p -> assertThat(p.isAbsolute()).isFalse());

        try (GraalPyWorkerExecutor executor = GraalPyWorkerExecutor.builder().classPath(relative).warmWorkers(0)
                .heapBytes(1L << 30).build();
                ExecutionSession s = executor.openSession(Files.createDirectories(dir.resolve("ws")), ExecutionMode.SCRIPT)) {
            ExecutionResult r = s.execute(ExecutionRequest.of("import sys\nprint(sys.implementation.name)")
                    .withTimeout(Duration.ofSeconds(120)));
            assertThat(r.stdout()).as("%s %s", r.error(), r.stderr()).isEqualTo("graalpy\n");
        }
    }
}
