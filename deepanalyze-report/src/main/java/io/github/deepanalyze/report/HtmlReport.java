package io.github.deepanalyze.report;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.common.Artifact;
import io.github.deepanalyze.execution.ExecutionResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Image;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;

/**
 * Renders an analysis as one self-contained HTML file: the report with its images inlined as
 * {@code data:} URIs, styled tables, a font stack that covers CJK text (Noto Sans CJK and the
 * platform CJK fonts), every number the report states marked as supported or not by the code
 * outputs (unsupported ones highlighted, with a tooltip), a summary of the claim check and of
 * missing figures, and an appendix with every step: reasoning, code, outputs and the images each
 * block produced.
 *
 * <p>Model-written raw HTML in the report is escaped and unsafe link schemes are dropped, so the
 * file can be opened safely. Immutable and thread-safe; configure with the {@code with…} copies.
 * No method accepts {@code null}.
 */
public final class HtmlReport {
    private static final Set<String> INLINE_IMAGES = Set.of("image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp");

    private final boolean appendix;
    private final boolean claims;

    private HtmlReport(boolean appendix, boolean claims) {
        this.appendix = appendix;
        this.claims = claims;
    }

    /** A renderer with the appendix and claim highlighting on. */
    public static HtmlReport create() {
        return new HtmlReport(true, true);
    }

    /** A copy that includes (or leaves out) the appendix of every step. */
    public HtmlReport withAppendix(boolean include) {
        return new HtmlReport(include, claims);
    }

    /** A copy that marks (or does not mark) the report's numbers with the claim check's verdicts. */
    public HtmlReport withClaimHighlighting(boolean highlight) {
        return new HtmlReport(appendix, highlight);
    }

    /** Writes the HTML of {@code analysis} to {@code file}. */
    public void write(Analysis analysis, Path file) {
        Objects.requireNonNull(file, "file");
        try {
            Files.writeString(file, render(analysis), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the HTML report " + file + ": " + e.getMessage(), e);
        }
    }

    /** The HTML document of {@code analysis}. */
    public String render(Analysis analysis) {
        return render(analysis, "");
    }

    /** The document with {@code extraCss} appended to the style sheet (used by the PDF renderer for its fonts). */
    String render(Analysis analysis, String extraCss) {
        Objects.requireNonNull(analysis, "analysis");
        ReportDocument doc = ReportDocument.of(analysis);
        String title = doc.title().isEmpty() ? analysis.question() : doc.title();
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"").append(language(doc.markdown())).append("\">\n<head>\n<meta charset=\"utf-8\" />\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n")
                .append("<meta name=\"generator\" content=\"deepanalyze-java\" />\n")
                .append("<title>").append(escape(title)).append("</title>\n<style>\n").append(CSS).append(extraCss).append("</style>\n</head>\n<body>\n<main>\n");
        header(html, analysis, doc);
        html.append("<article class=\"report\">\n");
        if (analysis.report().isEmpty()) {
            html.append("<p class=\"empty\">The analysis ended without a report (").append(escape(analysis.reason())).append(").</p>\n");
        } else {
            html.append(markdownToHtml(doc.markdown(), analysis.artifacts(), claims ? doc.claims() : null));
        }
        html.append("</article>\n");
        if (appendix) {
            data(html, analysis);
            appendix(html, analysis);
        }
        html.append("</main>\n</body>\n</html>\n");
        return html.toString();
    }

    private void header(StringBuilder html, Analysis a, ReportDocument doc) {
        html.append("<header class=\"meta\">\n<div class=\"question\"><span class=\"label\">Question</span> ")
                .append(escape(a.question())).append("</div>\n<dl>\n");
        String status = a.status().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        meta(html, "Status", status + (a.reason().isBlank() || a.reason().equalsIgnoreCase(status) ? "" : " — " + a.reason()));
        meta(html, "Files", String.join(", ", a.files()));
        meta(html, "Rounds", Integer.toString(a.rounds()));
        meta(html, "Code blocks", a.steps(Step.Code.class).size() + " (" + a.steps(Step.Execute.class).stream().filter(e -> !e.result().isSuccess()).count() + " failed)");
        meta(html, "Tokens", String.format(Locale.ROOT, "%,d prompt + %,d generated", a.usage().promptTokens(), a.usage().completionTokens()));
        meta(html, "Wall time", format(a.wallTime()));
        html.append("</dl>\n");
        if (claims && !doc.claims().claims().isEmpty()) {
            ClaimCheck c = doc.claims();
            html.append("<div class=\"claims-summary").append(c.allSupported() ? " ok" : "").append("\"><strong>Claim check:</strong> ")
                    .append(c.supported().size()).append(" of ").append(c.claims().size())
                    .append(" numbers in the report appear in the code outputs; <mark class=\"claim unsupported\">")
                    .append(c.unsupported().size()).append(" unsupported</mark> numbers are highlighted (hover for details). ")
                    .append("Unsupported numbers were not printed by any code block of this run: they may be derived by the model, or invented.</div>\n");
        }
        if (!doc.missingFigures().isEmpty()) {
            html.append("<div class=\"claims-summary\"><strong>Missing figures:</strong> ");
            html.append(String.join(", ", doc.missingFigures().stream().map(f -> "<code>" + escape(f.destination()) + "</code>").toList()));
            html.append(" — referenced by the report but not produced by the run.</div>\n");
        }
        html.append("</header>\n");
    }

