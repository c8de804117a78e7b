package io.github.deepanalyze.djl;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.model.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatTemplateTest {

    @Test
    void splicesExecuteOutputsIntoOneAssistantSequenceLikeTheRecordedRun() {
        String prompt = ChatTemplate.deepAnalyze().render(List.of(
                Message.user("# Instruction\nq"),
                Message.assistant("<Analyze>a</Analyze>\n<Code>\nprint(1)\n</Code>"),
                Message.execute("1\n"),
                Message.assistant("<Understand>u</Understand>")));
        assertThat(prompt).isEqualTo("<｜begin▁of▁sentence｜><｜User｜># Instruction\nq<｜Assistant｜>"
                + "<Analyze>a</Analyze>\n<Code>\nprint(1)\n</Code>\n<Execute>\n1\n\n</Execute>\n<Understand>u</Understand>");
    }

    @Test
    void endsWithTheAssistantMarkerWhenTheModelMustStartItsTurn() {
        assertThat(ChatTemplate.deepAnalyze().render(List.of(Message.system("s"), Message.user("u"))))
                .isEqualTo("<｜begin▁of▁sentence｜>s<｜User｜>u<｜Assistant｜>");
    }

    @Test
    void closesTheAssistantSequenceBeforeANewUserMessage() {
        assertThat(ChatTemplate.deepAnalyze().render(List.of(Message.user("1"), Message.assistant("a"), Message.user("2"))))
                .isEqualTo("<｜begin▁of▁sentence｜><｜User｜>1<｜Assistant｜>a<｜end▁of▁sentence｜><｜User｜>2<｜Assistant｜>");
    }

    @Test
    void everyMarkerCanBeReplaced() {
        ChatTemplate chatMl = ChatTemplate.builder().beginOfSequence("")
                .system("<|im_start|>system\n", "<|im_end|>\n")
                .user("<|im_start|>user\n", "<|im_end|>\n")
                .assistant("<|im_start|>assistant\n", "<|im_end|>\n")
                .execute("<|im_start|>tool\n", "<|im_end|>\n")
                .build();
        assertThat(chatMl.render(List.of(Message.user("hi"), Message.assistant("x"), Message.execute("1"))))
                .isEqualTo("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\nx<|im_start|>tool\n1<|im_end|>\n");
    }
}
