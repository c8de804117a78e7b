package io.github.deepanalyze.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.testing.SampleAnalyses;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SftSampleTest {
    @TempDir
    Path dir;

    private static final String QUERY = "# Instruction\nGenerate a data science report.\n\n# Data\nFile 1:\n{\n    \"name\": \"enrolled.csv\",\n    \"size\": \"21.9KB\"\n}\n\n";

    @Test
    void everyExecuteBlockOfTheRecordedRunIsMaskedTagsIncluded() {
        Analysis a = SampleAnalyses.studentLoan(dir);
        SftSample sample = SftSample.of(a, QUERY);
        assertThat(sample.executeSpans()).hasSize(a.steps(Step.Execute.class).size()).hasSize(7);
        for (SftSample.Span s : sample.executeSpans()) {
            String masked = sample.response().substring(s.start(), s.end());
            assertThat(masked).startsWith("<Execute>").endsWith("</Execute>");
            assertThat(masked.substring(9, masked.length() - 10)).doesNotContain("<Execute>", "</Execute>");
        }
        assertThat(sample.trainedText()).doesNotContain("<Execute>", "Number of rows: 1194")
                .contains("<Analyze>", "</Code>", "<Answer>");
    }

    @Test
    void rendersTheDeepSeekR1TemplateAndShiftsSpansIntoIt() {
        SftSample sample = SftSample.of(SampleAnalyses.synthetic(dir), QUERY);
        String rendered = sample.render();
        assertThat(rendered).isEqualTo("<｜begin▁of▁sentence｜><｜User｜>" + QUERY + "<｜Assistant｜>" + sample.response() + "<｜end▁of▁sentence｜>");
        SftSample.Span first = sample.renderedExecuteSpans().get(0);
        assertThat(rendered.substring(first.start(), first.end())).startsWith("<Execute>\n1194").endsWith("</Execute>");
        assertThat(sample.withSystem("You are a data scientist.").render()).startsWith("<｜begin▁of▁sentence｜>You are a data scientist.<｜User｜>");
    }

    @Test
    void jsonLineHoldsOneUserAndOneAssistantTurn() throws Exception {
        SftSample sample = SftSample.of(SampleAnalyses.synthetic(dir), QUERY);
        JsonNode line = new ObjectMapper().readTree(sample.toJsonLine());
        assertThat(line.get("messages")).hasSize(2);
        assertThat(line.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(line.at("/messages/1/content").asText()).isEqualTo(sample.response());
        assertThat(line.at("/execute_spans/1/0").asInt()).isEqualTo(sample.executeSpans().get(1).start());
        assertThat(sample.toJsonLine()).doesNotContain("\n");
    }

    @Test
    void queryAndSystemComeFromThePromptProfile() {
        Analysis a = SampleAnalyses.synthetic(dir);
        io.github.deepanalyze.prompt.PromptProfile profile = new io.github.deepanalyze.prompt.PromptProfile() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public java.util.List<io.github.deepanalyze.model.Message> openingMessages(String question, java.util.List<io.github.deepanalyze.prompt.DataFile> files) {
                return java.util.List.of(io.github.deepanalyze.model.Message.system("Use the tags."),
                        io.github.deepanalyze.model.Message.user("# Instruction\n" + question + "\n\n# Data\nFile 1: " + files.get(0).name()));
            }

            @Override
            public io.github.deepanalyze.model.Message executeMessage(String output) {
                return io.github.deepanalyze.model.Message.execute(output);
            }
        };
        SftSample s = SftSample.of(a, profile, java.util.List.of(new io.github.deepanalyze.prompt.DataFile("sales.csv", 2048)));
        assertThat(s.system()).isEqualTo("Use the tags.");
        assertThat(s.query()).isEqualTo("# Instruction\nHow are sales distributed?\n\n# Data\nFile 1: sales.csv");
    }

    @Test
    void unclosedExecuteAtTheEndIsMaskedToTheEnd() {
        assertThat(SftSample.spans("<Code>x</Code><Execute>\npartial")).containsExactly(new SftSample.Span(14, 31));
    }
}
