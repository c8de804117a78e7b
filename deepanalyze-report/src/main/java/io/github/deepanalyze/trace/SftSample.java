package io.github.deepanalyze.trace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.common.DeepAnalyzeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A DeepAnalyze supervised fine-tuning sample: one user turn (the first prompt) and one assistant
 * string holding the whole trajectory with its {@code <Execute>} blocks inline, plus the character
 * spans of those blocks, from {@code <Execute>} through {@code </Execute>}, whose tokens the training
 * loss masks (label −100).
 *
 * <p>Immutable and thread-safe. No component is {@code null}; {@code system} may be empty
 * (DeepAnalyze-8B is trained without a system message).
 *
 * @param system the system text of the template, usually empty
 * @param query the first user message, e.g. {@code "# Instruction\n…\n\n# Data\nFile 1:\n…"}
 * @param response the assistant side, tags and Execute blocks inline
 * @param executeSpans {@code [start, end)} character offsets into {@code response} of each Execute block, tags included
 */
public record SftSample(String system, String query, String response, List<Span> executeSpans) {
    /** DeepSeek-R1's template tokens. */
    public static final String BOS = "<｜begin▁of▁sentence｜>";
    public static final String USER = "<｜User｜>";
    public static final String ASSISTANT = "<｜Assistant｜>";
    public static final String EOS = "<｜end▁of▁sentence｜>";

    private static final String OPEN = "<Execute>";
    private static final String CLOSE = "</Execute>";

    public SftSample {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(response, "response");
        executeSpans = List.copyOf(executeSpans);
        for (Span s : executeSpans) {
            if (s.end() > response.length()) {
                throw new IllegalArgumentException("span " + s + " lies beyond the response (" + response.length() + " chars)");
            }
        }
    }

    /** A half-open character range {@code [start, end)}. */
    public record Span(int start, int end) {
        public Span {
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("invalid span [" + start + ", " + end + ")");
            }
        }

        /** This span moved {@code offset} characters to the right. */
        public Span shift(int offset) {
            return new Span(start + offset, end + offset);
        }
    }

    /**
     * The sample of {@code analysis} with {@code query} as the user turn (the exact first user
     * message the model was given, as {@code PromptProfile.openingMessages} built it) and no
     * system text.
     */
    public static SftSample of(Analysis analysis, String query) {
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(query, "query");
        String response = analysis.transcript();
        if (response.isBlank()) {
            throw new DeepAnalyzeException("the analysis of \"" + analysis.question()
                    + "\" has an empty transcript; only a run with model output can be exported for training");
        }
        return new SftSample("", query, response, spans(response));
    }

    /**
     * The sample of {@code analysis} with the opening messages {@code profile} builds for its
     * question over {@code files} (the same the model was given): the first user message is the
     * query, a system message (if the profile sends one) the system text.
     */
    public static SftSample of(Analysis analysis, io.github.deepanalyze.prompt.PromptProfile profile,
            List<io.github.deepanalyze.prompt.DataFile> files) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(files, "files");
        List<io.github.deepanalyze.model.Message> opening = profile.openingMessages(analysis.question(), files);
        String system = opening.stream().filter(m -> m.role() == io.github.deepanalyze.model.Role.SYSTEM)
                .map(io.github.deepanalyze.model.Message::content).findFirst().orElse("");
        String query = opening.stream().filter(m -> m.role() == io.github.deepanalyze.model.Role.USER)
                .map(io.github.deepanalyze.model.Message::content).findFirst()
                .orElseThrow(() -> new DeepAnalyzeException("prompt profile " + profile.name() + " opens with no user message; an SFT sample needs one"));
        return of(analysis, query).withSystem(system);
    }

    /** This sample with {@code system} as the template's system text. */
    public SftSample withSystem(String system) {
        return new SftSample(system, query, response, executeSpans);
    }

    static List<Span> spans(String text) {
        List<Span> spans = new ArrayList<>();
        int pos = 0;
        while (true) {
            int open = text.indexOf(OPEN, pos);
            if (open < 0) {
                return spans;
            }
            int close = text.indexOf(CLOSE, open + OPEN.length());
            int end = close < 0 ? text.length() : close + CLOSE.length();
            spans.add(new Span(open, end));
            pos = end;
        }
    }

    /** The prompt rendered with DeepSeek-R1's template: {@code BOS system USER query ASSISTANT response EOS}. */
    public String render() {
        return renderedPrefix() + response + EOS;
    }

    /** The Execute spans as offsets into {@link #render()}. */
    public List<Span> renderedExecuteSpans() {
        int offset = renderedPrefix().length();
        return executeSpans.stream().map(s -> s.shift(offset)).toList();
    }

    /** The response with every Execute span removed: exactly the characters the loss trains on. */
    public String trainedText() {
        StringBuilder sb = new StringBuilder();
        int pos = 0;
        for (Span s : executeSpans) {
            sb.append(response, pos, s.start());
            pos = s.end();
        }
        return sb.append(response.substring(pos)).toString();
    }

    private String renderedPrefix() {
        return BOS + system + USER + query + ASSISTANT;
    }

    /**
     * One JSONL line for training pipelines: {@code {"messages": [{"role": "user", …}, {"role":
     * "assistant", …}], "execute_spans": [[start, end], …], "text": "<rendered template>"}}, with
     * a leading system message only when {@link #system()} is not empty.
     */
    public String toJsonLine() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode messages = root.putArray("messages");
        if (!system.isEmpty()) {
            messages.addObject().put("role", "system").put("content", system);
        }
        messages.addObject().put("role", "user").put("content", query);
        messages.addObject().put("role", "assistant").put("content", response);
        ArrayNode spans = root.putArray("execute_spans");
        executeSpans.forEach(s -> spans.addArray().add(s.start()).add(s.end()));
        root.put("text", render());
        try {
            return mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DeepAnalyzeException("could not serialise the SFT sample: " + e.getOriginalMessage(), e);
        }
    }
}
