package io.github.deepanalyze.core.protocol;

import java.util.List;

/**
 * Incremental parser for DeepAnalyze's action-tag protocol. STUB: the real implementation replaces this.
 */
public final class TagStreamParser {

    public TagStreamParser(SectionListener listener) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public TagStreamParser() {
        this(new SectionListener() { });
    }

    public void feed(CharSequence chunk) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public void finish() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public List<Section> sections() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public static List<Section> parse(String text) {
        TagStreamParser p = new TagStreamParser();
        p.feed(text);
        p.finish();
        return p.sections();
    }
}
