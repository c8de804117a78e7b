package io.github.deepanalyze.core.internal.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.deepanalyze.common.InvalidInputException;
import io.github.deepanalyze.prompt.DataFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {
    private static final Instant NOW = Instant.parse("2026-11-26T00:00:00Z");

    @TempDir
    Path tmp;

    private Path input(String name, String content) throws IOException {
        return Files.writeString(Files.createDirectories(tmp.resolve("in")).resolve(name), content);
    }

    private Workspace stage(List<Path> files) {
        return Workspace.create(tmp.resolve("ws"), files, NOW);
    }

    @Test
    void stagesOddNamesAsTheyAre() throws IOException {
        List<Path> files = List.of(input("sales 2024 (final).csv", "a\n1\n"), input("学生贷款.csv", "b\n2\n"),
                input("-rf", "c\n3\n"), input("--help.csv", "d\n4\n"), input("ümlaut ñ.tsv", "e\t5\n"));

        Workspace ws = stage(files);

        assertThat(ws.dataFiles()).extracting(DataFile::name)
                .containsExactly("--help.csv", "-rf", "sales 2024 (final).csv", "ümlaut ñ.tsv", "学生贷款.csv");
        assertThat(ws.dir().resolve("-rf")).hasContent("c\n3\n");
        assertThat(ws.dir().resolve("学生贷款.csv")).hasContent("b\n2\n");
    }

    @Test
    void stagedCopiesOfReadOnlyOriginalsAreWritableAndTheOriginalsUntouched() throws IOException {
        Path original = input("locked.csv", "a\n1\n");
        Files.setPosixFilePermissions(original, PosixFilePermissions.fromString("r--r--r--"));

        Workspace ws = stage(List.of(original));
        Path staged = ws.dir().resolve("locked.csv");
        Files.writeString(staged, "changed by model code\n");

        assertThat(Files.isWritable(staged)).isTrue();
        assertThat(original).hasContent("a\n1\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(original))).isEqualTo("r--r--r--");
    }

    @Test
    void aSymlinkedInputIsStagedAsACopyOfItsTarget() throws IOException {
        Path target = input("real.csv", "a\n1\n");
        Path link = Files.createSymbolicLink(tmp.resolve("in/alias.csv"), target);

        Workspace ws = stage(List.of(link));
        Path staged = ws.dir().resolve("alias.csv");

        assertThat(Files.isSymbolicLink(staged)).isFalse();
        assertThat(staged).isRegularFile().hasContent("a\n1\n");
        Files.writeString(staged, "overwritten");
        assertThat(target).hasContent("a\n1\n");
    }

    @Test
    void aSymlinkedDirectoryIsRejectedAsADirectory() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(dir.resolve("x.csv"), "a\n");
        Path link = Files.createSymbolicLink(tmp.resolve("data-link"), dir);

        assertThatThrownBy(() -> stage(List.of(link)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("data-link")
                .hasMessageContaining("is a directory")
                .hasMessageContaining("pass the files inside it");
        assertThat(tmp.resolve("ws")).doesNotExist();
    }

    @Test
    void aDanglingSymlinkIsRejectedAsMissing() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("gone.csv"), tmp.resolve("nowhere.csv"));

        assertThatThrownBy(() -> stage(List.of(link)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("gone.csv")
                .hasMessageContaining("not found");
    }

    @Test
    void sameNamesFromDifferentDirectoriesAreRejectedBeforeAnythingIsCopied() throws IOException {
        Path a = input("x.csv", "a\n");
        Path b = Files.writeString(Files.createDirectories(tmp.resolve("other")).resolve("x.csv"), "b\n");

        assertThatThrownBy(() -> stage(List.of(a, b)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("same file name 'x.csv'");
        assertThat(tmp.resolve("ws")).doesNotExist();
    }

    @Test
    void stagesTenThousandSmallFiles() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("many"));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            files.add(Files.writeString(dir.resolve("part-" + i + ".csv"), "n\n" + i + "\n"));
        }

        Workspace ws = stage(files);

        List<DataFile> staged = ws.dataFiles();
        assertThat(staged).hasSize(10_000);
        assertThat(staged.get(0).name()).isEqualTo("part-0.csv");
        assertThat(ws.dir().resolve("part-9999.csv")).hasContent("n\n9999\n");
        assertThat(ws.delete()).isTrue();
        assertThat(ws.dir()).doesNotExist();
    }

    /**
     * A 2 GiB input is staged completely (a streaming copy; the file is sparse so the test needs
     * little disk where the file system copies holes, up to 2 GiB where it does not). Opt in with
     * {@code -Ddeepanalyze.largeFiles=true}: on ext4 the JDK's copy writes every byte (about 7 s).
     * Opt-in, and so not run by CI, on purpose: it needs 2 GiB free in {@code java.io.tmpdir} and
     * 2 GiB of disk writes, which a shared CI machine cannot promise, and a full disk would fail
     * unrelated tests. Run it when changing how inputs are staged:
     * {@code mvn -pl deepanalyze-core -am test -Dtest=WorkspaceTest -Dsurefire.failIfNoSpecifiedTests=false -Ddeepanalyze.largeFiles=true}.
     */
    @Test
    void stagesATwoGigabyteFile() throws IOException {
        assumeTrue(Boolean.getBoolean("deepanalyze.largeFiles"), "set -Ddeepanalyze.largeFiles=true to stage 2 GiB");
        Path big = tmp.resolve("in/big.csv");
        Files.createDirectories(big.getParent());
        long size = 2L << 30;
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.write("a,b\n".getBytes());
            f.seek(size - 4);
            f.write("1,2\n".getBytes());
        } catch (FileSystemException e) {
            assumeTrue(false, "cannot create a 2 GiB file here: " + e.getMessage());
        }

        Workspace ws = stage(List.of(big));

        Path staged = ws.dir().resolve("big.csv");
        assertThat(Files.size(staged)).isEqualTo(size);
        try (RandomAccessFile f = new RandomAccessFile(staged.toFile(), "r")) {
            byte[] tail = new byte[4];
            f.seek(size - 4);
            f.readFully(tail);
            assertThat(new String(tail)).isEqualTo("1,2\n");
        }
    }
}
