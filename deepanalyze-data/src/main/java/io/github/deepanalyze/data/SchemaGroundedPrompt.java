package io.github.deepanalyze.data;

import io.github.deepanalyze.common.ConfigurationException;
import io.github.deepanalyze.common.DeepAnalyzeException;
import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.model.Role;
import io.github.deepanalyze.prompt.DataFile;
import io.github.deepanalyze.prompt.PromptProfile;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An opt-in prompt profile, "schema-grounded": the reference DeepAnalyze user message
 * ({@code # Instruction}, {@code # Data}, {@code File i:} and the file's {@code name}/{@code size}
 * JSON) with each file entry followed by its {@link DataProfile} — format, row count, columns and
 * types. General instruction models otherwise guess column names; with the schema in the prompt
 * their first code block can use the right ones.
 *
 * <p><b>Not for DeepAnalyze-8B.</b> The model was trained on the reference layout, which sends no
 * schema; its default profile stays exactly that. Use this one with general models:
 * {@code SchemaGroundedPrompt.of(PromptProfiles.instructionModel(), workspace)}.
 *
 * <p>Everything but the user message comes from the base profile: its other opening messages (a
 * system prompt, say), how execution output is sent back, the stop sequences. In an analysis the
 * engine has already profiled each input once ({@link DataInputProfiler}, on by default with this
 * module on the class path) and hands the {@link DataProfile} over on the {@link DataFile}'s
 * reports: that profile is used and the file is not read again. A file without one (input
 * profiling off, or a profile made {@link #withProfiler(DataProfiler) with another profiler}) is
 * profiled when {@link #openingMessages} is called, by name, resolved against the workspace
 * directory the profile is bound to: {@link #of(PromptProfile, Path)} binds it at once;
 * {@link #of(PromptProfile)} makes an unbound profile to configure on an {@code Analyst}, which the
 * engine binds to each analysis's workspace with {@link #withWorkspace(Path)} (an unbound profile
 * refuses to render a file it has to read itself).
 *
 * <p>Immutable and thread-safe. Arguments must not be null.
 */
public final class SchemaGroundedPrompt implements PromptProfile {
    private final PromptProfile base;
    private final Path workspace;
    private final DataProfiler profiler;
    /** Whether the engine's profiles ({@link DataProfiler#defaults()}) can stand in for this profile's own. */
    private final boolean defaultProfiler;

    private SchemaGroundedPrompt(PromptProfile base, Path workspace, DataProfiler profiler) {
        this.base = Objects.requireNonNull(base, "base");
        this.workspace = workspace == null ? null : workspace.toAbsolutePath().normalize();
        this.profiler = Objects.requireNonNull(profiler, "profiler");
        this.defaultProfiler = profiler == DataProfiler.defaults();
    }

    /** An unbound profile grounding {@code base}; bind it to a workspace with {@link #withWorkspace(Path)} before use. */
    public static SchemaGroundedPrompt of(PromptProfile base) {
        return new SchemaGroundedPrompt(base, null, DataProfiler.defaults());
    }

    /** A copy bound to {@code workspace}, the directory the input files are staged in. */
    @Override
    public SchemaGroundedPrompt forWorkspace(Path workspace) {
        return withWorkspace(workspace);
    }

    /** This profile bound to {@code workspace}. */
    public SchemaGroundedPrompt withWorkspace(Path workspace) {
        return new SchemaGroundedPrompt(base, Objects.requireNonNull(workspace, "workspace"), profiler);
    }

    /** A copy that profiles with {@code profiler}. */
    public SchemaGroundedPrompt withProfiler(DataProfiler profiler) {
        return new SchemaGroundedPrompt(base, workspace, profiler);
    }

    /** Grounds {@code base}'s user message in the profiles of the files in {@code workspace}, with default bounds. */
    public static SchemaGroundedPrompt of(PromptProfile base, Path workspace) {
        return new SchemaGroundedPrompt(base, Objects.requireNonNull(workspace, "workspace"), DataProfiler.defaults());
    }

    /** {@code "schema-grounded"}. */
    @Override
    public String name() {
        return "schema-grounded";
    }

    /**
     * The base profile's opening messages with its first user message replaced by the grounded one
     * (appended when the base has no user message).
     *
     * @throws ConfigurationException if a file carries no profile and this profile is not bound to a workspace
     */
    @Override
    public List<Message> openingMessages(String question, List<DataFile> files) {
        Objects.requireNonNull(question, "question");
        if (workspace == null && files.stream().anyMatch(f -> carried(f) == null)) {
            throw new ConfigurationException("the schema-grounded prompt profile is not bound to a workspace, so it cannot"
                    + " profile the input files; bind it per analysis with withWorkspace(workspace), or create it with"
                    + " SchemaGroundedPrompt.of(base, workspace)");
        }
        List<DataFile> list = List.copyOf(files);
        Message user = Message.user(userMessage(question, list));
        List<Message> out = new ArrayList<>(base.openingMessages(question, list));
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).role() == Role.USER) {
                out.set(i, user);
                return List.copyOf(out);
            }
        }
        out.add(user);
        return List.copyOf(out);
    }

    /** The base profile's follow-up: a session's later questions add no profile text (the model saw it first). */
    @Override
    public Message followUpMessage(String question, List<DataFile> files) {
        return base.followUpMessage(question, files);
    }

    @Override
    public Message executeMessage(String output) {
        return base.executeMessage(output);
    }

    /** The base profile's: grounding the prompt changes what the model reads, not what its code imports. */
    @Override
    public Set<String> requiredModules() {
        return base.requiredModules();
    }

    @Override
    public List<String> stopSequences() {
        return base.stopSequences();
    }

    /** The grounded user message: the reference layout with a profile after each file entry. */
    String userMessage(String question, List<DataFile> files) {
        StringBuilder sb = new StringBuilder("# Instruction\n").append(question.strip());
        if (files.isEmpty()) {
            return sb.toString();
        }
        sb.append("\n\n# Data\n");
        int i = 1;
        for (DataFile f : files) {
            sb.append("File ").append(i++).append(":\n")
                    .append("{\n    \"name\": ").append(jsonString(f.name()))
                    .append(",\n    \"size\": ").append(jsonString(size(f.sizeBytes())))
                    .append("\n}\n")
                    .append("Profile: ").append(profileText(f))
                    .append("\n\n");
        }
        return sb.toString();
    }

    /** The profile the engine made of {@code f}, if it can stand in for this profile's own, else null. */
    private DataProfile carried(DataFile f) {
        if (!defaultProfiler) {
            return null;
        }
        return f.reports().stream().flatMap(r -> r.detail(DataProfile.class).stream()).findFirst().orElse(null);
    }

    private String profileText(DataFile f) {
        DataProfile carried = carried(f);
        if (carried != null) {
            return carried.toPromptText();
        }
        String name = f.name();
        Path p = workspace.resolve(name).normalize();
        if (!p.startsWith(workspace) || p.equals(workspace)) {
            return "unavailable (the name points outside the workspace)";
        }
        try {
            return profiler.profile(p).toPromptText();
        } catch (DeepAnalyzeException e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }

    /** The reference size: bytes / 1024 with one decimal, rounded half-even as Python's format does, and "KB". */
    static String size(long bytes) {
        return new BigDecimal(bytes).divide(BigDecimal.valueOf(1024)).setScale(1, RoundingMode.HALF_EVEN).toPlainString() + "KB";
    }

    /** A JSON string as Python's {@code json.dumps(..., ensure_ascii=False)} writes it. */
    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    @Override
    public String toString() {
        return "SchemaGroundedPrompt[base=" + base.name() + ", workspace=" + (workspace == null ? "unbound" : workspace) + "]";
    }
}
