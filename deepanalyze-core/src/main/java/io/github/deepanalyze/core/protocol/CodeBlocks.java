package io.github.deepanalyze.core.protocol;

/** STUB: the real implementation replaces this. */
public final class CodeBlocks {
    private CodeBlocks() {
    }

    public static String extract(String codeSectionBody) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