    private static void meta(StringBuilder html, String name, String value) {
        html.append("<div><dt>").append(escape(name)).append("</dt><dd>").append(escape(value)).append("</dd></div>\n");
    }

    /** The inputs as profiled: kind, size, tables with row counts and typed columns, notes; nothing when not profiled. */
    private static void data(StringBuilder html, Analysis a) {
        if (a.profiles().isEmpty()) {
            return;
        }
        html.append("<section class=\"appendix data\">\n<h2>Data</h2>\n<ul>\n");
        for (io.github.deepanalyze.common.InputProfile p : a.profiles()) {
            html.append("<li><code>").append(escape(p.file())).append("</code> — ").append(p.kind());
            if (p.sizeBytes() >= 0) {
                html.append(", ").append(String.format(Locale.ROOT, "%,d", p.sizeBytes())).append(" bytes");
            }
            if (!p.encoding().isEmpty()) {
                html.append(", ").append(escape(p.encoding()));
            }
            html.append("<ul>\n");
            for (io.github.deepanalyze.common.InputProfile.Table t : p.tables()) {
                html.append("<li><strong>").append(escape(t.name())).append("</strong>: ")
                        .append(t.rowCountEstimated() ? "about " : "")
                        .append(String.format(Locale.ROOT, "%,d", t.rowCount())).append(" rows");
                if (!t.columns().isEmpty()) {
                    html.append("; ").append(String.join(", ", t.columns().stream().map(c -> escape(c.name())
                            + (c.type().isEmpty() ? "" : " <span class=\"round\">" + escape(c.type()) + "</span>")).toList()));
                }
                html.append("</li>\n");
            }
            for (String note : p.notes()) {
                html.append("<li class=\"note\">").append(escape(note)).append("</li>\n");
            }
            html.append("</ul></li>\n");
        }
        html.append("</ul>\n</section>\n");
    }

    private void appendix(StringBuilder html, Analysis a) {
        html.append("<section class=\"appendix\">\n<h2>Appendix: analysis steps</h2>\n");
        int block = 0;
        for (Step s : a.steps()) {
            String kind = s.kind().tagName();
            html.append("<div class=\"step ").append(kind.toLowerCase(Locale.ROOT));
            if (s instanceof Step.Execute e && !e.result().isSuccess()) {
                html.append(" failed");
            }
            html.append("\">\n<div class=\"step-head\"><span class=\"tag\">").append(kind).append("</span> <span class=\"round\">round ")
                    .append(s.round()).append("</span>");
            if (s instanceof Step.Code) {
                html.append(" <span class=\"round\">block ").append(++block).append("</span>");
            }
            if (s instanceof Step.Execute e) {
                html.append(" <span class=\"round\">").append(e.result().outcome().name().toLowerCase(Locale.ROOT)).append(", ")
                        .append(format(e.result().duration())).append("</span>");
            }
            html.append("</div>\n");
            switch (s) {
                case Step.Code c -> html.append("<pre class=\"code\"><code class=\"language-python\">").append(escape(c.code().strip())).append("</code></pre>\n");
                case Step.Execute e -> {
                    html.append("<pre class=\"output\">").append(escape(e.text().isEmpty() ? "(no output)" : e.text())).append("</pre>\n");
                    for (Artifact art : e.result().artifacts()) {
                        String uri = dataUri(art);
                        if (uri != null) {
                            html.append("<figure><img src=\"").append(uri).append("\" alt=\"").append(escape(art.path().toString()))
                                    .append("\" /><figcaption>").append(escape(art.path().toString())).append("</figcaption></figure>\n");
                        }
                    }
                }
                case Step.Answer ans -> html.append("<p class=\"note\">The report above is this answer.</p>\n");
                default -> html.append("<div class=\"prose\">").append(escape(s.text().strip())).append("</div>\n");
            }
            html.append("</div>\n");
        }
        html.append("</section>\n");
    }

