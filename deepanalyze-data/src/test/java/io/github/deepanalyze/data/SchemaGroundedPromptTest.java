package io.github.deepanalyze.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.prompt.DataFile;
import io.github.deepanalyze.prompt.PromptProfile;
import io.github.deepanalyze.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaGroundedPromptTest {
    @TempDir
    Path workspace;

    /** A base profile like a general instruction model's: a system prompt, then the user message. */
    private static final PromptProfile INSTRUCTION_BASE = new PromptProfile() {
        @Override
        public String name() {
            return "instruction";
        }

        @Override
        public List<Message> openingMessages(String question, List<DataFile> files) {
            return List.of(Message.system("Use the tags."), Message.user("ungrounded " + question));
        }

        @Override
        public Message executeMessage(String output) {
            return Message.user("<Execute>\n" + output + "\n</Execute>");
        }

        @Override
        public List<String> stopSequences() {
            return List.of("</Code>", "<Execute>");
        }

        @Override
        public Set<String> requiredModules() {
            return Set.of("pandas", "openpyxl");
        }
    };

    private DataFile stage(String name) throws IOException {
        Path p = Files.copy(Fixtures.studentLoanData().resolve(name), workspace.resolve(name));
        return new DataFile(name, Files.size(p));
    }

    @Test
    void followsEachReferenceFileEntryWithItsProfile() throws IOException {
        List<DataFile> files = List.of(stage("bool.csv"), stage("enrolled.csv"));
        var prompt = SchemaGroundedPrompt.of(INSTRUCTION_BASE, workspace);

        List<Message> messages = prompt.openingMessages("  Which school has most students?\n", files);

        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).isEqualTo(Message.system("Use the tags."));
        assertThat(messages.get(1)).isEqualTo(Message.user("""
                # Instruction
                Which school has most students?

                # Data
                File 1:
                {
                    "name": "bool.csv",
                    "size": "0.0KB"
                }
                Profile: CSV (UTF-8, header row), 2 rows
                Columns: name (text)

                File 2:
                {
                    "name": "enrolled.csv",
                    "size": "20.4KB"
                }
                Profile: CSV (UTF-8, header row), 1,194 rows
                Columns: name (text), school (text), month (integer)

                """));
    }

    @Test
    void usesTheProfileTheEngineMadeInsteadOfReadingTheFileAgain() throws IOException {
        DataFile staged = stage("enrolled.csv");
        var report = new DataInputProfiler().profile(workspace.resolve("enrolled.csv"));
        Files.delete(workspace.resolve("enrolled.csv")); // reading it now would say "unavailable"
        var unbound = SchemaGroundedPrompt.of(INSTRUCTION_BASE);

        String text = unbound.openingMessages("q", List.of(staged.withReports(List.of(report)))).get(1).content();

        assertThat(report.detail(DataProfile.class)).isPresent();
        assertThat(text).contains("Profile: CSV (UTF-8, header row), 1,194 rows\n"
                + "Columns: name (text), school (text), month (integer)").doesNotContain("unavailable");
    }

    @Test
    void delegatesExecuteMessagesAndStopSequencesToTheBase() {
        var prompt = SchemaGroundedPrompt.of(INSTRUCTION_BASE, workspace);

        assertThat(prompt.name()).isEqualTo("schema-grounded");
        assertThat(prompt.executeMessage("42")).isEqualTo(INSTRUCTION_BASE.executeMessage("42"));
        assertThat(prompt.stopSequences()).containsExactly("</Code>", "<Execute>");
        assertThat(prompt.requiredModules()).containsExactlyInAnyOrder("pandas", "openpyxl");
    }

    @Test
    void delegatesFollowUpQuestionsToTheBase() {
        PromptProfile base = new PromptProfile() {
            @Override
            public String name() {
                return "custom";
            }

            @Override
            public List<Message> openingMessages(String question, List<DataFile> files) {
                return List.of(Message.user(question));
            }

            @Override
            public Message executeMessage(String output) {
                return Message.user(output);
            }

            @Override
            public Message followUpMessage(String question, List<DataFile> files) {
                return Message.user("FOLLOW-UP " + question + " over " + files.size());
            }
        };

        Message m = SchemaGroundedPrompt.of(base, workspace).followUpMessage("why?", List.of(new DataFile("a.csv", 1)));

        assertThat(m).isEqualTo(Message.user("FOLLOW-UP why? over 1"));
    }

    @Test
    void sendsOnlyTheInstructionWhenThereAreNoFiles() {
        var prompt = SchemaGroundedPrompt.of(INSTRUCTION_BASE, workspace);

        assertThat(prompt.openingMessages("Hi", List.of()).get(1).content()).isEqualTo("# Instruction\nHi");
    }

    @Test
    void saysWhenAFileCannotBeProfiledAndNeverLooksOutsideTheWorkspace() {
        var prompt = SchemaGroundedPrompt.of(INSTRUCTION_BASE, workspace);

        String text = prompt.openingMessages("q", List.of(new DataFile("gone.csv", 10), new DataFile("../etc.csv", 1)))
                .get(1).content();

        assertThat(text).contains("Profile: unavailable (no file at " + workspace.resolve("gone.csv"))
                .contains("Profile: unavailable (the name points outside the workspace)");
    }

    @Test
    void unboundProfileRefusesToRenderUntilBoundToAWorkspace() throws IOException {
        List<DataFile> files = List.of(stage("bool.csv"));
        var unbound = SchemaGroundedPrompt.of(INSTRUCTION_BASE);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> unbound.openingMessages("q", files))
                .isInstanceOf(io.github.deepanalyze.common.ConfigurationException.class)
                .hasMessageContaining("withWorkspace");
        assertThat(unbound.withWorkspace(workspace).openingMessages("q", files).get(1).content())
                .isEqualTo(SchemaGroundedPrompt.of(INSTRUCTION_BASE, workspace).openingMessages("q", files).get(1).content())
                .contains("Profile: CSV (UTF-8, header row), 2 rows");
    }

    @Test
    void formatsSizesAsPythonDoesRoundingHalfToEven() {
        assertThat(SchemaGroundedPrompt.size(0)).isEqualTo("0.0KB");
        assertThat(SchemaGroundedPrompt.size(256)).isEqualTo("0.2KB");
        assertThat(SchemaGroundedPrompt.size(768)).isEqualTo("0.8KB");
        assertThat(SchemaGroundedPrompt.size(20900)).isEqualTo("20.4KB");
        assertThat(SchemaGroundedPrompt.size(2048L * 1024)).isEqualTo("2048.0KB");
    }

    @Test
    void escapesNamesAsPythonJsonDumpsKeepingNonAscii() {
        assertThat(SchemaGroundedPrompt.jsonString("a\"b\\c\u0001é\u2028.csv")).isEqualTo("\"a\\\"b\\\\c\\u0001é\u2028.csv\"");
    }
}
