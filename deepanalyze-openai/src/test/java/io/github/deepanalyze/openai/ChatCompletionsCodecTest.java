package io.github.deepanalyze.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.deepanalyze.common.ModelException;
import io.github.deepanalyze.common.TokenUsage;
import io.github.deepanalyze.model.FinishReason;
import io.github.deepanalyze.openai.ChatCompletionsCodec.BodyMode;
import io.github.deepanalyze.openai.ChatCompletionsCodec.Decoded;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decoding what a chat-completions server sends, one event or one whole answer at a time, without HTTP. */
class ChatCompletionsCodecTest {

    private static final URI ENDPOINT = URI.create("http://gpu-box:8000/v1/chat/completions");

    private final ObjectMapper json = new ObjectMapper();
    private final ErrorClassifier failures = new ErrorClassifier(ENDPOINT, "http://gpu-box:8000/v1", "DeepAnalyze-8B",
            false, Duration.ofSeconds(120), Duration.ofMinutes(30), json);
    private final ChatCompletionsCodec codec = new ChatCompletionsCodec(json, "DeepAnalyze-8B", true, Map.of(), failures);
    private final List<String> deltas = new ArrayList<>();

    private static List<ByteBuffer> bytes(String... parts) {
        List<ByteBuffer> out = new ArrayList<>();
        for (String p : parts) {
            out.add(ByteBuffer.wrap(p.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    @Test
    void decodesTheDeltaOfAStreamingChunk() {
        Decoded d = codec.decodeEvent("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"<Code>\\n\"},\"finish_reason\":null}]}");

        assertThat(d).isEqualTo(new Decoded("<Code>\n", null, null, false));
    }

    @Test
    void decodesTheFinishReasonAndTheUsageOfTheLastChunks() {
        assertThat(codec.decodeEvent("{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}"))
                .isEqualTo(new Decoded(null, FinishReason.STOP, null, false));
        assertThat(codec.decodeEvent("{\"choices\":[],\"usage\":{\"prompt_tokens\":1234,\"completion_tokens\":56}}"))
                .isEqualTo(new Decoded(null, null, new TokenUsage(1234, 56), false));
    }

    @Test
    void readsDoneAndBlankEventsAsTheEndAndAsNothing() {
        assertThat(codec.decodeEvent("[DONE]")).isEqualTo(Decoded.DONE);
        assertThat(codec.decodeEvent(" [DONE]\n")).isEqualTo(Decoded.DONE);
        assertThat(codec.decodeEvent("  ")).isEqualTo(Decoded.NOTHING);
    }

    @Test
    void decodesAWholeCompletionAsOneDeltaThatEndsTheTurn() {
        Decoded d = codec.decodeCompletion("{\"object\":\"chat.completion\","
                + "\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"<Answer>42</Answer>\"}}]}");

        assertThat(d).isEqualTo(new Decoded("<Answer>42</Answer>", FinishReason.UNKNOWN, null, true));
    }

    @Test
    void reportsAnErrorEventRetryablyOnlyForOverloadCodes() {
        ModelException oom = catchThrowableOfType(ModelException.class,
                () -> codec.decodeEvent("{\"error\":{\"message\":\"CUDA out of memory\",\"code\":500}}"));
        ModelException rejected = catchThrowableOfType(ModelException.class,
                () -> codec.decodeEvent("{\"error\":{\"message\":\"bad field\",\"code\":400}}"));

        assertThat(oom.getMessage()).contains(ENDPOINT.toString(), "CUDA out of memory");
        assertThat(oom.statusCode()).isEqualTo(500);
        assertThat(oom.isRetryable()).isTrue();
        assertThat(rejected.isRetryable()).isFalse();
    }

    @Test
    void rejectsDataThatIsNotAJsonObjectQuotingIt() {
        ModelException garbled = catchThrowableOfType(ModelException.class, () -> codec.decodeEvent("{\"content\": oops"));
        ModelException array = catchThrowableOfType(ModelException.class, () -> codec.decodeEvent("[1, 2]"));
        ModelException empty = catchThrowableOfType(ModelException.class, () -> codec.decodeCompletion(" \n"));

        assertThat(garbled.getMessage()).contains("malformed JSON in the stream event", "\"content\": oops", ENDPOINT.toString());
        assertThat(garbled.isRetryable()).isFalse();
        assertThat(array.getMessage()).contains("malformed JSON", "[1, 2]");
        assertThat(empty.getMessage()).contains("empty body", ENDPOINT.toString());
    }

    @Test
    void tellsEventsFromWholeJsonByContentTypeOrByTheFirstNonBlankByte() {
        assertThat(ChatCompletionsCodec.modeOf("text/event-stream; charset=utf-8")).isEqualTo(BodyMode.EVENTS);
        assertThat(ChatCompletionsCodec.modeOf("Application/JSON")).isEqualTo(BodyMode.JSON);
        assertThat(ChatCompletionsCodec.modeOf("")).isEqualTo(BodyMode.UNKNOWN);

        ByteBuffer json = ByteBuffer.wrap(" \r\n\t{\"choices\":[]}".getBytes(StandardCharsets.UTF_8));
        assertThat(ChatCompletionsCodec.sniff(json)).isEqualTo(BodyMode.JSON);
        assertThat(json.position()).as("sniffing reads nothing").isZero();
        assertThat(ChatCompletionsCodec.sniff(ByteBuffer.wrap("\ndata: {}".getBytes(StandardCharsets.UTF_8)))).isEqualTo(BodyMode.EVENTS);
        assertThat(ChatCompletionsCodec.sniff(ByteBuffer.wrap("  \n".getBytes(StandardCharsets.UTF_8)))).isEqualTo(BodyMode.UNKNOWN);
    }

    @Test
    void reassemblesEventsSplitAcrossChunksAndStopsAtDone() {
        ResponseDecoder body = codec.newDecoder(BodyMode.EVENTS, deltas::add);

        body.feed(bytes("data: {\"choices\":[{\"delta\":{\"content\":\"<Ana\"}}]}\n\ndata: {\"choi",
                "ces\":[{\"delta\":{\"content\":\"lyze>\"},\"finish_reason\":\"length\"}]}\n\n"));
        assertThat(body.done()).isFalse();
        body.feed(bytes("data: [DONE]\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"after done\"}}]}\n\n"));

        assertThat(deltas).containsExactly("<Ana", "lyze>");
        assertThat(body.done()).isTrue();
        assertThat(body.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(body.usage()).isNull();
    }

    @Test
    void sniffsAnUnannouncedWholeJsonBodyAndDecodesItAtTheEnd() {
        ResponseDecoder body = codec.newDecoder(BodyMode.UNKNOWN, deltas::add);

        body.feed(bytes("\n", "{\"choices\":[{\"message\":{\"content\":\"<Answer>ok",
                "</Answer>\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5}}"));
        assertThat(deltas).as("nothing before the body is whole").isEmpty();
        body.complete();

        assertThat(body.isJson()).isTrue();
        assertThat(deltas).containsExactly("<Answer>ok</Answer>");
        assertThat(body.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(body.usage()).isEqualTo(new TokenUsage(10, 5));
        assertThat(body.done()).isTrue();
    }

    @Test
    void dispatchesALastEventThatHadNoBlankLineWhenTheBodyEnds() {
        ResponseDecoder body = codec.newDecoder(BodyMode.EVENTS, deltas::add);

        body.feed(bytes("data: {\"choices\":[{\"delta\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}]}"));
        assertThat(deltas).isEmpty();
        body.complete();

        assertThat(deltas).containsExactly("x");
        assertThat(body.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(body.done()).as("no [DONE] was sent").isFalse();
    }
}