    static String markdownToHtml(String markdown, List<Artifact> artifacts, ClaimCheck check) {
        Node root = Markdown.parse(markdown);
        if (check != null) {
            Markdown.forEachClaimText(root, text -> mark(text, check));
        }
        HtmlRenderer renderer = HtmlRenderer.builder()
                .extensions(Markdown.EXTENSIONS)
                .escapeHtml(true)
                .sanitizeUrls(true)
                .nodeRendererFactory(context -> new ClaimRenderer(context))
                .nodeRendererFactory(context -> new FigureRenderer(context, artifacts))
                .attributeProviderFactory(context -> (node, tagName, attributes) -> {
                    if (node instanceof org.commonmark.ext.gfm.tables.TableBlock) {
                        attributes.put("class", "data");
                    }
                })
                .build();
        return renderer.render(root);
    }

    /** Splits a text node around its numbers, wrapping each in a {@link ClaimMark}. */
    private static void mark(Text text, ClaimCheck check) {
        String literal = text.getLiteral();
        List<NumberScanner.Found> found = NumberScanner.prose(literal);
        if (found.isEmpty()) {
            return;
        }
        int pos = 0;
        for (NumberScanner.Found f : found) {
            if (f.start() > pos) {
                text.insertBefore(new Text(literal.substring(pos, f.start())));
            }
            Claim claim = check.find(f.literal()).orElse(null);
            if (claim == null) {
                text.insertBefore(new Text(f.literal()));
            } else {
                text.insertBefore(new ClaimMark(claim));
            }
            pos = f.end();
        }
        if (pos < literal.length()) {
            text.insertBefore(new Text(literal.substring(pos)));
        }
        text.unlink();
    }

    /** A number of the report with its verdict, rendered as a highlighted span. */
    static final class ClaimMark extends CustomNode {
        final Claim claim;

        ClaimMark(Claim claim) {
            this.claim = claim;
        }
    }

    private static final class ClaimRenderer implements NodeRenderer {
        private final HtmlWriter html;

        ClaimRenderer(HtmlNodeRendererContext context) {
            this.html = context.getWriter();
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(ClaimMark.class);
        }

        @Override
        public void render(Node node) {
            Claim c = ((ClaimMark) node).claim;
            Map<String, String> attrs = new LinkedHashMap<>();
            if (c.supported()) {
                attrs.put("class", "claim supported");
                attrs.put("title", "Found in the code output: " + c.evidence());
                html.tag("span", attrs);
                html.text(c.number().literal());
                html.tag("/span");
            } else {
                attrs.put("class", "claim unsupported");
                attrs.put("title", "Unsupported: no code output of this run shows " + c.number().literal());
                html.tag("mark", attrs);
                html.text(c.number().literal());
                html.tag("/mark");
            }
        }
    }

    private static final class FigureRenderer implements NodeRenderer {
        private final HtmlNodeRendererContext context;
        private final HtmlWriter html;
        private final List<Artifact> artifacts;

        FigureRenderer(HtmlNodeRendererContext context, List<Artifact> artifacts) {
            this.context = context;
            this.html = context.getWriter();
            this.artifacts = artifacts;
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(Image.class);
        }

        @Override
        public void render(Node node) {
            Image image = (Image) node;
            String alt = Markdown.plainText(image);
            Artifact a = ReportDocument.resolve(image.getDestination(), artifacts);
            String uri = a == null ? null : dataUri(a);
            Map<String, String> attrs = new LinkedHashMap<>();
            if (uri != null) {
                attrs.put("class", "figure");
                attrs.put("src", uri);
                attrs.put("alt", alt);
                if (image.getTitle() != null) {
                    attrs.put("title", image.getTitle());
                }
                html.tag("img", attrs, true);
            } else if (new Figure(alt, image.getDestination(), null).isExternal()) {
                String dest = context.urlSanitizer().sanitizeImageUrl(image.getDestination());
                attrs.put("src", context.encodeUrl(dest));
                attrs.put("alt", alt);
                html.tag("img", attrs, true);
            } else {
                attrs.put("class", "missing-figure");
                attrs.put("title", "The run produced no file " + image.getDestination());
                html.tag("span", attrs);
                html.text("Missing figure: " + (alt.isEmpty() ? image.getDestination() : alt + " (" + image.getDestination() + ")"));
                html.tag("/span");
            }
        }
    }

