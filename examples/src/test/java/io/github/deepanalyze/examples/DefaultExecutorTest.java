package io.github.deepanalyze.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisStatus;
import io.github.deepanalyze.Analyst;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.common.ConfigurationException;
import io.github.deepanalyze.execution.IsolationLevel;
import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.openai.ReplayModel;
import io.github.deepanalyze.prompt.DataFile;
import io.github.deepanalyze.prompt.PromptProfile;
import io.github.deepanalyze.worker.CPythonExecutorProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With both deepanalyze-graalpy and deepanalyze-worker on the class path (as here) and no
 * {@code .executor(...)}, the default executor is one that can run the pandas code DeepAnalyze-8B
 * writes: the process-isolated CPython worker, not in-process GraalPy.
 */
class DefaultExecutorTest {

    private static final String PANDAS_TRAJECTORY = """
            <Analyze>
            Count the overdue loans.
            </Analyze>
            <Code>
            ```python
            import pandas as pd
            df = pd.read_csv('loans.csv')
            print(int((df['status'] == 'overdue').sum()))
            ```
            </Code>
            <Execute>
            </Execute>
            <Answer>
            2 loans are overdue.
            </Answer>
            """;

    @TempDir
    Path dir;

    @Test
    void defaultAnalystWithTheDeepAnalyzeProfileRunsPandasOnTheCPythonWorker() throws IOException {
        assumeTrue(new CPythonExecutorProvider().missingModules(Set.of("pandas", "numpy", "matplotlib")).isEmpty(),
                "needs a python3 with pandas, numpy and matplotlib (apt-get install python3-pandas python3-matplotlib)");
        Path loans = Files.writeString(dir.resolve("loans.csv"), "id,status\n1,paid\n2,overdue\n3,paid\n4,overdue\n");

        try (Analyst analyst = Analyst.builder()
                .model(ReplayModel.of(PANDAS_TRAJECTORY))
                .workspaceRoot(dir.resolve("workspaces"))
                .build()) {
            assertThat(analyst.settings().executor().isolation()).isEqualTo(IsolationLevel.PROCESS);
            assertThat(analyst.settings().executor().describe()).startsWith("cpython-worker");

            Analysis analysis = analyst.analyze(List.of(loans), "How many loans are overdue?");

            assertThat(analysis.status()).as(analysis.reason()).isEqualTo(AnalysisStatus.ANSWERED);
            assertThat(analysis.steps(Step.Execute.class)).singleElement().satisfies(e -> {
                assertThat(e.result().isSuccess()).as("%s", e.result()).isTrue();
                assertThat(e.result().stdout()).isEqualTo("2\n");
            });
        }
    }

    @Test
    void buildFailsNamingTheMissingModuleOnEveryExecutorWhenNoneCanImportIt() {
        PromptProfile needsAnUnknownModule = new PromptProfile() {
            @Override
            public String name() {
                return "needs-unknown";
            }

            @Override
            public List<Message> openingMessages(String question, List<DataFile> files) {
                return List.of(Message.user("# Instruction\n" + question));
            }

            @Override
            public Message executeMessage(String output) {
                return Message.execute(output);
            }

            @Override
            public Set<String> requiredModules() {
                return Set.of("deepanalyze_no_such_module");
            }
        };

        assertThatThrownBy(() -> Analyst.builder()
                .model(ReplayModel.of(PANDAS_TRAJECTORY))
                .promptProfile(needsAnUnknownModule)
                .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("prompt profile 'needs-unknown' needs (deepanalyze_no_such_module)")
                .hasMessageContaining("CPython worker")
                .hasMessageContaining("in-process GraalPy")
                .hasMessageContaining("python3-deepanalyze_no_such_module")
                .hasMessageContaining(".executor(...)");
    }
}
