package io.github.deepanalyze.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseDecoderTest {

    private final List<String> events = new ArrayList<>();
    private final SseDecoder decoder = new SseDecoder(events::add);

    private void feedInPieces(String stream, int pieceBytes) {
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += pieceBytes) {
            decoder.feed(ByteBuffer.wrap(bytes, i, Math.min(pieceBytes, bytes.length - i)));
        }
    }

    @Test
    void dispatchesOneEventPerBlankLine() {
        feedInPieces("data: {\"a\":1}\n\ndata: [DONE]\n\n", 1000);
        assertThat(events).containsExactly("{\"a\":1}", "[DONE]");
    }

    @Test
    void decodesCrlfAndLoneCrLineEndsSplitAcrossChunks() {
        feedInPieces("data: one\r\n\r\ndata: two\r\rdata: three\n\n", 1);
        assertThat(events).containsExactly("one", "two", "three");
    }

    @Test
    void ignoresCommentsAndOtherFields() {
        feedInPieces(": keep-alive\nevent: message\nid: 7\nretry: 10\ndata: x\n\n:ping\n\n", 3);
        assertThat(events).containsExactly("x");
    }

    @Test
    void joinsMultiLineDataWithNewlines() {
        feedInPieces("data: {\ndata:   \"a\": 1\ndata: }\n\n", 2);
        assertThat(events).containsExactly("{\n  \"a\": 1\n}");
    }

    @Test
    void decodesMultiByteCharactersSplitAcrossChunks() {
        feedInPieces("data: 学生贷款 📊 ü\n\n", 1);
        assertThat(events).containsExactly("学生贷款 📊 ü");
    }

    @Test
    void dispatchesAPendingEventAtTheEndOfTheStream() {
        feedInPieces("data: last", 4);
        assertThat(events).isEmpty();
        decoder.finish();
        assertThat(events).containsExactly("last");
    }

    @Test
    void keepsAnEmptyDataFieldAsAnEmptyEvent() {
        feedInPieces("data\n\ndata:\n\n", 5);
        assertThat(events).containsExactly("", "");
    }
}
