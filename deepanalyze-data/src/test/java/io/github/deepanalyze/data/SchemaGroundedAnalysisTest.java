package io.github.deepanalyze.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisStatus;
import io.github.deepanalyze.Analyst;
import io.github.deepanalyze.core.PromptProfiles;
import io.github.deepanalyze.model.Role;
import io.github.deepanalyze.testing.ScriptedExecutor;
import io.github.deepanalyze.testing.ScriptedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaGroundedAnalysisTest {
    @TempDir
    Path tmp;

    @Test
    void theEngineBindsTheSchemaGroundedProfileToEachAnalysisWorkspace() throws Exception {
        Path csv = Files.writeString(tmp.resolve("sales.csv"), "region,amount\nnorth,10\nsouth,20\n");
        ScriptedModel model = ScriptedModel.of("<Answer>30</Answer>");
        Analysis a = Analyst.builder().model(model).executor(ScriptedExecutor.replaying(List.of()))
                .allowUnsandboxedExecution().workspaceRoot(tmp.resolve("ws"))
                .promptProfile(SchemaGroundedPrompt.of(PromptProfiles.instructionModel()))
                .build().analyze(List.of(csv), "Total amount?");

        assertThat(a.status()).isEqualTo(AnalysisStatus.ANSWERED);
        var messages = model.requests().get(0).messages();
        assertThat(messages.get(0).role()).isEqualTo(Role.SYSTEM);
        assertThat(messages.get(1).content()).contains("\"name\": \"sales.csv\"").contains("region").contains("amount");
    }
}
