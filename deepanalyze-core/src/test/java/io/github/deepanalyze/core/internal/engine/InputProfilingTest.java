package io.github.deepanalyze.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisEvent;
import io.github.deepanalyze.AnalysisListener;
import io.github.deepanalyze.AnalysisStatus;
import io.github.deepanalyze.Analyst;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.core.PromptProfiles;
import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.prompt.DataFile;
import io.github.deepanalyze.prompt.InputReport;
import io.github.deepanalyze.prompt.PromptProfile;
import io.github.deepanalyze.spi.InputProfiler;
import io.github.deepanalyze.testing.ScriptedExecutor;
import io.github.deepanalyze.testing.ScriptedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputProfilingTest {
    @TempDir
    Path tmp;

    private Analysis analyze(List<AnalysisEvent> events, InputProfiler... profilers) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path a = Files.writeString(in.resolve("a.csv"), "x\n1\n");
        Path b = Files.writeString(in.resolve("b.txt"), "notes\n");
        return Analyst.builder().model(ScriptedModel.of("<Answer>ok</Answer>"))
                .executor(new ScriptedExecutor((ws, r) -> ExecutionResult.success("", "", Duration.ZERO)))
                .allowUnsandboxedExecution().workspaceRoot(tmp.resolve("ws")).inputProfilers(profilers).build()
                .analyze(List.of(a, b), "q", AnalysisListener.of(events::add));
    }

    @Test
    void profilerProblemsBecomeNonFatalEventsBeforeTheFirstRoundAndInputNotes() throws IOException {
        List<AnalysisEvent> events = Collections.synchronizedList(new ArrayList<>());
        List<Path> seen = Collections.synchronizedList(new ArrayList<>());
        Analysis a = analyze(events, file -> {
            seen.add(file);
            return InputReport.ofProblems(file.getFileName().toString(),
                    file.toString().endsWith(".csv") ? List.of(file.getFileName() + " looks odd; check it") : List.of());
        });

        assertThat(a.status()).isEqualTo(AnalysisStatus.ANSWERED);
        assertThat(a.inputNotes()).containsExactly("a.csv looks odd; check it");
        assertThat(seen).extracting(p -> p.getParent()).containsOnly(a.workspace()); // the staged copies, not the originals
        assertThat(events.get(0)).isInstanceOf(AnalysisEvent.Started.class);
        assertThat(events.get(1)).isEqualTo(new AnalysisEvent.Problem(events.get(1).at(), "a.csv looks odd; check it", false));
        assertThat(events.get(2)).isInstanceOf(AnalysisEvent.RoundStarted.class);
    }

    @Test
    void eachInputGetsAProfileWithItsNotesEvenFromAProfilerWithoutTypedProfiles() throws IOException {
        Analysis a = analyze(new ArrayList<>(), file -> InputReport.ofProblems(file.getFileName().toString(),
                file.toString().endsWith(".csv") ? List.of("a.csv looks odd") : List.of()));

        assertThat(a.profiles()).extracting(io.github.deepanalyze.common.InputProfile::file).containsExactly("a.csv", "b.txt");
        assertThat(a.profiles()).extracting(io.github.deepanalyze.common.InputProfile::kind)
                .containsOnly(io.github.deepanalyze.common.InputProfile.Kind.OTHER);
        assertThat(a.profiles().get(0).sizeBytes()).isEqualTo(4);
        assertThat(a.profiles().get(0).notes()).containsExactly("a.csv looks odd");
        assertThat(a.profiles().get(1).notes()).isEmpty();
    }

    @Test
    void aProfilerThatThrowsIsReportedAndTheAnalysisGoesOn() throws IOException {
        List<AnalysisEvent> events = Collections.synchronizedList(new ArrayList<>());
        Analysis a = analyze(events, file -> {
            throw new IllegalArgumentException("boom");
        });

        assertThat(a.status()).isEqualTo(AnalysisStatus.ANSWERED);
        assertThat(a.inputNotes()).hasSize(2).allSatisfy(n -> assertThat(n)
                .startsWith("Could not profile input").contains("boom", "the analysis goes on"));
        assertThat(a.inputNotes().get(0)).contains("a.csv");
    }

    @Test
    void eachInputIsProfiledOnceAndThePromptProfileReceivesTheReports() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path a = Files.writeString(in.resolve("a.csv"), "x\n1\n");
        List<Path> profiled = Collections.synchronizedList(new ArrayList<>());
        List<List<DataFile>> opened = new ArrayList<>();
        PromptProfile reference = PromptProfiles.deepAnalyze();
        PromptProfile recording = new PromptProfile() {
            @Override
            public String name() {
                return "recording";
            }

            @Override
            public List<Message> openingMessages(String question, List<DataFile> files) {
                opened.add(files);
                return reference.openingMessages(question, files);
            }

            @Override
            public Message executeMessage(String output) {
                return reference.executeMessage(output);
            }
        };
        Object detail = new Object();

        Analyst.builder().model(ScriptedModel.of("<Answer>ok</Answer>"))
                .executor(new ScriptedExecutor((ws, r) -> ExecutionResult.success("", "", Duration.ZERO)))
                .allowUnsandboxedExecution().workspaceRoot(tmp.resolve("ws")).promptProfile(recording)
                .inputProfilers(file -> {
                    profiled.add(file);
                    return InputReport.of(file.getFileName().toString(), List.of(), "1 column: x", detail);
                })
                .build().analyze(List.of(a), "q");

        assertThat(profiled).hasSize(1);
        assertThat(opened).singleElement().satisfies(files -> assertThat(files).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("a.csv");
            assertThat(f.description()).isEqualTo("1 column: x");
            assertThat(f.reports()).singleElement().satisfies(r -> assertThat(r.detail(Object.class)).containsSame(detail));
        }));
    }

    @Test
    void noInputProfilingRunsNoProfilerAndLeavesTheFilesWithoutReports() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path a = Files.writeString(in.resolve("a.csv"), "x\n1\n");
        ScriptedModel model = ScriptedModel.of("<Answer>ok</Answer>");
        Analysis result = Analyst.builder().model(model)
                .executor(new ScriptedExecutor((ws, r) -> ExecutionResult.success("", "", Duration.ZERO)))
                .allowUnsandboxedExecution().workspaceRoot(tmp.resolve("ws"))
                .inputProfilers(file -> {
                    throw new AssertionError("profiling is off");
                })
                .noInputProfiling()
                .build().analyze(List.of(a), "q");

        assertThat(result.status()).isEqualTo(AnalysisStatus.ANSWERED);
        assertThat(result.inputNotes()).isEmpty();
    }

    @Test
    void withoutProfilersThereAreNoNotes() throws IOException {
        List<AnalysisEvent> events = Collections.synchronizedList(new ArrayList<>());
        Analysis a = analyze(events);
        assertThat(a.inputNotes()).isEmpty();
        assertThat(events).noneMatch(e -> e instanceof AnalysisEvent.Problem);
    }
}
