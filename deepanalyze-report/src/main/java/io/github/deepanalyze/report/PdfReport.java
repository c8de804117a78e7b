package io.github.deepanalyze.report;

import com.openhtmltopdf.pdfboxout.PDFontSupplier;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.common.DeepAnalyzeException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Renders the {@link HtmlReport} of an analysis to PDF with openhtmltopdf (PDFBox), images and
 * the step appendix included.
 *
 * <p>PDF needs its fonts embedded. Without {@link #withFont} the standard PDF fonts are used,
 * which have no CJK glyphs: Chinese, Japanese or Korean text then shows as {@code #}. Pass a
 * TrueType font that covers it, e.g. {@code withFont(Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), "WenQuanYi Zen Hei")}
 * (a {@code .ttc} collection contributes its first font). PDFBox embeds only TrueType outlines;
 * OpenType/CFF fonts such as the Noto Sans CJK {@code .ttc} files are rejected with a message
 * saying so. Fonts are subset, so the PDF stays small.
 *
 * <p>Immutable and thread-safe; configure with the {@code with…} copies. No method accepts {@code null}.
 */
public final class PdfReport {
    private record FontFile(Path file, String family) {
    }

    private final HtmlReport html;
    private final List<FontFile> fonts;

    private PdfReport(HtmlReport html, List<FontFile> fonts) {
        this.html = html;
        this.fonts = List.copyOf(fonts);
    }

    /** A renderer using {@link HtmlReport#create()} and the standard PDF fonts. */
    public static PdfReport create() {
        return new PdfReport(HtmlReport.create(), List.of());
    }

    /** A copy that renders through {@code htmlReport} (e.g. one without the appendix). */
    public PdfReport withHtml(HtmlReport htmlReport) {
        return new PdfReport(Objects.requireNonNull(htmlReport, "htmlReport"), fonts);
    }

    /**
     * A copy that embeds the TrueType font (or first font of the collection) {@code fontFile}
     * under {@code family} and puts it first in the report's font stack. Fonts added earlier come
     * first, so add the Latin font before the CJK one if you want both.
     */
    public PdfReport withFont(Path fontFile, String family) {
        Objects.requireNonNull(fontFile, "fontFile");
        Objects.requireNonNull(family, "family");
        if (!Files.isRegularFile(fontFile)) {
            throw new io.github.deepanalyze.common.ConfigurationException("font file " + fontFile + " does not exist; pass the path of a .ttf or .ttc file");
        }
        List<FontFile> copy = new ArrayList<>(fonts);
        copy.add(new FontFile(fontFile, family));
        return new PdfReport(html, copy);
    }

    /** Writes the PDF of {@code analysis} to {@code file}. */
    public void write(Analysis analysis, Path file) {
        Objects.requireNonNull(file, "file");
        try (OutputStream out = Files.newOutputStream(file)) {
            write(analysis, out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the PDF report " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the PDF of {@code analysis} to {@code out}; the stream is not closed. */
    public void write(Analysis analysis, OutputStream out) {
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(out, "out");
        String document = html.render(analysis, fontCss());
        try (PDDocument pdf = new PDDocument()) {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.usePDDocument(pdf);
            for (FontFile f : fonts) {
                TrueTypeFont ttf = load(f.file());
                PDType0Font font;
                try {
                    font = PDType0Font.load(pdf, ttf, true);
                } catch (IOException | UnsupportedOperationException e) {
                    throw new io.github.deepanalyze.common.ConfigurationException("font " + f.file() + " cannot be embedded (" + e.getMessage()
                            + "); PDFBox embeds TrueType outlines only, so pass a TrueType CJK font such as wqy-zenhei.ttc,"
                            + " not an OpenType/CFF font like the Noto Sans CJK .ttc files", e);
                }
                builder.useFont(new PDFontSupplier(font), f.family());
            }
            builder.withHtmlContent(document, null);
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException("could not render the PDF report: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof DeepAnalyzeException) {
                throw e;
            }
            throw new DeepAnalyzeException("could not render the PDF report of \"" + analysis.question() + "\": " + e, e);
        }
    }

    private String fontCss() {
        if (fonts.isEmpty()) {
            return "";
        }
        StringBuilder stack = new StringBuilder();
        for (FontFile f : fonts) {
            stack.append('"').append(f.family().replace("\"", "")).append("\", ");
        }
        return "body, pre, code { font-family: " + stack + "sans-serif; }\n"
                + "pre, code { font-family: " + stack + "monospace; }\n";
    }

    private static TrueTypeFont load(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".ttc")) {
                TrueTypeFont[] first = new TrueTypeFont[1];
                // the collection must stay open while the font is used, so it is not closed here
                @SuppressWarnings("resource")
                TrueTypeCollection collection = new TrueTypeCollection(file.toFile());
                collection.processAllFonts(ttf -> {
                    if (first[0] == null) {
                        first[0] = ttf;
                    }
                });
                return check(first[0], file);
            }
            return check(new org.apache.fontbox.ttf.TTFParser().parse(file.toFile()), file);
        } catch (IOException e) {
            throw new io.github.deepanalyze.common.ConfigurationException("font " + file + " cannot be embedded (" + e.getMessage()
                    + "); PDFBox embeds TrueType fonts only, so pass a .ttf/.ttc with TrueType outlines (e.g. wqy-zenhei.ttc), not an OpenType/CFF font", e);
        }
    }

    private static TrueTypeFont check(TrueTypeFont ttf, Path file) throws IOException {
        if (ttf == null || (ttf instanceof org.apache.fontbox.ttf.OpenTypeFont otf && otf.isPostScript())) {
            throw new io.github.deepanalyze.common.ConfigurationException("font " + file + " has no TrueType outlines (it is probably OpenType/CFF, like the Noto Sans CJK .ttc files); "
                    + "PDFBox embeds TrueType fonts only, so pass a TrueType CJK font such as wqy-zenhei.ttc");
        }
        return ttf;
    }
}
