package io.github.deepanalyze.report;

import java.util.List;
import java.util.function.Consumer;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/** The one commonmark configuration (CommonMark + GFM tables) and the tree walks shared by the model and the renderers. */
final class Markdown {
    static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS)
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES).build();

    private Markdown() {
    }

    static Node parse(String markdown) {
        return PARSER.parse(markdown);
    }

    /** The plain text of a node: text, inline code and line breaks, no markup. */
    static String plainText(Node node) {
        StringBuilder sb = new StringBuilder();
        appendText(node, sb);
        return sb.toString().strip();
    }

    private static void appendText(Node node, StringBuilder sb) {
        switch (node) {
            case Text t -> sb.append(t.getLiteral());
            case Code c -> sb.append(c.getLiteral());
            case SoftLineBreak s -> sb.append(' ');
            case HardLineBreak h -> sb.append('\n');
            case FencedCodeBlock f -> sb.append(f.getLiteral());
            case IndentedCodeBlock i -> sb.append(i.getLiteral());
            default -> {
                for (Node c = node.getFirstChild(); c != null; c = c.getNext()) {
                    appendText(c, sb);
                }
            }
        }
    }

    /**
     * Visits the text nodes whose numbers are claims: prose and table cells, not headings (section
     * numbers), image alt text, code or raw HTML.
     */
    static void forEachClaimText(Node node, Consumer<Text> visitor) {
        if (node instanceof Heading || node instanceof Image || node instanceof Code || node instanceof FencedCodeBlock
                || node instanceof IndentedCodeBlock || node instanceof HtmlBlock || node instanceof HtmlInline) {
            return;
        }
        if (node instanceof Text t) {
            visitor.accept(t);
            return;
        }
        Node c = node.getFirstChild();
        while (c != null) {
            Node next = c.getNext(); // the visitor may replace c
            forEachClaimText(c, visitor);
            c = next;
        }
    }

    /** The sentence around {@code [start, end)} of {@code text}, for context. */
    static String sentenceAround(String text, int start, int end) {
        int s = start;
        while (s > 0 && !(".!?。！？".indexOf(text.charAt(s - 1)) >= 0 && (s == text.length() || Character.isWhitespace(text.charAt(s)) || text.charAt(s - 1) > 0x3000))) {
            s--;
        }
        int e = end;
        while (e < text.length() && !(".!?。！？".indexOf(text.charAt(e)) >= 0 && (e + 1 >= text.length() || Character.isWhitespace(text.charAt(e + 1)) || text.charAt(e) > 0x3000))) {
            e++;
        }
        return text.substring(s, Math.min(text.length(), e + 1)).strip();
    }
}
