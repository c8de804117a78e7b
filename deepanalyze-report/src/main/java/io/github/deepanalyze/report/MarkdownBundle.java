package io.github.deepanalyze.report;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.common.Artifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Image;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;

/**
 * Writes a report as a self-standing Markdown folder: {@code report.md} and an {@code artifacts/}
 * folder holding a copy of every workspace image the report references, with the references
 * rewritten to point into it. The rest of the Markdown is kept byte for byte. Useful after the
 * workspace is deleted, or to commit a report to a repository.
 *
 * <p>Stateless and thread-safe. No method accepts {@code null}.
 */
public final class MarkdownBundle {
    /** The folder, inside the bundle, holding the copied images. */
    public static final String ARTIFACTS = "artifacts";

    private MarkdownBundle() {
    }

    /** A bundle writer. */
    public static MarkdownBundle create() {
        return new MarkdownBundle();
    }

    /**
     * Writes the bundle of {@code analysis} into {@code directory} (created if needed) and returns
     * the path of its {@code report.md}. Images the report references that the run did not
     * produce, or that are gone from disk, are left as written.
     */
    public Path write(Analysis analysis, Path directory) {
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(directory, "directory");
        String markdown = analysis.report().markdown();
        try {
            Files.createDirectories(directory);
            String rewritten = rewrite(markdown, analysis.artifacts(), directory);
            Path report = directory.resolve("report.md");
            Files.writeString(report, rewritten, StandardCharsets.UTF_8);
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the Markdown bundle into " + directory + ": " + e.getMessage(), e);
        }
    }

    private record Edit(int start, int end, String replacement) {
    }

    static String rewrite(String markdown, List<Artifact> artifacts, Path directory) throws IOException {
        Node root = Markdown.parse(markdown);
        List<Image> images = new ArrayList<>();
        root.accept(new AbstractVisitor() {
            @Override
            public void visit(Image image) {
                images.add(image);
            }
        });
        List<Edit> edits = new ArrayList<>();
        for (Image image : images) {
            Artifact a = ReportDocument.resolve(image.getDestination(), artifacts);
            List<SourceSpan> spans = image.getSourceSpans();
            if (a == null || spans.isEmpty() || !Files.isRegularFile(a.absolutePath())) {
                continue;
            }
            int start = spans.get(0).getInputIndex();
            SourceSpan last = spans.get(spans.size() - 1);
            String source = markdown.substring(start, last.getInputIndex() + last.getLength());
            int bracket = source.lastIndexOf("](");
            int dest = bracket < 0 ? -1 : source.indexOf(image.getDestination(), bracket);
            if (dest < 0) {
                continue;
            }
            String target = ARTIFACTS + "/" + a.path().normalize().toString().replace('\\', '/');
            Path copy = directory.resolve(ARTIFACTS).resolve(a.path().normalize().toString());
            Files.createDirectories(copy.getParent());
            Files.copy(a.absolutePath(), copy, StandardCopyOption.REPLACE_EXISTING);
            boolean bracketed = dest > 0 && source.charAt(dest - 1) == '<';
            String encoded = !bracketed && (target.contains(" ") || target.contains("(") || target.contains(")")) ? "<" + target + ">" : target;
            edits.add(new Edit(start + dest, start + dest + image.getDestination().length(), encoded));
        }
        edits.sort(Comparator.comparingInt(Edit::start).reversed());
        StringBuilder sb = new StringBuilder(markdown);
        for (Edit e : edits) {
            sb.replace(e.start(), e.end(), e.replacement());
        }
        return sb.toString();
    }
}
