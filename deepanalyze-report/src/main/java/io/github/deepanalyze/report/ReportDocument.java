package io.github.deepanalyze.report;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.common.Artifact;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Node;

/**
 * The final report as a document: its title, section tree, tables as typed rows, figures resolved
 * to the run's artifacts, every number it states and the check of those numbers against the code
 * outputs. Parsed from the Answer's Markdown with commonmark (CommonMark + GFM tables).
 *
 * <p>Immutable and thread-safe. No component is {@code null}.
 *
 * @param markdown the report's Markdown source
 * @param title the text of the first level-1 heading, else of the first heading, else empty
 * @param sections the top-level sections (headings of the smallest level used), each with its subsections
 * @param tables every table in order
 * @param figures every image reference in order
 * @param numbers every number stated in prose and tables (not in headings, code or image text), in order
 * @param claims the verdict on each of {@code numbers}
 */
public record ReportDocument(String markdown, String title, List<Section> sections, List<Table> tables,
        List<Figure> figures, List<NumberMention> numbers, ClaimCheck claims) {

    public ReportDocument {
        Objects.requireNonNull(markdown, "markdown");
        Objects.requireNonNull(title, "title");
        sections = List.copyOf(sections);
        tables = List.copyOf(tables);
        figures = List.copyOf(figures);
        numbers = List.copyOf(numbers);
        Objects.requireNonNull(claims, "claims");
    }

    /** The report of {@code analysis}, with figures resolved against its artifacts and claims checked against its Execute outputs. */
    public static ReportDocument of(Analysis analysis) {
        Objects.requireNonNull(analysis, "analysis");
        List<String> outputs = analysis.steps(Step.Execute.class).stream().map(Step.Execute::text).toList();
        return parse(analysis.report().markdown(), analysis.artifacts(), outputs);
    }

    /**
     * Parses {@code markdown}, resolving image references against {@code artifacts} and checking
     * its numbers against {@code outputs}.
     */
    public static ReportDocument parse(String markdown, List<Artifact> artifacts, List<String> outputs) {
        Objects.requireNonNull(markdown, "markdown");
        Objects.requireNonNull(artifacts, "artifacts");
        Objects.requireNonNull(outputs, "outputs");
        Node root = Markdown.parse(markdown);
        List<Table> tables = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        root.accept(new AbstractVisitor() {
            @Override
            public void visit(Image image) {
                figures.add(new Figure(Markdown.plainText(image), image.getDestination(), resolve(image.getDestination(), artifacts)));
            }

            @Override
            public void visit(CustomBlock block) {
                if (block instanceof TableBlock t) {
                    tables.add(table(t));
                } else {
                    visitChildren(block);
                }
            }
        });
        List<NumberMention> numbers = numbers(root);
        return new ReportDocument(markdown, title(root), sections(root), tables, figures, numbers, ClaimCheck.of(numbers, outputs));
    }

    /** The image references that name workspace files the run did not produce. */
    public List<Figure> missingFigures() {
        return figures.stream().filter(Figure::isMissing).toList();
    }

    /** Every section in document order, depth first. */
    public List<Section> allSections() {
        List<Section> all = new ArrayList<>();
        Deque<Section> stack = new ArrayDeque<>();
        for (int i = sections.size() - 1; i >= 0; i--) {
            stack.push(sections.get(i));
        }
        while (!stack.isEmpty()) {
            Section s = stack.pop();
            all.add(s);
            for (int i = s.children().size() - 1; i >= 0; i--) {
                stack.push(s.children().get(i));
            }
        }
        return all;
    }

    static Artifact resolve(String destination, List<Artifact> artifacts) {
        String d = destination;
        try {
            d = URLDecoder.decode(destination.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException ignored) {
            // keep the reference as written
        }
        Path p;
        try {
            p = Path.of(d).normalize();
        } catch (InvalidPathException e) {
            return null;
        }
        for (Artifact a : artifacts) {
            if (a.path().normalize().equals(p) || a.absolutePath().normalize().equals(p)) {
                return a;
            }
        }
        // the model sometimes names a file by a path the workspace does not use, e.g. ./out/x.png for x.png
        Path name = p.getFileName();
        List<Artifact> byName = artifacts.stream().filter(a -> name != null && name.equals(a.path().getFileName())).toList();
        return byName.size() == 1 ? byName.get(0) : null;
    }

    private static String title(Node root) {
        String first = null;
        for (Node n = root.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Heading h) {
                if (h.getLevel() == 1) {
                    return Markdown.plainText(h);
                }
                if (first == null) {
                    first = Markdown.plainText(h);
                }
            }
        }
        return first == null ? "" : first;
    }

    private static final class Builder {
        final int level;
        final String heading;
        final StringBuilder text = new StringBuilder();
        final List<Builder> children = new ArrayList<>();

        Builder(int level, String heading) {
            this.level = level;
            this.heading = heading;
        }

        Section build() {
            return new Section(level, heading, text.toString().strip(), children.stream().map(Builder::build).toList());
        }
    }

    private static List<Section> sections(Node root) {
        Builder top = new Builder(0, "");
        Deque<Builder> open = new ArrayDeque<>();
        open.push(top);
        for (Node n = root.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Heading h) {
                while (open.peek().level >= h.getLevel()) {
                    open.pop();
                }
                Builder b = new Builder(h.getLevel(), Markdown.plainText(h));
                open.peek().children.add(b);
                open.push(b);
            } else if (open.peek() != top) {
                String t = Markdown.plainText(n);
                if (!t.isEmpty()) {
                    open.peek().text.append(t).append("\n\n");
                }
            }
        }
        return top.children.stream().map(Builder::build).toList();
    }

    private static Table table(TableBlock block) {
        List<String> header = new ArrayList<>();
        List<List<Table.Cell>> rows = new ArrayList<>();
        for (Node section = block.getFirstChild(); section != null; section = section.getNext()) {
            for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
                if (!(row instanceof TableRow)) {
                    continue;
                }
                List<Table.Cell> cells = new ArrayList<>();
                for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                    if (cell instanceof TableCell) {
                        cells.add(Table.Cell.of(Markdown.plainText(cell)));
                    }
                }
                if (section instanceof TableHead) {
                    cells.forEach(c -> header.add(c.text()));
                } else {
                    rows.add(cells);
                }
            }
        }
        return new Table(header, rows);
    }

    static List<NumberMention> numbers(Node root) {
        List<NumberMention> numbers = new ArrayList<>();
        Markdown.forEachClaimText(root, text -> {
            String literal = text.getLiteral();
            // context comes from the whole block, which emphasis, links and code may split into several text nodes
            Node block = text.getParent();
            while (block != null && !(block instanceof org.commonmark.node.Block) && !(block instanceof TableCell)) {
                block = block.getParent();
            }
            String whole = block == null ? literal : Markdown.plainText(block).replace('\n', ' ');
            int offset = whole.indexOf(literal.strip());
            offset = offset < 0 ? 0 : offset - (literal.length() - literal.stripLeading().length());
            for (NumberScanner.Found f : NumberScanner.prose(literal)) {
                String context = offset >= 0 && offset + f.end() <= whole.length()
                        ? Markdown.sentenceAround(whole, offset + f.start(), offset + f.end())
                        : Markdown.sentenceAround(literal, f.start(), f.end());
                numbers.add(new NumberMention(f.literal(), f.value(), f.decimals(), f.percent(), context));
            }
        });
        return numbers;
    }
}