    /** The file as a {@code data:} URI, or {@code null} if it is not an inlinable image or is gone from disk. */
    static String dataUri(Artifact a) {
        if (!INLINE_IMAGES.contains(a.mediaType()) || !Files.isRegularFile(a.absolutePath())) {
            return null;
        }
        try {
            return "data:" + a.mediaType() + ";base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(a.absolutePath()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the artifact " + a.absolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static String language(String text) {
        long cjk = text.codePoints().filter(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN).count();
        return cjk > 20 ? "zh" : "en";
    }

    private static String format(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + " ms";
        }
        long s = d.toSeconds();
        return s < 60 ? String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0) : (s / 60) + " min " + (s % 60) + " s";
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static final String CSS = """
            body { margin: 0; color: #1f2328; background: #fff;
              font-family: "Noto Sans", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC",
                "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK JP", "Noto Sans CJK KR", -apple-system,
                "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
              font-size: 16px; line-height: 1.65; }
            main { max-width: 920px; margin: 0 auto; padding: 32px 28px 64px; }
            code, pre { font-family: "JetBrains Mono", "Noto Sans Mono", "Noto Sans Mono CJK SC", Menlo, Consolas, monospace; font-size: 13px; }
            header.meta { border: 1px solid #d1d9e0; border-radius: 8px; padding: 16px 20px; margin-bottom: 28px; background: #f6f8fa; }
            header.meta .question { font-size: 17px; margin-bottom: 10px; }
            header.meta .label, .step .tag { display: inline-block; font-size: 11px; font-weight: 600; text-transform: uppercase;
              letter-spacing: .05em; color: #fff; background: #0969da; border-radius: 4px; padding: 1px 7px; margin-right: 6px; vertical-align: 2px; }
            header.meta dl { margin: 0; }
            header.meta dl div { display: inline-block; width: 32%; min-width: 250px; vertical-align: top; margin: 1px 0; }
            header.meta dt { display: inline-block; color: #59636e; min-width: 96px; }
            header.meta dd { display: inline; margin: 0; }
            .claims-summary { margin-top: 12px; padding: 8px 12px; border-left: 4px solid #d4a72c; background: #fff8c5; border-radius: 4px; font-size: 14px; }
            .claims-summary.ok { border-left-color: #1a7f37; background: #dafbe1; }
            article.report h1 { font-size: 30px; line-height: 1.25; margin: 8px 0 18px; padding-bottom: 8px; border-bottom: 1px solid #d1d9e0; }
            article.report h2 { font-size: 23px; margin: 32px 0 12px; padding-bottom: 6px; border-bottom: 1px solid #d1d9e0; }
            article.report h3 { font-size: 19px; margin: 24px 0 8px; }
            article.report p { margin: 0 0 14px; text-align: left; }
            table.data { border-collapse: collapse; margin: 16px 0 20px; font-size: 14px; font-variant-numeric: tabular-nums; }
            table.data th, table.data td { border: 1px solid #d1d9e0; padding: 6px 12px; }
            table.data th { background: #f6f8fa; font-weight: 600; }
            table.data tr:nth-child(even) td { background: #fbfcfd; }
            img.figure, figure img { display: block; max-width: 100%; height: auto; margin: 16px auto; border: 1px solid #d1d9e0; border-radius: 4px; }
            figure { margin: 12px 0; } figcaption { text-align: center; color: #59636e; font-size: 13px; }
            mark.claim.unsupported { background: #ffd8b5; color: inherit; border-bottom: 2px solid #d1242f; padding: 0 1px; border-radius: 2px; cursor: help; }
            span.claim.supported { border-bottom: 1px dotted #1a7f37; cursor: help; }
            .missing-figure { display: inline-block; padding: 8px 12px; border: 1px dashed #d1242f; color: #d1242f; border-radius: 4px; font-size: 14px; }
            section.appendix { margin-top: 56px; border-top: 3px double #d1d9e0; padding-top: 8px; }
            section.appendix h2 { font-size: 22px; }
            .step { margin: 14px 0; }
            .step-head { font-size: 13px; color: #59636e; margin-bottom: 4px; }
            .step.analyze .tag { background: #8250df; } .step.understand .tag { background: #1a7f37; }
            .step.code .tag { background: #0969da; } .step.execute .tag { background: #59636e; } .step.answer .tag { background: #bf3989; }
            .step.failed .tag { background: #d1242f; }
            .step .prose { white-space: pre-wrap; font-size: 14px; color: #30363d; }
            pre { margin: 0; padding: 10px 14px; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; word-break: break-word; }
            pre.code { background: #f6f8fa; border: 1px solid #d1d9e0; }
            pre.output { background: #0d1117; color: #e6edf3; max-height: 480px; overflow-y: auto; }
            .step.failed pre.output { border-left: 4px solid #d1242f; }
            .note { color: #59636e; font-style: italic; font-size: 14px; }
            @media print { pre.output { max-height: none; } main { max-width: none; } }
            """;
}
