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
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisEvent;
import io.github.deepanalyze.Report;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.common.Artifact;
import io.github.deepanalyze.execution.ExecutionResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

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
