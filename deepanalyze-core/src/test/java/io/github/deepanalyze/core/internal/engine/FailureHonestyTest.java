package io.github.deepanalyze.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisEvent;
import io.github.deepanalyze.AnalysisListener;
import io.github.deepanalyze.AnalysisStatus;
import io.github.deepanalyze.Analyst;
import io.github.deepanalyze.core.PromptProfiles;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.prompt.DataFile;
import io.github.deepanalyze.prompt.PromptProfile;
import io.github.deepanalyze.testing.ScriptedExecutor;
import io.github.deepanalyze.testing.ScriptedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures are reported as what they are: broken listeners are logged, SDK defects are not blamed on the executor. */
class FailureHonestyTest {
    @TempDir
    Path tmp;

    private Analyst.Builder analyst(ScriptedModel model) {
        return Analyst.builder().model(model)
                .executor(new ScriptedExecutor((ws, r) -> ExecutionResult.success("1\n", "", Duration.ZERO)))
                .allowUnsandboxedExecution().workspaceRoot(tmp.resolve("ws"));
    }

    private Path csv() throws IOException {
        return Files.writeString(Files.createDirectories(tmp.resolve("in")).resolve("a.csv"), "x\n1\n");
    }

    @Test
    void aListenerFailingAnAssertionNeitherBreaksTheRunNorStarvesTheOtherListeners() throws IOException {
        List<AnalysisEvent> seen = Collections.synchronizedList(new ArrayList<>());
        AnalysisListener failing = AnalysisListener.of(e -> {
            throw new AssertionError("a user's test assertion");
        });

        Analysis a = analyst(ScriptedModel.of("<Code>print(1)</Code>", "<Answer>ok</Answer>")).listener(failing).build()
                .analyze(List.of(csv()), "q", AnalysisListener.of(seen::add));

        assertThat(a.status()).isEqualTo(AnalysisStatus.ANSWERED);
        assertThat(seen.get(0)).isInstanceOf(AnalysisEvent.Started.class);
        assertThat(seen.get(seen.size() - 1)).isInstanceOf(AnalysisEvent.Finished.class);
    }

    @Test
    void compositeLogsAThrowingListenerAndStillDeliversToTheOthers() {
        List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger jul = Logger.getLogger(AnalysisListener.class.getName());
        jul.addHandler(capture);
        try {
            List<AnalysisEvent> seen = new ArrayList<>();
            AnalysisListener both = AnalysisListener.composite(
                    AnalysisListener.of(e -> {
                        throw new IllegalStateException("boom");
                    }),
                    AnalysisListener.of(seen::add));
            AnalysisEvent e = new AnalysisEvent.RoundStarted(java.time.Instant.EPOCH, 1);

            both.onEvent(e);

            assertThat(seen).containsExactly(e);
            assertThat(logged).singleElement().satisfies(r -> {
                assertThat(r.getMessage()).contains("threw on RoundStarted");
                assertThat(r.getThrown()).hasMessage("boom");
            });
        } finally {
            jul.removeHandler(capture);
        }
    }

    @Test
    void anUnexpectedExceptionInsideTheEngineIsAnInternalErrorNotAnExecutorError() throws IOException {
        PromptProfile broken = new PromptProfile() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public List<Message> openingMessages(String question, List<DataFile> files) {
                throw new IllegalStateException("bug in the profile");
            }

            @Override
            public Message executeMessage(String output) {
                return PromptProfiles.deepAnalyze().executeMessage(output);
            }
        };

        Analysis a = analyst(ScriptedModel.of("<Answer>never</Answer>")).promptProfile(broken).build()
                .analyze(List.of(csv()), "q");

        assertThat(a.status()).isEqualTo(AnalysisStatus.INTERNAL_ERROR);
        assertThat(a.reason()).contains("internal error in the DeepAnalyze SDK", "IllegalStateException: bug in the profile");
    }
}
