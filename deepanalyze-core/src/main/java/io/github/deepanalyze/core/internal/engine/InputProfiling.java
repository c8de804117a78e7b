package io.github.deepanalyze.core.internal.engine;

import io.github.deepanalyze.common.Cancellation;
import io.github.deepanalyze.common.InputProfile;
import io.github.deepanalyze.prompt.DataFile;
import io.github.deepanalyze.prompt.InputReport;
import io.github.deepanalyze.spi.InputProfiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every {@link InputProfiler} once over every staged input: the reports go onto the
 * {@link DataFile}s the prompt profile receives, the problems become the analysis's input notes.
 * A profiler that throws is a problem like any other: a file a profiler cannot read may still be
 * readable by the model's code. Stateless.
 */
final class InputProfiling {
    private static final Logger LOG = LoggerFactory.getLogger(InputProfiling.class);

    private InputProfiling() {
    }

    /**
     * @param files the inputs with their reports attached, in the order given
     * @param notes every problem, in file then profiler order
     * @param profiles one per input, in input order: the first profiler's typed profile with every problem
     *        of the file as its notes, or a bare profile (kind OTHER) when no profiler gave one
     */
    record Result(List<DataFile> files, List<String> notes, List<InputProfile> profiles) {
    }

    static Result run(List<DataFile> inputs, Path workspace, List<InputProfiler> profilers, Cancellation cancellation) {
        if (profilers.isEmpty()) {
            return new Result(inputs, List.of(), List.of());
        }
        List<DataFile> files = new ArrayList<>(inputs.size());
        List<String> notes = new ArrayList<>();
        List<InputProfile> profiles = new ArrayList<>(inputs.size());
        for (DataFile f : inputs) {
            Path path = workspace.resolve(f.name());
            List<InputReport> reports = new ArrayList<>(profilers.size());
            for (InputProfiler p : profilers) {
                cancellation.throwIfCancelled();
                InputReport report;
                try {
                    report = p.profile(path);
                    if (report == null) {
                        throw new NullPointerException("profile(" + f.name() + ") returned null");
                    }
                } catch (RuntimeException e) {
                    LOG.debug("input profiler {} failed on {}", p.getClass().getName(), path, e);
                    report = InputReport.ofProblems(f.name(), List.of("Could not profile input " + f.name() + " ("
                            + p.getClass().getSimpleName() + ": " + e
                            + "); the analysis goes on and the model's code may still read it"));
                }
                reports.add(report);
                notes.addAll(report.problems());
            }
            List<String> fileNotes = reports.stream().flatMap(r -> r.problems().stream()).toList();
            profiles.add(reports.stream().map(InputReport::profile).filter(java.util.Objects::nonNull).findFirst()
                    .orElseGet(() -> new InputProfile(f.name(), InputProfile.Kind.OTHER, sizeOf(path), "", List.of(),
                            List.of()))
                    .withNotes(fileNotes));
            files.add(f.withReports(reports));
        }
        return new Result(List.copyOf(files), List.copyOf(notes), List.copyOf(profiles));
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
