package io.github.deepanalyze.core.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.github.deepanalyze.core.PromptProfiles;
import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.model.Role;
import io.github.deepanalyze.prompt.DataFile;
import io.github.deepanalyze.prompt.PromptProfile;
import io.github.deepanalyze.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Expected strings were produced by the reference's Python code ({@code collect_file_info}, Python 3). */
class PromptProfilesTest {

    private static String firstMessage(String question, DataFile... files) {
        List<Message> messages = PromptProfiles.deepAnalyze().openingMessages(question, List.of(files));
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).role()).isEqualTo(Role.USER);
        return messages.get(0).content();
    }

    private static String entry(int index, String jsonName, String size) {
        return "File " + index + ":\n{\n    \"name\": " + jsonName + ",\n    \"size\": \"" + size + "\"\n}\n\n";
    }

    @Test
    void describesTheStudentLoanWorkspaceLikeTheReference() throws IOException {
        List<DataFile> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(Fixtures.studentLoanData())) {
            for (Path p : list.filter(Files::isRegularFile).toList()) {
                files.add(new DataFile(p.getFileName().toString(), Files.size(p)));
            }
        }
        // the order the directory lists them in must not matter
        java.util.Collections.reverse(files);

        String expected = """
            # Instruction
            Generate a data science report.

            # Data
            File 1:
            {
                "name": "bool.csv",
                "size": "0.0KB"
            }

            File 2:
            {
                "name": "bool.xlsx",
                "size": "4.8KB"
            }

            File 3:
            {
                "name": "disabled.csv",
                "size": "1.0KB"
            }

            File 4:
            {
                "name": "disabled.xlsx",
                "size": "5.6KB"
            }

            File 5:
            {
                "name": "enlist.csv",
                "size": "6.7KB"
            }

            File 6:
            {
                "name": "enlist.xlsx",
                "size": "8.6KB"
            }

            File 7:
            {
                "name": "enrolled.csv",
                "size": "20.4KB"
            }

            File 8:
            {
                "name": "enrolled.xlsx",
                "size": "22.4KB"
            }

            File 9:
            {
                "name": "filed_for_bankrupcy.csv",
                "size": "1.0KB"
            }

            File 10:
            {
                "name": "filed_for_bankrupcy.xlsx",
                "size": "5.6KB"
            }

            File 11:
            {
                "name": "longest_absense_from_school.csv",
                "size": "12.6KB"
            }

            File 12:
            {
                "name": "longest_absense_from_school.xlsx",
                "size": "16.0KB"
            }

            File 13:
            {
                "name": "male.csv",
                "size": "5.3KB"
            }

            File 14:
            {
                "name": "male.xlsx",
                "size": "8.8KB"
            }

            File 15:
            {
                "name": "no_payment_due.csv",
                "size": "14.6KB"
            }

            File 16:
            {
                "name": "no_payment_due.xlsx",
                "size": "15.6KB"
            }

            File 17:
            {
                "name": "person.csv",
                "size": "10.6KB"
            }

            File 18:
            {
                "name": "person.xlsx",
                "size": "12.7KB"
            }

            File 19:
            {
                "name": "student_loan.sqlite",
                "size": "300.0KB"
            }

            File 20:
            {
                "name": "unemployed.csv",
                "size": "1.0KB"
            }

            File 21:
            {
                "name": "unemployed.xlsx",
                "size": "5.6KB"
            }

            """;

        assertThat(firstMessage("Generate a data science report.", files.toArray(DataFile[]::new))).isEqualTo(expected);
    }

    @Test
    void keepsNonAsciiNamesAndEscapesLikePythonJson() {
        String message = firstMessage("Q",
                new DataFile("销售数据.csv", 1126),
                new DataFile("café.xlsx", 52),
                new DataFile("a\"b\\c.csv", 0),
                new DataFile("tab\there\u0001.csv", 2 * 1024 * 1024));

        assertThat(message).isEqualTo("# Instruction\nQ\n\n# Data\n"
                + entry(1, "\"a\\\"b\\\\c.csv\"", "0.0KB")
                + entry(2, "\"café.xlsx\"", "0.1KB")
                + entry(3, "\"tab\\there\\u0001.csv\"", "2048.0KB")
                + entry(4, "\"销售数据.csv\"", "1.1KB"));
    }

    @Test
    void sortsNamesByCodePointAndFormatsSizesWithPythonRounding() {
        String message = firstMessage("Q",
                new DataFile("b.csv", 1),
                new DataFile("\uD83D\uDE00.csv", 1280),
                new DataFile("\uFF21.csv", 51),
                new DataFile("a.csv", 768),
                new DataFile("B.csv", 256));

        // UTF-16 order would put the emoji (U+1F600, stored as D83D DE00) before U+FF21
        assertThat(message).isEqualTo("# Instruction\nQ\n\n# Data\n"
                + entry(1, "\"B.csv\"", "0.2KB")
                + entry(2, "\"a.csv\"", "0.8KB")
                + entry(3, "\"b.csv\"", "0.0KB")
                + entry(4, "\"\uFF21.csv\"", "0.0KB")
                + entry(5, "\"\uD83D\uDE00.csv\"", "1.2KB"));
    }

    @Test
    void formatsSizesLikePythonPercentPointOneF() {
        assertThat(PythonText.kilobytes(0)).isEqualTo("0.0KB");
        assertThat(PythonText.kilobytes(51)).isEqualTo("0.0KB");
        assertThat(PythonText.kilobytes(52)).isEqualTo("0.1KB");
        assertThat(PythonText.kilobytes(256)).isEqualTo("0.2KB");
        assertThat(PythonText.kilobytes(768)).isEqualTo("0.8KB");
        assertThat(PythonText.kilobytes(1126)).isEqualTo("1.1KB");
        assertThat(PythonText.kilobytes(1280)).isEqualTo("1.2KB");
        assertThat(PythonText.kilobytes(1331)).isEqualTo("1.3KB");
        assertThat(PythonText.kilobytes(2 * 1024 * 1024)).isEqualTo("2048.0KB");
        assertThat(PythonText.kilobytes(307200)).isEqualTo("300.0KB");
    }

    @Test
    void stripsTheQuestion() {
        assertThat(firstMessage(" \n\t Why? \u3000\n", new DataFile("a.csv", 1024)))
                .isEqualTo("# Instruction\nWhy?\n\n# Data\n" + entry(1, "\"a.csv\"", "1.0KB"));
    }

    @Test
    void sendsOnlyTheInstructionWithoutFiles() {
        assertThat(firstMessage("  Summarise the data.\n")).isEqualTo("# Instruction\nSummarise the data.");
        assertThat(firstMessage("  \n")).isEqualTo("# Instruction");
    }

    @Test
    void describesTheDeepAnalyzeProfile() {
        PromptProfile profile = PromptProfiles.deepAnalyze();

        assertThat(profile.name()).isEqualTo("deepanalyze");
        assertThat(profile.stopSequences()).containsExactly("</Code>");
        assertThat(profile.executeMessage("out\n")).isEqualTo(Message.execute("out\n"));
        assertThat(profile.openingMessages("Q", List.of())).containsExactly(Message.user("# Instruction\nQ"));
        assertThat(PromptProfiles.deepAnalyze()).isSameAs(profile);
    }

    @Test
    void teachesInstructionModelsTheProtocolInASystemMessage() {
        PromptProfile profile = PromptProfiles.instructionModel();
        List<Message> messages = profile.openingMessages(" Q ", List.of(new DataFile("a.csv", 2048)));

        assertThat(profile.name()).isEqualTo("instruction");
        assertThat(profile.stopSequences()).containsExactly("</Code>");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).role()).isEqualTo(Role.SYSTEM);
        assertThat(messages.get(1)).isEqualTo(Message.user(firstMessage(" Q ", new DataFile("a.csv", 2048))));
        assertThat(messages.get(0).content())
                .contains("<Analyze>", "<Understand>", "<Code>", "<Execute>", "<Answer>", "```python")
                .contains("stop immediately after </Code>", "Never write <Execute> yourself")
                .contains("fresh, independent Python script", "re-load the data", "current working directory")
                .contains("plt.savefig", "in Markdown")
                .doesNotEndWith("\n");
    }

    @Test
    void sendsExecutionOutputToInstructionModelsAsAUserMessage() {
        assertThat(PromptProfiles.instructionModel().executeMessage("1\n2"))
                .isEqualTo(Message.user("<Execute>\n1\n2\n</Execute>"));
    }

    @Test
    void rejectsNulls() {
        for (PromptProfile profile : List.of(PromptProfiles.deepAnalyze(), PromptProfiles.instructionModel())) {
            assertThatNullPointerException().isThrownBy(() -> profile.openingMessages(null, List.of()));
            assertThatNullPointerException().isThrownBy(() -> profile.openingMessages("Q", null));
            assertThatNullPointerException().isThrownBy(() -> profile.executeMessage(null));
            List<DataFile> withNull = new ArrayList<>();
            withNull.add(null);
            assertThatNullPointerException().isThrownBy(() -> profile.openingMessages("Q", withNull));
        }
    }

    @Test
    void builtInProfilesNeedPandasNumpyAndMatplotlibSoTheDefaultExecutorCanRunTheModelsCode() {
        assertThat(PromptProfiles.deepAnalyze().requiredModules()).containsExactlyInAnyOrder("pandas", "numpy", "matplotlib");
        assertThat(PromptProfiles.instructionModel().requiredModules()).containsExactlyInAnyOrder("pandas", "numpy", "matplotlib");
    }

    @Test
    void aThirdPartyProfileNeedsNoModulesByDefault() {
        PromptProfile custom = new PromptProfile() {
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
        };
        assertThat(custom.requiredModules()).isEmpty();
    }
}
