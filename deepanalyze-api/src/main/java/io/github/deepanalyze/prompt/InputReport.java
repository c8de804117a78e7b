package io.github.deepanalyze.prompt;

import io.github.deepanalyze.common.InputProfile;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one input profiler ({@code InputProfiler}) found in one staged input: the problems
 * it reports to the host, and what a {@link PromptProfile} may tell the model about the file. The
 * engine profiles each input once per analysis and hands the reports to the prompt profile on the
 * {@link DataFile}s, so a profile that describes inputs does not read the files again.
 *
 * <p>Immutable and thread-safe if {@code detail} is.
 *
 * @param file the file name in the workspace
 * @param problems sentences naming the file and what to do; empty when the file looks usable or is
 *        not a format the profiler knows
 * @param description a text description for prompts (format, rows, columns, types); empty when the
 *        profiler has none; null is taken as empty
 * @param detail the profiler's own structured profile (e.g. {@code deepanalyze-data}'s {@code DataProfile}),
 *        or null; read it with {@link #detail(Class)}
 * @param profile the profile in the api's own terms, kept in {@code Analysis.profiles()}; null when the profiler
 *        has none
 */
public record InputReport(String file, List<String> problems, String description, Object detail, InputProfile profile) {
    public InputReport {
        Objects.requireNonNull(file, "file");
        problems = List.copyOf(problems);
        description = description == null ? "" : description;
    }

    /** A report without a typed profile (the form before {@link #profile()} existed). */
    public InputReport(String file, List<String> problems, String description, Object detail) {
        this(file, problems, description, detail, null);
    }

    /** A report of problems only, with no description. */
    public static InputReport ofProblems(String file, List<String> problems) {
        return new InputReport(file, problems, "", null);
    }

    /** A report of every part, as the canonical constructor. */
    public static InputReport of(String file, List<String> problems, String description, Object detail) {
        return new InputReport(file, problems, description, detail);
    }

    /** The profiler's structured profile if it is a {@code type}. */
    public <T> Optional<T> detail(Class<T> type) {
        return type.isInstance(detail) ? Optional.of(type.cast(detail)) : Optional.empty();
    }
}
