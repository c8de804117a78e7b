package io.github.deepanalyze.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisEvent;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.StepKind;
import io.github.deepanalyze.common.InvalidInputException;
import io.github.deepanalyze.testing.SampleAnalyses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlEventLogTest {
    @TempDir
    Path dir;

    private List<AnalysisEvent> eventsOf(Analysis a) {
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        List<AnalysisEvent> events = new ArrayList<>();
        events.add(new AnalysisEvent.Started(t, a.question(), a.files(), a.workspace()));
        events.add(new AnalysisEvent.RoundStarted(t, 1));
        events.add(new AnalysisEvent.TextDelta(t, 1, StepKind.ANALYZE, "Load the 数据"));
        for (Step s : a.steps()) {
            events.add(new AnalysisEvent.StepCompleted(t, s));
            if (s instanceof Step.Code c) {
                events.add(new AnalysisEvent.CodeStarting(t, c));
            }
            if (s instanceof Step.Execute e) {
                events.add(new AnalysisEvent.ExecutionFinished(t, e));
                e.result().artifacts().forEach(art -> events.add(new AnalysisEvent.ArtifactCreated(t, art)));
            }
        }
        events.add(new AnalysisEvent.Problem(t, "empty round retried", false));
        events.add(new AnalysisEvent.Answered(t, a.report()));
        events.add(new AnalysisEvent.Finished(t, a));
        return events;
    }

    @Test
    void everyEventIsOnDiskAsSoonAsItIsReported() throws Exception {
        Analysis a = SampleAnalyses.synthetic(dir.resolve("ws"));
        Path file = dir.resolve("logs/run.jsonl");
        List<AnalysisEvent> events = eventsOf(a);
        try (JsonlEventLog log = JsonlEventLog.open(file)) {
            for (int i = 0; i < events.size(); i++) {
                log.onEvent(events.get(i));
                // read back while the log is still open: nothing may sit in a buffer
                assertThat(Files.readAllLines(file)).hasSize(i + 1);
            }
        }
        assertThat(JsonlEventLog.read(file)).isEqualTo(events);
        assertThat(Files.readAllLines(file).get(0)).startsWith("{\"schema\":\"deepanalyze.event/1\",\"event\":{\"type\":\"started\"");
    }

    @Test
    void truncatedLastLineFromACrashIsIgnored() throws Exception {
        Analysis a = SampleAnalyses.synthetic(dir.resolve("ws"));
        Path file = dir.resolve("run.jsonl");
        List<AnalysisEvent> events = eventsOf(a).subList(0, 4);
        try (JsonlEventLog log = JsonlEventLog.open(file)) {
            events.forEach(log::onEvent);
        }
        Files.writeString(file, "{\"schema\":\"deepanalyze.event/1\",\"event\":{\"type\":\"round_st", java.nio.file.StandardOpenOption.APPEND);
        assertThat(JsonlEventLog.read(file)).isEqualTo(events);
    }

    @Test
    void corruptLineInTheMiddleIsAnErrorNamingTheLine() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"schema\":\"deepanalyze.event/1\",\"event\":{\"type\":\"round_started\",\"at\":\"2026-11-25T10:00:00Z\",\"round\":1}}\n"
                + "garbage\n"
                + "{\"schema\":\"deepanalyze.event/1\",\"event\":{\"type\":\"round_started\",\"at\":\"2026-11-25T10:00:00Z\",\"round\":2}}\n");
        assertThatThrownBy(() -> JsonlEventLog.read(file)).isInstanceOf(InvalidInputException.class).hasMessageContaining("line 2");
    }

    @Test
    void reopeningAppendsInsteadOfTruncating() {
        Path file = dir.resolve("run.jsonl");
        AnalysisEvent e1 = new AnalysisEvent.RoundStarted(Instant.EPOCH, 1);
        AnalysisEvent e2 = new AnalysisEvent.RoundStarted(Instant.EPOCH, 2);
        try (JsonlEventLog log = JsonlEventLog.open(file)) {
            log.onEvent(e1);
        }
        try (JsonlEventLog log = JsonlEventLog.open(file)) {
            log.onEvent(e2);
        }
        assertThat(JsonlEventLog.read(file)).containsExactly(e1, e2);
    }

    @Test
    void eventsAfterCloseAreDroppedWithoutFailingTheRun() {
        Path file = dir.resolve("run.jsonl");
        JsonlEventLog log = JsonlEventLog.open(file);
        log.close();
        log.onEvent(new AnalysisEvent.RoundStarted(Instant.EPOCH, 1));
        assertThat(JsonlEventLog.read(file)).isEmpty();
    }
}
