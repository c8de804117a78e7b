package io.github.deepanalyze.trace;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ResolvableDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisEvent;
import io.github.deepanalyze.Report;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.common.Artifact;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.PythonError;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the one Jackson configuration used for traces. The API records carry no Jackson
 * annotations, so type discriminators and ignored derived properties come from mix-ins here.
 * Paths, durations and instants are written as their ISO/{@code toString} forms so that a
 * relative artifact path stays relative (Jackson's own {@code Path} support writes file URIs).
 */
final class TraceMapper {
    private TraceMapper() {
    }

    static ObjectMapper create() {
        SimpleModule module = new SimpleModule("deepanalyze-trace");
        add(module, Path.class, Path::toString, Path::of);
        add(module, Duration.class, Duration::toString, Duration::parse);
        add(module, Instant.class, Instant::toString, Instant::parse);
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                    JsonDeserializer<?> deserializer) {
                return description.getBeanClass() == ExecutionResult.class ? new ExecutionResultReader(deserializer) : deserializer;
            }
        });
        return JsonMapper.builder()
                .addModule(module)
                .addMixIn(Step.class, StepMixin.class)
                .addMixIn(AnalysisEvent.class, EventMixin.class)
                .addMixIn(Analysis.class, AnalysisMixin.class)
                .addMixIn(Artifact.class, ArtifactMixin.class)
                .addMixIn(Report.class, ReportMixin.class)
                .addMixIn(ExecutionResult.class, ExecutionResultMixin.class)
                .addMixIn(io.github.deepanalyze.common.TokenUsage.class, TokenUsageMixin.class)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
    }

    private static <T> void add(SimpleModule module, Class<T> type, Function<T, String> write, Function<String, T> read) {
        module.addSerializer(type, new JsonSerializer<T>() {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(write.apply(value));
            }
        });
        module.addDeserializer(type, new JsonDeserializer<T>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String text = p.getValueAsString();
                try {
                    return read.apply(text);
                } catch (RuntimeException e) {
                    return ctxt.reportInputMismatch(type, "cannot read %s from \"%s\": %s", type.getSimpleName(), text, e.getMessage());
                }
            }
        });
    }

    /**
     * Reads execution results in both shapes: today's (a structured {@code error}, {@code detail},
     * {@code timeLimit}, {@code stateLost}) and the one traces had before executors returned data
     * (the Execute wording in one {@code error} string: a traceback, or {@code [Timeout]: …},
     * {@code [Crashed]: …}, {@code [Cancelled]: …}). An old document is upgraded in memory, so a trace
     * saved by an earlier build still reads back; nothing is lost but the bracket wording, which the
     * engine renders again from the outcome.
     */
    static final class ExecutionResultReader extends StdDeserializer<ExecutionResult> implements ResolvableDeserializer {
        private static final long serialVersionUID = 1L;
        private static final Pattern TIMEOUT = Pattern.compile("exceeded (\\d+) seconds");
        private static final Pattern BRACKET = Pattern.compile("^\\[(Cancelled|Crashed|Timeout|Note)]:\\s*");
        private final transient JsonDeserializer<?> standard;

        ExecutionResultReader(JsonDeserializer<?> standard) {
            super(ExecutionResult.class);
            this.standard = standard;
        }

        @Override
        public void resolve(DeserializationContext ctxt) throws JsonMappingException {
            if (standard instanceof ResolvableDeserializer r) {
                r.resolve(ctxt);
            }
        }

        @Override
        public ExecutionResult deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode tree = p.readValueAsTree();
            if (tree instanceof ObjectNode node && node.path("error").isTextual()) {
                upgrade(node, ctxt);
            }
            try (JsonParser q = tree.traverse(p.getCodec())) {
                q.nextToken();
                return (ExecutionResult) standard.deserialize(q, ctxt);
            }
        }

        private static void upgrade(ObjectNode node, DeserializationContext ctxt) {
            String text = node.remove("error").asText();
            String outcome = node.path("outcome").asText();
            String detail = BRACKET.matcher(text).replaceFirst("");
            switch (outcome) {
                case "SUCCESS" -> { }
                case "ERROR" -> node.set("error", errorNode(PythonError.parse(text), ctxt));
                case "RESOURCE_EXHAUSTED" -> {
                    if (text.startsWith("Traceback")) {
                        node.set("error", errorNode(PythonError.parse(text), ctxt));
                    } else {
                        node.put("detail", detail);
                    }
                }
                case "TIMEOUT" -> {
                    Matcher m = TIMEOUT.matcher(text);
                    if (!node.has("timeLimit")) {
                        node.put("timeLimit", m.find() ? Duration.ofSeconds(Long.parseLong(m.group(1))).toString()
                                : node.path("duration").asText("PT1S"));
                    }
                }
                default -> node.put("detail", detail);
            }
            if (!node.has("detail")) {
                node.put("detail", "");
            }
            if (!node.has("timeLimit")) {
                node.put("timeLimit", Duration.ZERO.toString());
            }
        }

        private static JsonNode errorNode(PythonError error, DeserializationContext ctxt) {
            ObjectNode e = ctxt.getConfig().getNodeFactory().objectNode();
            e.put("type", error.type());
            e.put("message", error.message());
            e.put("traceback", error.traceback());
            var frames = e.putArray("frames");
            for (PythonError.Frame f : error.frames()) {
                frames.addObject().put("file", f.file()).put("line", f.line()).put("function", f.function());
            }
            e.put("hint", error.hint());
            return e;
        }
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Step.Analyze.class, name = "analyze"),
        @JsonSubTypes.Type(value = Step.Understand.class, name = "understand"),
        @JsonSubTypes.Type(value = Step.Code.class, name = "code"),
        @JsonSubTypes.Type(value = Step.Execute.class, name = "execute"),
        @JsonSubTypes.Type(value = Step.Answer.class, name = "answer")
    })
    @JsonIgnoreProperties(value = {"kind"}, allowGetters = false)
    interface StepMixin {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = AnalysisEvent.Started.class, name = "started"),
        @JsonSubTypes.Type(value = AnalysisEvent.RoundStarted.class, name = "round_started"),
        @JsonSubTypes.Type(value = AnalysisEvent.TextDelta.class, name = "text_delta"),
        @JsonSubTypes.Type(value = AnalysisEvent.StepCompleted.class, name = "step_completed"),
        @JsonSubTypes.Type(value = AnalysisEvent.CodeStarting.class, name = "code_starting"),
        @JsonSubTypes.Type(value = AnalysisEvent.ExecutionFinished.class, name = "execution_finished"),
        @JsonSubTypes.Type(value = AnalysisEvent.ArtifactCreated.class, name = "artifact_created"),
        @JsonSubTypes.Type(value = AnalysisEvent.Answered.class, name = "answered"),
        @JsonSubTypes.Type(value = AnalysisEvent.Problem.class, name = "problem"),
        @JsonSubTypes.Type(value = AnalysisEvent.Finished.class, name = "finished")
    })
    interface EventMixin {
    }

    @JsonIgnoreProperties({"answered"})
    interface AnalysisMixin {
    }

    @JsonIgnoreProperties({"image"})
    interface ArtifactMixin {
    }

    @JsonIgnoreProperties({"empty"})
    interface ReportMixin {
    }

    @JsonIgnoreProperties({"success"})
    interface ExecutionResultMixin {
    }

    @JsonIgnoreProperties({"totalTokens"})
    interface TokenUsageMixin {
    }
}
