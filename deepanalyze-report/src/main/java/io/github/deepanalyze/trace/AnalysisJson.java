package io.github.deepanalyze.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.common.DeepAnalyzeException;
import io.github.deepanalyze.common.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes an {@link Analysis} as JSON and reads it back equal: steps, execution results with their
 * artifacts, paths, durations and instants all round-trip by value.
 *
 * <p>The document is {@code {"schema": "deepanalyze.analysis/1", "analysis": {…}}}. Steps carry a
 * {@code "type"} discriminator ({@code analyze}, {@code understand}, {@code code}, {@code execute},
 * {@code answer}); paths are plain strings as the OS writes them; durations and instants use
 * ISO-8601. A reader accepts any document whose schema major version it knows and ignores
 * properties it does not know, so minor additions stay readable; an unknown major version fails
 * with an {@link InvalidInputException} naming it. Properties added later read back empty from
 * documents written before them: {@code inputNotes} and {@code profiles} as none, {@code timing} as
 * {@link io.github.deepanalyze.AnalysisTiming#EMPTY}; an execution result whose {@code error} is the
 * old single string (a traceback or {@code [Timeout]: …}, {@code [Crashed]: …}) reads back as today's
 * structured result.
 *
 * <p>Instances are immutable and thread-safe; share one. No method accepts or returns {@code null}.
 */
public final class AnalysisJson {
    /** The schema identifier written into every document. */
    public static final String SCHEMA = "deepanalyze.analysis/1";
    static final String SCHEMA_PREFIX = "deepanalyze.analysis/";
    static final int MAJOR = 1;

    private final ObjectMapper mapper;
    private final boolean pretty;

    private AnalysisJson(ObjectMapper mapper, boolean pretty) {
        this.mapper = mapper;
        this.pretty = pretty;
    }

    /** A compact writer and reader. */
    public static AnalysisJson create() {
        return new AnalysisJson(TraceMapper.create(), false);
    }

    /** A copy that indents its output for people to read. */
    public AnalysisJson withPrettyPrinting() {
        return new AnalysisJson(mapper, true);
    }

    /** Writes {@code analysis} to {@code out}; the stream is flushed, not closed. */
    public void write(Analysis analysis, OutputStream out) {
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(out, "out");
        try {
            writer().writeValue(new NonClosingOutputStream(out), envelope(analysis));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the analysis JSON: " + e.getMessage(), e);
        }
    }

    /** Writes {@code analysis} to {@code file}, replacing it. */
    public void write(Analysis analysis, Path file) {
        Objects.requireNonNull(file, "file");
        try (OutputStream out = Files.newOutputStream(file)) {
            write(analysis, out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the analysis JSON to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The JSON document as a string. */
    public String toJson(Analysis analysis) {
        Objects.requireNonNull(analysis, "analysis");
        try {
            return writer().writeValueAsString(envelope(analysis));
        } catch (JsonProcessingException e) {
            throw new DeepAnalyzeException("could not serialise the analysis: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads an analysis from {@code in}; the stream is not closed. */
    public Analysis read(InputStream in) {
        Objects.requireNonNull(in, "in");
        try {
            return fromTree(mapper.readTree(new NonClosingInputStream(in)), "the input stream");
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("the input stream is not a valid analysis JSON document: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads an analysis from {@code file}. */
    public Analysis read(Path file) {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return fromTree(mapper.readTree(in), file.toString());
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + " is not a valid analysis JSON document: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads an analysis from a JSON string. */
    public Analysis fromJson(String json) {
        Objects.requireNonNull(json, "json");
        try {
            return fromTree(mapper.readTree(json), "the JSON string");
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("the JSON string is not a valid analysis document: " + e.getOriginalMessage(), e);
        }
    }

    ObjectMapper mapper() {
        return mapper;
    }

    private com.fasterxml.jackson.databind.ObjectWriter writer() {
        return pretty ? mapper.writerWithDefaultPrettyPrinter() : mapper.writer();
    }

    private ObjectNode envelope(Analysis analysis) {
        ObjectNode root = mapper.createObjectNode();
        root.put("schema", SCHEMA);
        root.set("analysis", mapper.valueToTree(analysis));
        return root;
    }

    private Analysis fromTree(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(source + " is not a JSON object; expected {\"schema\": \"" + SCHEMA + "\", \"analysis\": {...}}");
        }
        checkSchema(root.path("schema").asText(null), SCHEMA_PREFIX, MAJOR, source);
        JsonNode body = root.get("analysis");
        if (body == null || !body.isObject()) {
            throw new InvalidInputException(source + " has no \"analysis\" object");
        }
        try {
            return mapper.treeToValue(body, Analysis.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new InvalidInputException(source + " holds an analysis that cannot be read: " + msg, e);
        }
    }

    static void checkSchema(String schema, String prefix, int major, String source) {
        if (schema == null) {
            throw new InvalidInputException(source + " has no \"schema\" property; expected \"" + prefix + major + "\"");
        }
        if (!schema.startsWith(prefix)) {
            throw new InvalidInputException(source + " has schema \"" + schema + "\", not a " + prefix + "* document");
        }
        String version = schema.substring(prefix.length());
        String majorText = version.contains(".") ? version.substring(0, version.indexOf('.')) : version;
        int found;
        try {
            found = Integer.parseInt(majorText);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(source + " has a malformed schema version \"" + schema + "\"");
        }
        if (found != major) {
            throw new InvalidInputException(source + " uses schema \"" + schema + "\" (major version " + found
                    + "); this library reads major version " + major + " only. Use a deepanalyze version that writes "
                    + prefix + found + " to read it.");
        }
    }

    private static final class NonClosingOutputStream extends java.io.FilterOutputStream {
        NonClosingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    private static final class NonClosingInputStream extends java.io.FilterInputStream {
        NonClosingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
