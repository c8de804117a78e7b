package io.github.deepanalyze.core.internal.protocol;

import static io.github.deepanalyze.StepKind.ANALYZE;
import static io.github.deepanalyze.StepKind.ANSWER;
import static io.github.deepanalyze.StepKind.CODE;
import static io.github.deepanalyze.StepKind.EXECUTE;
import static io.github.deepanalyze.StepKind.UNDERSTAND;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.StepKind;
import io.github.deepanalyze.testing.Fixtures;
import io.github.deepanalyze.testing.RecordedTrajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Golden tests on the real DeepAnalyze-8B run over the student-loan data. */
class RecordedRunParsingTest {

    private static RecordedTrajectory run;
    private static RecordingListener reference;

    @BeforeAll
    static void parseWhole() {
        run = Fixtures.studentLoanTrajectory();
        reference = Chunkings.whole(run.raw());
    }

    @Test
    void parsesTheRunIntoTheRecordedSequenceOfSections() {
        List<StepKind> expected = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            expected.addAll(List.of(ANALYZE, CODE, EXECUTE, UNDERSTAND));
        }
        expected.addAll(List.of(ANALYZE, CODE, EXECUTE, ANSWER));

        List<Section> sections = TagStreamParser.parse(run.raw());

        assertThat(sections).extracting(Section::kind).containsExactlyElementsOf(expected);
        assertThat(sections).allMatch(Section::closed);
        assertThat(sections).filteredOn(s -> s.kind() == CODE).hasSize(7);
        assertThat(sections).filteredOn(s -> s.kind() == EXECUTE).hasSize(7);
        assertThat(sections).filteredOn(s -> s.kind() == ANSWER).hasSize(1);
    }

    @Test
    void extractsEveryProgramAsTheContentOfItsPythonFence() {
        Matcher m = Pattern.compile("<Code>\\s*```python(.*?)```\\s*</Code>", Pattern.DOTALL).matcher(run.raw());
        List<String> fenced = new ArrayList<>();
        while (m.find()) {
            fenced.add(m.group(1).strip());
        }
        assertThat(fenced).hasSize(7);

        List<Section> code = TagStreamParser.parse(run.raw()).stream().filter(s -> s.kind() == CODE).toList();

        assertThat(code).extracting(s -> CodeBlocks.extract(s.body())).containsExactlyElementsOf(fenced);
        assertThat(code).allMatch(s -> CodeBlocks.isPythonFenced(s.body()));
        assertThat(fenced.get(0)).startsWith("import pandas as pd\nimport matplotlib.pyplot as plt\n");
    }

    @Test
    void keepsEveryExecuteOutputExactlyAsRecorded() {
        List<Section> execute = TagStreamParser.parse(run.raw()).stream().filter(s -> s.kind() == EXECUTE).toList();

        assertThat(execute).extracting(Section::body)
                .containsExactlyElementsOf(run.executeOutputs().stream().map(o -> "\n" + o + "\n").toList());
    }

    @Test
    void endsWithTheMarkdownReport() {
        List<Section> sections = TagStreamParser.parse(run.raw());
        Section answer = sections.get(sections.size() - 1);

        assertThat(answer.kind()).isEqualTo(ANSWER);
        assertThat(answer.body().strip()).startsWith("# Comprehensive Analysis of Student Enrollment Patterns");
        assertThat(answer.body()).endsWith("higher education systems.\n");
    }

    @Test
    void reportsTheCodeOfEachServedTurnAsUnclosed() {
        for (int i = 0; i < run.turns().size(); i++) {
            List<Section> sections = TagStreamParser.parse(run.servedTurn(i));
            Section last = sections.get(sections.size() - 1);
            if (i < run.turns().size() - 1) {
                assertThat(last.kind()).as("turn %d", i).isEqualTo(CODE);
                assertThat(last.closed()).as("turn %d", i).isFalse();
                assertThat(CodeBlocks.isPythonFenced(last.body())).isTrue();
            } else {
                assertThat(last.kind()).isEqualTo(ANSWER);
                assertThat(last.closed()).isTrue();
            }
            assertThat(sections).extracting(Section::kind).doesNotContain(EXECUTE);
        }
    }

    @Test
    void givesTheSameResultWhateverTheSplitPoint() {
        String raw = run.raw();
        for (int cut = 0; cut <= raw.length(); cut++) {
            RecordingListener split = Chunkings.splitAt(raw, cut);
            if (!split.events.equals(reference.events)) {
                assertThat(split.events).as("split at %d", cut).isEqualTo(reference.events);
            }
        }
    }

    @Test
    void givesTheSameResultForRandomChunkSizes() {
        for (long seed = 1; seed <= 40; seed++) {
            RecordingListener chunked = Chunkings.randomChunks(run.raw(), seed, 16);
            assertThat(chunked.events).as("seed %d", seed).isEqualTo(reference.events);
            assertThat(chunked.emptyDeltas).isZero();
            assertThat(chunked.joinedDeltas).containsExactlyElementsOf(
                    chunked.closed.stream().map(Section::body).toList());
        }
    }

    @Test
    void givesTheSameResultOneCharacterAtATime() {
        RecordingListener perChar = Chunkings.randomChunks(run.raw(), 7, 1);
        assertThat(perChar.events).isEqualTo(reference.events);
    }
}
