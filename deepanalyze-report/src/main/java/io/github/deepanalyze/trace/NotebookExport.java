package io.github.deepanalyze.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.common.Artifact;
import io.github.deepanalyze.common.DeepAnalyzeException;
import io.github.deepanalyze.execution.ExecutionResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Exports an analysis as a Jupyter notebook (nbformat 4.5): a markdown cell with the question,
 * markdown cells for {@code Analyze}, {@code Understand} and {@code Answer}, and a code cell per
 * executed program with its outputs — {@code stream} outputs for stdout and stderr, an
 * {@code error} output for a traceback, and {@code display_data} with the base64 image for each
 * image the block created (read from the workspace; images already deleted are left out).
 *
 * <p>Stateless and thread-safe; the methods accept no {@code null}.
 */
public final class NotebookExport {
    private static final Set<String> BINARY_IMAGES = Set.of("image/png", "image/jpeg", "image/gif");
    private final ObjectMapper mapper = new ObjectMapper();

    private NotebookExport() {
    }

    /** An exporter. */
    public static NotebookExport create() {
        return new NotebookExport();
    }

    /** The notebook of {@code analysis} as JSON text. */
    public String toJson(Analysis analysis) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(toTree(analysis));
        } catch (JsonProcessingException e) {
            throw new DeepAnalyzeException("could not serialise the notebook: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes the notebook of {@code analysis} to {@code file} (conventionally {@code *.ipynb}). */
    public void write(Analysis analysis, Path file) {
        Objects.requireNonNull(file, "file");
        try {
            Files.writeString(file, toJson(analysis), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the notebook " + file + ": " + e.getMessage(), e);
        }
    }

    ObjectNode toTree(Analysis analysis) {
        Objects.requireNonNull(analysis, "analysis");
        ObjectNode nb = mapper.createObjectNode();
        ArrayNode cells = nb.putArray("cells");
        int[] ids = {0};
        markdown(cells, ids, "# " + analysis.question().strip().replace("\n", " ") + "\n\n*DeepAnalyze analysis, "
                + analysis.rounds() + " rounds, " + analysis.status().name().toLowerCase(java.util.Locale.ROOT) + "*");
        List<Step> steps = analysis.steps();
        int executionCount = 0;
        for (int i = 0; i < steps.size(); i++) {
            switch (steps.get(i)) {
                case Step.Analyze s -> markdown(cells, ids, "**Analyze**\n\n" + s.text().strip());
                case Step.Understand s -> markdown(cells, ids, "**Understand**\n\n" + s.text().strip());
                case Step.Answer s -> markdown(cells, ids, s.text().strip());
                case Step.Code s -> {
                    Step.Execute exec = i + 1 < steps.size() && steps.get(i + 1) instanceof Step.Execute e ? e : null;
                    if (exec != null) {
                        i++;
                    }
                    code(cells, ids, s.code(), exec == null ? null : ++executionCount, exec);
                }
                case Step.Execute s -> code(cells, ids, "", ++executionCount, s);
            }
        }
        ObjectNode meta = nb.putObject("metadata");
        ObjectNode kernel = meta.putObject("kernelspec");
        kernel.put("display_name", "Python 3").put("language", "python").put("name", "python3");
        meta.putObject("language_info").put("name", "python");
        nb.put("nbformat", 4);
        nb.put("nbformat_minor", 5);
        return nb;
    }

    private void markdown(ArrayNode cells, int[] ids, String text) {
        ObjectNode cell = cells.addObject();
        cell.put("cell_type", "markdown");
        cell.put("id", "cell-" + ++ids[0]);
        cell.putObject("metadata");
        cell.set("source", lines(text));
    }

    private void code(ArrayNode cells, int[] ids, String source, Integer count, Step.Execute exec) {
        ObjectNode cell = cells.addObject();
        cell.put("cell_type", "code");
        cell.put("id", "cell-" + ++ids[0]);
        cell.putObject("metadata");
        cell.set("source", lines(source.strip()));
        if (count == null) {
            cell.putNull("execution_count");
        } else {
            cell.put("execution_count", count);
        }
        ArrayNode outputs = cell.putArray("outputs");
        if (exec != null) {
            outputs(outputs, exec);
        }
    }

    private void outputs(ArrayNode outputs, Step.Execute exec) {
        ExecutionResult r = exec.result();
        boolean structured = !r.stdout().isEmpty() || !r.stderr().isEmpty() || !r.isSuccess();
        if (!structured && !exec.text().isEmpty()) {
            stream(outputs, "stdout", exec.text());
        }
        stream(outputs, "stdout", r.stdout());
        stream(outputs, "stderr", r.stderr());
        if (r.error() != null) {
            ObjectNode err = outputs.addObject();
            err.put("output_type", "error");
            err.put("ename", r.error().type().isEmpty() ? "Error" : r.error().type());
            err.put("evalue", r.error().message().strip());
            ArrayNode trace = err.putArray("traceback");
            for (String l : r.error().traceback().strip().split("\n")) {
                trace.add(l);
            }
            if (!r.error().hint().isEmpty()) {
                trace.add("Hint: " + r.error().hint());
            }
        }
        if (!r.isSuccess() && r.outcome() != ExecutionResult.Outcome.ERROR && (r.error() == null || !r.detail().isEmpty())) {
            stream(outputs, "stderr", failureLine(r) + "\n");
        }
        for (Artifact a : r.artifacts()) {
            image(outputs, a);
        }
    }

    /** How a block that raised no Python exception failed, for a reader of the notebook. */
    private static String failureLine(ExecutionResult r) {
        String what = switch (r.outcome()) {
            case TIMEOUT -> "timeout: execution exceeded " + r.timeLimit().toSeconds() + " seconds";
            case CANCELLED -> "cancelled";
            case CRASHED -> "crashed";
            case RESOURCE_EXHAUSTED -> "resource limit exceeded";
            default -> r.outcome().name().toLowerCase(java.util.Locale.ROOT);
        };
        return r.detail().isEmpty() ? what : what + ": " + r.detail();
    }

    private void image(ArrayNode outputs, Artifact a) {
        boolean svg = a.mediaType().equals("image/svg+xml");
        if (!(svg || BINARY_IMAGES.contains(a.mediaType())) || !Files.isRegularFile(a.absolutePath())) {
            return;
        }
        try {
            byte[] bytes = Files.readAllBytes(a.absolutePath());
            ObjectNode out = outputs.addObject();
            out.put("output_type", "display_data");
            ObjectNode data = out.putObject("data");
            if (svg) {
                data.set("image/svg+xml", lines(new String(bytes, StandardCharsets.UTF_8)));
            } else {
                data.put(a.mediaType(), Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(bytes) + "\n");
            }
            data.set("text/plain", lines("<" + a.path() + ">"));
            out.putObject("metadata");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the artifact " + a.absolutePath() + ": " + e.getMessage(), e);
        }
    }

    private void stream(ArrayNode outputs, String name, String text) {
        if (text.isEmpty()) {
            return;
        }
        ObjectNode out = outputs.addObject();
        out.put("output_type", "stream");
        out.put("name", name);
        out.set("text", lines(text));
    }

    /** nbformat's multi-line string: a list of lines, each but the last keeping its newline. */
    private ArrayNode lines(String text) {
        ArrayNode arr = mapper.createArrayNode();
        int pos = 0;
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? text.length() : nl + 1;
            arr.add(text.substring(pos, end));
            pos = end;
        }
        return arr;
    }
}
