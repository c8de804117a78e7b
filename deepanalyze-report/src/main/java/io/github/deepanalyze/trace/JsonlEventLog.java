package io.github.deepanalyze.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.github.deepanalyze.AnalysisEvent;
import io.github.deepanalyze.AnalysisListener;
import io.github.deepanalyze.common.InvalidInputException;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only event log: one JSON object per line for each {@link AnalysisEvent}, written and
 * flushed as the event happens, so a crashed process loses nothing already reported. Each line is
 * {@code {"schema": "deepanalyze.event/1", "event": {"type": "step_completed", …}}}.
 *
 * <p>Attach it with {@code Analyst.builder().listener(log)} (or any listener composition) and
 * close it when the analysis ends. Thread-safe: lines from concurrent analyses never interleave
 * (give each analysis its own log to keep them apart). A write failure is logged once and
 * further events are dropped; it never breaks the run. {@link #read(Path)} reads a log back,
 * ignoring a truncated last line. No method accepts {@code null}.
 */
public final class JsonlEventLog implements AnalysisListener, Closeable {
    /** The schema identifier written on every line. */
    public static final String SCHEMA = "deepanalyze.event/1";
    private static final String PREFIX = "deepanalyze.event/";
    private static final Logger LOG = LoggerFactory.getLogger(JsonlEventLog.class);

    private final Path file;
    private final OutputStream out;
    private final ObjectWriter writer;
    private final ObjectMapper mapper;
    private boolean failed;
    private boolean closed;

    private JsonlEventLog(Path file, OutputStream out, ObjectMapper mapper) {
        this.file = file;
        this.out = out;
        this.mapper = mapper;
        this.writer = mapper.writer();
    }

    /** Opens {@code file} for appending (creating it and its parent directories if needed). */
    public static JsonlEventLog open(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            return new JsonlEventLog(file, out, TraceMapper.create());
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the event log " + file + " for appending: " + e.getMessage(), e);
        }
    }

    /** The file this log appends to. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized void onEvent(AnalysisEvent event) {
        Objects.requireNonNull(event, "event");
        if (failed || closed) {
            return;
        }
        try {
            var line = mapper.createObjectNode();
            line.put("schema", SCHEMA);
            line.set("event", mapper.valueToTree(event));
            byte[] bytes = writer.writeValueAsBytes(line);
            out.write(bytes);
            out.write('\n');
            out.flush();
        } catch (IOException | IllegalArgumentException e) {
            failed = true;
            LOG.warn("event log {} stopped after a write failure: {}", file, e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not close the event log " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads every event of the log at {@code file}, in order. A last line without its newline
     * that does not parse (the writer died mid-line) is skipped; any other malformed line fails
     * with an {@link InvalidInputException} naming the line.
     */
    public static List<AnalysisEvent> read(Path file) {
        Objects.requireNonNull(file, "file");
        ObjectMapper mapper = TraceMapper.create();
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the event log " + file + ": " + e.getMessage(), e);
        }
        List<AnalysisEvent> events = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        // content ending in a newline yields an empty last element; a crash mid-line leaves a non-empty one
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            boolean unterminated = i == lines.length - 1;
            try {
                JsonNode node = mapper.readTree(line);
                AnalysisJson.checkSchema(node.path("schema").asText(null), PREFIX, 1, file + " line " + (i + 1));
                JsonNode event = node.get("event");
                if (event == null) {
                    throw new IllegalArgumentException("no \"event\" object");
                }
                events.add(mapper.treeToValue(event, AnalysisEvent.class));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                if (unterminated) {
                    LOG.debug("ignoring the truncated last line of {}", file);
                    break;
                }
                throw new InvalidInputException(file + " line " + (i + 1) + " is not a valid event: " + e.getMessage(), e);
            }
        }
        return List.copyOf(events);
    }
}
