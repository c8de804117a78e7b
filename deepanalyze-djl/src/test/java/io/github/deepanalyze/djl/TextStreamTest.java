package io.github.deepanalyze.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TextStream with a byte tokenizer: token id = one UTF-8 byte, decoded like a byte-level BPE decoder does. */
class TextStreamTest {
    final List<String> deltas = new ArrayList<>();

    private TextStream stream(String... stops) {
        return new TextStream(TextStreamTest::decode, List.of(stops), deltas::add);
    }

    private static String decode(long[] ids) {
        byte[] b = new byte[ids.length];
        for (int i = 0; i < ids.length; i++) {
            b[i] = (byte) ids[i];
        }
        return new String(b, StandardCharsets.UTF_8); // malformed input becomes U+FFFD, as in tokenizers' lossy decode
    }

    /** Feeds the UTF-8 bytes of {@code text}; returns how many were accepted before a stop. */
    private static int feed(TextStream s, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (s.add(b[i] & 0xFF)) {
                return i + 1;
            }
        }
        return b.length;
    }

    @Test
    void holdsBackAMultiByteCharacterUntilItIsComplete() {
        TextStream s = stream();
        byte[] rocket = "🚀".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 3; i++) {
            s.add(rocket[i] & 0xFF);
        }
        assertThat(deltas).isEmpty();
        s.add(rocket[3] & 0xFF);
        assertThat(deltas).containsExactly("🚀");
    }

    @Test
    void streamsPlainTextOneTokenAtATime() {
        TextStream s = stream();
        feed(s, "naïve café 收入");
        s.finish();
        assertThat(String.join("", deltas)).isEqualTo("naïve café 收入").isEqualTo(s.text());
        assertThat(deltas).noneMatch(d -> d.contains("\uFFFD"));
    }

    @Test
    void cutsBeforeAStopStringSplitAcrossTokensAndNeverEmitsIt() {
        TextStream s = stream("</Code>");
        int used = feed(s, "<Code>print(1)</Code><Execute>");
        assertThat(used).isEqualTo("<Code>print(1)</Code>".length());
        assertThat(s.text()).isEqualTo("<Code>print(1)");
        assertThat(String.join("", deltas)).isEqualTo("<Code>print(1)");
        assertThat(deltas).noneMatch(d -> d.contains("</"));
        assertThat(deltas).hasSizeGreaterThan(5);
    }

    @Test
    void theEarliestOfSeveralStopStringsWins() {
        TextStream s = stream("world", "lo w");
        feed(s, "hello world");
        assertThat(s.text()).isEqualTo("hel");
    }

    @Test
    void releasesAHeldBackPrefixWhenTheStopStringDoesNotFollow() {
        TextStream s = stream("</Code>");
        feed(s, "a </Co");
        assertThat(String.join("", deltas)).isEqualTo("a ");
        feed(s, "de is fine");
        assertThat(String.join("", deltas)).isEqualTo("a </Code is fine");
    }

    @Test
    void finishFlushesAPartialStopStringAndAnIncompleteCharacter() {
        TextStream s = stream("</Code>");
        feed(s, "x </");
        s.add(0xE6); // first byte of a three-byte character
        assertThat(String.join("", deltas)).isEqualTo("x ");
        s.finish();
        assertThat(s.text()).isEqualTo("x </\uFFFD");
        assertThat(String.join("", deltas)).isEqualTo(s.text());
    }

    @Test
    void anInvalidByteFollowedByTextIsEmittedAsAReplacementCharacter() {
        TextStream s = stream();
        s.add(0x83);
        assertThat(deltas).isEmpty();
        s.add('i');
        assertThat(deltas).containsExactly("\uFFFDi");
    }
}
