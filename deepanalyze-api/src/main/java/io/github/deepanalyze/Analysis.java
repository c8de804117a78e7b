package io.github.deepanalyze;

import io.github.deepanalyze.common.Artifact;
import io.github.deepanalyze.common.InputProfile;
import io.github.deepanalyze.common.TokenUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one analysis: the full typed trace, the report, the artifacts and how it ended.
 * Returned for every run that started, whatever its {@link #status()}; a failed run keeps the
 * trace up to the failure.
 *
 * <p>Immutable and thread-safe.
 *
 * @param question the question as asked (trimmed)
 * @param files the input files' names in the workspace, in prompt order
 * @param workspace the directory the model's code ran in (may be deleted per the retention policy)
 * @param steps every step in order
 * @param report the body of the last complete {@code <Answer>}, or {@link Report#EMPTY}
 * @param artifacts files the model's code created or changed, in creation order, latest version of each
 * @param usage tokens used over all model calls
 * @param rounds how many model calls were made
 * @param wallTime total elapsed time
 * @param status how the analysis ended
 * @param reason a human-readable explanation of the status (what limit, what error)
 * @param transcript the assistant side of the conversation as the model saw it, tags and Execute blocks inline
 * @param inputNotes problems the {@link io.github.deepanalyze.spi.InputProfiler}s found in the inputs before the
 *        first round (the analysis went on regardless); empty when none, when no profiler is installed, and
 *        for the follow-up asks of an {@link AnalysisSession} (inputs are profiled once, by its first ask);
 *        null is taken as empty, so traces written before this field existed read back
 * @param timing where the wall time went (staging, profiling, model, execution, waiting for an executor);
 *        null is taken as {@link AnalysisTiming#EMPTY}, so traces written before this field existed read back
 * @param profiles what profiling found in each input, in input order; empty when profiling is off and for the
 *        follow-up asks of an {@link AnalysisSession}; null is taken as empty, so traces written before this field
 *        existed read back
 */
public record Analysis(
        String question,
        List<String> files,
        Path workspace,
        List<Step> steps,
        Report report,
        List<Artifact> artifacts,
        TokenUsage usage,
        int rounds,
        Duration wallTime,
        AnalysisStatus status,
        String reason,
        String transcript,
        List<String> inputNotes,
        AnalysisTiming timing,
        List<InputProfile> profiles) {

    public Analysis {
        Objects.requireNonNull(question, "question");
        files = List.copyOf(files);
        Objects.requireNonNull(workspace, "workspace");
        steps = List.copyOf(steps);
        Objects.requireNonNull(report, "report");
        artifacts = List.copyOf(artifacts);
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(wallTime, "wallTime");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(transcript, "transcript");
        inputNotes = inputNotes == null ? List.of() : List.copyOf(inputNotes);
        timing = timing == null ? AnalysisTiming.EMPTY : timing;
        profiles = profiles == null ? List.of() : List.copyOf(profiles);
    }

    /** An analysis without input profiles (the form before {@link #profiles()} existed). */
    public Analysis(String question, List<String> files, Path workspace, List<Step> steps, Report report,
                    List<Artifact> artifacts, TokenUsage usage, int rounds, Duration wallTime, AnalysisStatus status,
                    String reason, String transcript, List<String> inputNotes, AnalysisTiming timing) {
        this(question, files, workspace, steps, report, artifacts, usage, rounds, wallTime, status, reason, transcript,
                inputNotes, timing, List.of());
    }

    /** An analysis without a timing breakdown (the form before {@link #timing()} existed). */
    public Analysis(String question, List<String> files, Path workspace, List<Step> steps, Report report,
                    List<Artifact> artifacts, TokenUsage usage, int rounds, Duration wallTime, AnalysisStatus status,
                    String reason, String transcript, List<String> inputNotes) {
        this(question, files, workspace, steps, report, artifacts, usage, rounds, wallTime, status, reason, transcript,
                inputNotes, AnalysisTiming.EMPTY, List.of());
    }

    /** An analysis without input notes (the form before {@link #inputNotes()} existed). */
    public Analysis(String question, List<String> files, Path workspace, List<Step> steps, Report report,
                    List<Artifact> artifacts, TokenUsage usage, int rounds, Duration wallTime, AnalysisStatus status,
                    String reason, String transcript) {
        this(question, files, workspace, steps, report, artifacts, usage, rounds, wallTime, status, reason, transcript,
                List.of(), AnalysisTiming.EMPTY, List.of());
    }

    /** Whether the model produced a final answer. */
    public boolean isAnswered() {
        return status.isAnswered();
    }

    /** The steps of one kind, in order, e.g. {@code steps(Step.Code.class)}. */
    public <S extends Step> List<S> steps(Class<S> type) {
        return steps.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The artifact at {@code relativePath} (as the model named it), if the run produced it. */
    public Optional<Artifact> artifact(String relativePath) {
        Path p = Path.of(relativePath).normalize();
        return artifacts.stream().filter(a -> a.path().equals(p)).findFirst();
    }
}
