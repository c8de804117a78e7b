package io.github.deepanalyze.data;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The character encoding of a text sample: a byte-order mark wins; otherwise strict UTF-8, then
 * GB18030 (a superset of GBK, what Chinese Excel exports), then ISO-8859-1, which accepts any bytes.
 * Samples with NUL or many control bytes are binary, not text.
 */
record TextEncoding(Charset charset, int bomLength, boolean binary) {

    static final Charset GB18030 = Charset.forName("GB18030");

    /** Whether a byte-level scan for {@code '\n'} and ASCII quotes is exact in this encoding. */
    boolean asciiCompatible() {
        return !charset.equals(StandardCharsets.UTF_16LE) && !charset.equals(StandardCharsets.UTF_16BE);
    }

    String name() {
        return charset.equals(GB18030) ? "GB18030" : charset.name();
    }

    /**
     * Detects the encoding of {@code sample[0, length)}; {@code complete} says whether the sample is
     * the whole file (if not, a multi-byte character cut at the end is not an error).
     */
    static TextEncoding detect(byte[] sample, int length, boolean complete) {
        if (length >= 3 && (sample[0] & 0xFF) == 0xEF && (sample[1] & 0xFF) == 0xBB && (sample[2] & 0xFF) == 0xBF) {
            return new TextEncoding(StandardCharsets.UTF_8, 3, false);
        }
        if (length >= 2 && (sample[0] & 0xFF) == 0xFF && (sample[1] & 0xFF) == 0xFE) {
            return new TextEncoding(StandardCharsets.UTF_16LE, 2, false);
        }
        if (length >= 2 && (sample[0] & 0xFF) == 0xFE && (sample[1] & 0xFF) == 0xFF) {
            return new TextEncoding(StandardCharsets.UTF_16BE, 2, false);
        }
        if (looksBinary(sample, length)) {
            return new TextEncoding(StandardCharsets.ISO_8859_1, 0, true);
        }
        if (decodes(StandardCharsets.UTF_8, sample, length, complete)) {
            return new TextEncoding(StandardCharsets.UTF_8, 0, false);
        }
        if (decodes(GB18030, sample, length, complete) && looksChinese(sample, length)) {
            return new TextEncoding(GB18030, 0, false);
        }
        return new TextEncoding(StandardCharsets.ISO_8859_1, 0, false);
    }

    /** The sample decoded as text, byte-order mark removed, malformed input replaced. */
    String decode(byte[] sample, int length) {
        return new String(sample, bomLength, length - bomLength, charset);
    }

    /**
     * Latin-1 text often decodes as GB18030 too ("Mü" is a valid double-byte pair). Common Chinese
     * characters (GB2312) have both bytes at or above 0xA1, while an accented Latin letter is mostly
     * followed by an ASCII letter: many pairs with an ASCII second byte mean Latin-1, not Chinese.
     */
    private static boolean looksChinese(byte[] b, int length) {
        long pairs = 0;
        long asciiTrail = 0;
        for (int i = 0; i < length; i++) {
            int c = b[i] & 0xFF;
            if (c < 0x81 || c == 0xFF) {
                continue;
            }
            if (i + 1 >= length) {
                break;
            }
            int t = b[i + 1] & 0xFF;
            if (t >= 0x30 && t <= 0x39) {
                i += 3; // a four-byte GB18030 sequence
                continue;
            }
            pairs++;
            if (t < 0x80) {
                asciiTrail++;
            }
            i++;
        }
        return pairs > 0 && asciiTrail * 10 <= pairs * 3;
    }

    private static boolean looksBinary(byte[] b, int length) {
        int control = 0;
        for (int i = 0; i < length; i++) {
            int c = b[i] & 0xFF;
            if (c == 0) {
                return true;
            }
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1B) {
                control++;
            }
        }
        // a stray control character happens in real exports; many of them do not
        return control > 8 && control * 100L > length;
    }

    private static boolean decodes(Charset cs, byte[] b, int length, boolean complete) {
        CharsetDecoder decoder = cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b, 0, length);
        CharBuffer out = CharBuffer.allocate(8192);
        try {
            while (true) {
                CoderResult r = decoder.decode(in, out, complete);
                if (r.isError()) {
                    return false;
                }
                if (r.isOverflow()) {
                    out.clear();
                    continue;
                }
                break; // underflow: consumed all it could
            }
            if (complete) {
                out.clear();
                CoderResult r = decoder.flush(out);
                return !r.isError();
            }
            // an incomplete sequence at the very end of a partial sample is a cut, not an error
            return in.remaining() < 4;
        } catch (RuntimeException e) {
            return false;
        }
    }

}
