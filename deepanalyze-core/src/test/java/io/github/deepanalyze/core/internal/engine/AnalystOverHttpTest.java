package io.github.deepanalyze.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisStatus;
import io.github.deepanalyze.Analyst;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.openai.OpenAiCompatibleModel;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.testing.Fixtures;
import io.github.deepanalyze.testing.RecordedTrajectory;
import io.github.deepanalyze.testing.ScriptedExecutor;
import io.github.deepanalyze.testing.ScriptedModelServer;
import io.github.deepanalyze.testing.ScriptedModelServer.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent loop against a real HTTP server on loopback, through the real client: faults end cleanly, traces survive. */
class AnalystOverHttpTest {
    @TempDir
    Path tmp;
    Path csv;

    @BeforeEach
    void data() throws IOException {
        csv = Files.writeString(tmp.resolve("enrolled.csv"), "name,school,month\nstudent10,smc,1\n");
    }

    private Analyst analyst(String baseUrl, ScriptedExecutor exec) {
        return Analyst.builder()
                .model(OpenAiCompatibleModel.builder().baseUrl(baseUrl).model("DeepAnalyze-8B").maxRetries(1)
                        .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(10)).readTimeout(Duration.ofSeconds(2)).build())
                .executor(exec).allowUnsandboxedExecution().workspaceRoot(tmp.resolve("ws")).build();
    }

    private static ScriptedExecutor echo(String out) {
        return new ScriptedExecutor((ws, req) -> ExecutionResult.success(out, "", Duration.ofMillis(1)));
    }

    @Test
    void replaysTheRecordedRunOverHttpSendingBackExactlyTheRecordedOutputs() {
        RecordedTrajectory t = Fixtures.studentLoanTrajectory();
        try (ScriptedModelServer server = ScriptedModelServer.replaying(t).expectingRecordedExecuteOutputs()) {
            Analysis a = analyst(server.baseUrl(), ScriptedExecutor.replaying(t.executeOutputs()))
                    .analyze(List.of(csv), "Generate a data science report.");
            assertThat(a.status()).isEqualTo(AnalysisStatus.ANSWERED);
            assertThat(a.steps(Step.Code.class)).hasSize(7).allSatisfy(c -> assertThat(c.complete()).isTrue());
            assertThat(server.requestCount()).isEqualTo(8);
            server.verifyExpectations();
        }
    }

    @Test
    void aServerThatIsDownEndsWithModelErrorNamingTheUrl() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Analysis a = analyst("http://127.0.0.1:" + port + "/v1", echo("")).analyze(List.of(csv), "q");
        assertThat(a.status()).isEqualTo(AnalysisStatus.MODEL_ERROR);
        assertThat(a.reason()).contains("127.0.0.1:" + port);
        assertThat(a.rounds()).isEqualTo(1);
    }

    @Test
    void aServerFailingMidRunKeepsTheTraceSoFar() {
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            server.enqueue(Reply.text("<Analyze>look</Analyze><Code>print(1)"),
                    Reply.status(500, "{\"error\":{\"message\":\"CUDA out of memory\"}}"),
                    Reply.status(500, "{\"error\":{\"message\":\"CUDA out of memory\"}}"));
            Analysis a = analyst(server.baseUrl(), echo("1\n")).analyze(List.of(csv), "q");
            assertThat(a.status()).isEqualTo(AnalysisStatus.MODEL_ERROR);
            assertThat(a.reason()).contains("500");
            assertThat(a.steps()).extracting(s -> s.kind().name()).containsExactly("ANALYZE", "CODE", "EXECUTE");
        }
    }

    @Test
    void aStreamClosedMidTokenEndsWithModelErrorAndKeepsThePartialStep() {
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            server.enqueue(Reply.text("<Analyze>the first part of a long thought that never ends</Analyze>").closeAfter(30));
            Analysis a = analyst(server.baseUrl(), echo("")).analyze(List.of(csv), "q");
            assertThat(a.status()).isEqualTo(AnalysisStatus.MODEL_ERROR);
            assertThat(a.steps(Step.Analyze.class)).singleElement()
                    .satisfies(s -> assertThat(s.complete()).isFalse());
        }
    }

    @Test
    void malformedJsonFromTheServerEndsWithModelError() {
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            server.enqueue(Reply.text("<Analyze>fine so far</Analyze>").malformedJsonAfter(10));
            Analysis a = analyst(server.baseUrl(), echo("")).analyze(List.of(csv), "q");
            assertThat(a.status()).isEqualTo(AnalysisStatus.MODEL_ERROR);
            assertThat(a.reason()).containsIgnoringCase("json");
        }
    }

    @Test
    void aServerIgnoringTheStopStringCannotFeedTheModelInventedOutput() {
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            server.enqueue(Reply.text("<Code>\n```python\nprint(6*7)\n```\n</Code>\n<Execute>\n41\n</Execute>\n<Answer>41</Answer>"),
                    Reply.text("<Answer>42</Answer>"));
            ScriptedExecutor exec = echo("42\n");
            Analysis a = analyst(server.baseUrl(), exec).analyze(List.of(csv), "q");
            assertThat(exec.executedCode()).containsExactly("print(6*7)");
            assertThat(a.report().markdown()).isEqualTo("42");
            assertThat(server.request(1).lastMessage().content()).isEqualTo("42\n");
        }
    }
}
