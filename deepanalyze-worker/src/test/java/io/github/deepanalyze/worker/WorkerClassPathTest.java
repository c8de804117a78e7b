package io.github.deepanalyze.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker JVM starts in its own scratch directory, so the class path it gets must not depend on the host's. */
class WorkerClassPathTest {
    @TempDir
    Path dir;

    @Test
    void resolvesRelativeEntriesAgainstTheHostsWorkingDirectory() {
        Path base = Path.of("/srv/app");
        assertThat(WorkerClassPath.resolve(List.of(Path.of("target/classes"), Path.of("lib/../lib/a.jar"),
                Path.of("/opt/b.jar"), Path.of("../shared/c.jar")), base))
                .containsExactly(Path.of("/srv/app/target/classes"), Path.of("/srv/app/lib/a.jar"), Path.of("/opt/b.jar"),
                        Path.of("/srv/shared/c.jar"));
    }

    @Test
    void expandsADirectoryWildcardToTheJarsInItLikeTheJavaLauncher() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("app/target/lib"));
        for (String name : List.of("polyglot-25.0.3.jar", "python-language-25.0.3.jar", "OLD.JAR", "notes.txt")) {
            Files.writeString(lib.resolve(name), "");
        }
        Files.createDirectories(lib.resolve("nested.jar.d"));

        List<Path> cp = WorkerClassPath.resolve(List.of(Path.of("target/classes"), Path.of("target/lib/*"),
                Path.of("target/missing/*")), dir.resolve("app"));

        assertThat(cp).containsExactly(dir.resolve("app/target/classes"), lib.resolve("OLD.JAR"),
                lib.resolve("polyglot-25.0.3.jar"), lib.resolve("python-language-25.0.3.jar"));
        assertThat(WorkerClassPath.containsGraalPy(cp)).isTrue();
        assertThat(WorkerClassPath.containsGraalPy(List.of(Path.of("target/lib/*")))).isFalse();
    }

    @Test
    void putsTheWorkerClassesFirstAndListsEveryEntryOnce() {
        Path own = Path.of("/srv/app/target/classes");
        assertThat(WorkerClassPath.join(own, WorkerClassPath.resolve(List.of(Path.of("target/classes"),
                Path.of("lib/a.jar"), Path.of("./lib/a.jar")), Path.of("/srv/app"))))
                .isEqualTo(String.join(File.pathSeparator, "/srv/app/target/classes", "/srv/app/lib/a.jar"));
    }
}
