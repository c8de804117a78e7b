package io.github.deepanalyze.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.deepanalyze.common.AnalysisCancelledException;
import io.github.deepanalyze.common.Cancellation;
import io.github.deepanalyze.common.ConfigurationException;
import io.github.deepanalyze.common.ModelException;
import io.github.deepanalyze.common.TokenUsage;
import io.github.deepanalyze.model.FinishReason;
import io.github.deepanalyze.model.Generation;
import io.github.deepanalyze.model.GenerationRequest;
import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.model.SamplingOptions;
import io.github.deepanalyze.testing.Fixtures;
import io.github.deepanalyze.testing.RecordedRequest;
import io.github.deepanalyze.testing.RecordedTrajectory;
import io.github.deepanalyze.testing.ScriptedModelServer.Reply;
import io.github.deepanalyze.testing.ScriptedModelServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleModelTest {

    private static final SamplingOptions SAMPLING = SamplingOptions.DEFAULT.withTemperature(0.5).withMaxNewTokens(4096);

    private final ScriptedModelServer server = ScriptedModelServer.start();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final List<String> deltas = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopServer() {
        server.close();
    }

    private OpenAiCompatibleModel.Builder builder() {
        return OpenAiCompatibleModel.builder()
                .baseUrl(server.baseUrl())
                .model("DeepAnalyze-8B")
                .readTimeout(Duration.ofSeconds(5))
                .sleeper((delay, cancellation) -> sleeps.add(delay))
                .jitter(() -> 1.0);
    }

    private OpenAiCompatibleModel model() {
        return builder().build();
    }

    private static GenerationRequest request(Message... messages) {
        return request(Cancellation.none(), messages);
    }

    private static GenerationRequest request(Cancellation cancellation, Message... messages) {
        return new GenerationRequest(List.of(messages), List.of("</Code>"), SAMPLING, cancellation);
    }

    private static GenerationRequest question() {
        return request(Message.user("# Instruction\nHow many students?"));
    }

    @Test
    void streamsDeltasInOrderThatConcatenateToTheText() {
        String text = "<Analyze>\nThe data has 1,000 students; let me count them carefully.\n</Analyze>";
        server.enqueue(Reply.text(text).chunkSize(5));

        Generation g = model().generate(question(), deltas::add);

        assertThat(deltas).hasSizeGreaterThan(10);
        assertThat(String.join("", deltas)).isEqualTo(text);
        assertThat(g.text()).isEqualTo(text);
        assertThat(g.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void sendsTheRequestFieldsDeepAnalyzeExpects() {
        server.enqueue(Reply.text("<Answer>42</Answer>"));

        builder().apiKey("sk-test").header("X-Tenant", "t1").build().generate(request(
                Message.user("# Instruction\nq"),
                Message.assistant("<Code>\nprint(1)\n</Code>"),
                Message.execute("1")), deltas::add);

        RecordedRequest r = server.request(0);
        JsonNode body = r.body();
        assertThat(body.path("model").asText()).isEqualTo("DeepAnalyze-8B");
        assertThat(r.messages()).containsExactly(Message.user("# Instruction\nq"),
                Message.assistant("<Code>\nprint(1)\n</Code>"), Message.execute("1"));
        assertThat(body.path("messages").get(2).path("role").asText()).isEqualTo("execute");
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.path("top_p").asDouble()).isEqualTo(1.0);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(4096);
        assertThat(body.path("stop").toString()).isEqualTo("[\"</Code>\"]");
        assertThat(body.path("add_generation_prompt").isBoolean()).isTrue();
        assertThat(body.path("add_generation_prompt").asBoolean()).isFalse();
        assertThat(body.path("stop_token_ids").toString()).isEqualTo("[151676,151645]");
        assertThat(body.has("seed")).isFalse();
        assertThat(r.header("Authorization")).isEqualTo("Bearer sk-test");
        assertThat(r.header("X-Tenant")).isEqualTo("t1");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void sendsTheSeedWhenOneIsSet() {
        server.enqueue(Reply.text("x"));

        model().generate(new GenerationRequest(List.of(Message.user("q")), List.of(), SAMPLING.withSeed(7L), Cancellation.none()),
                deltas::add);

        assertThat(server.request(0).body().path("seed").asLong()).isEqualTo(7L);
        assertThat(server.request(0).body().has("stop")).isFalse();
    }

    @Test
    void dropsTheDeepAnalyzeExtrasAndAppliesExtraBodyFields() {
        server.enqueue(Reply.text("x"));
        java.util.HashMap<String, Object> extra = new java.util.HashMap<>();
        extra.put("top_k", 20);
        extra.put("temperature", 0.1);
        extra.put("stream_options", null);
        extra.put("chat_template_kwargs", Map.of("enable_thinking", false));

        builder().deepAnalyzeExtras(false).extraBody(extra).build().generate(question(), deltas::add);

        JsonNode body = server.request(0).body();
        assertThat(body.has("add_generation_prompt")).isFalse();
        assertThat(body.has("stop_token_ids")).isFalse();
        assertThat(body.has("stream_options")).isFalse();
        assertThat(body.path("top_k").asInt()).isEqualTo(20);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.1);
        assertThat(body.path("chat_template_kwargs").path("enable_thinking").asBoolean(true)).isFalse();
        assertThat(server.request(0).header("Authorization")).isNull();
    }

    @Test
    void returnsATurnThatStopsInsideCodeAsServed() {
        // the server drops the stop string; the engine's loop closes the <Code> for every model, not the client
        String served = "<Analyze>\nLoad it.\n</Analyze>\n<Code>\n```python\nimport pandas as pd\nprint(1)\n```\n";
        server.enqueue(Reply.text(served));

        Generation g = model().generate(question(), deltas::add);

        assertThat(g.text()).isEqualTo(served);
        assertThat(g.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(String.join("", deltas)).isEqualTo(g.text());
    }

    @Test
    void doesNotAppendClosingCodeAfterAnAnswer() {
        String text = "<Code>\nprint(1)\n</Code>\n<Understand>\n1\n</Understand>\n<Answer>\nThe report.\n</Answer>";
        server.enqueue(Reply.text(text));

        Generation g = model().generate(question(), deltas::add);

        assertThat(g.text()).isEqualTo(text);
        assertThat(String.join("", deltas)).isEqualTo(text);
    }

    @Test
    void doesNotAppendClosingCodeWhenTheTokenLimitCutTheTurn() {
        String text = "<Code>\nfor i in range(";
        server.enqueue(Reply.text(text).finishReason("length"));

        Generation g = model().generate(question(), deltas::add);

        assertThat(g.text()).isEqualTo(text);
        assertThat(g.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void parsesTheUsageTheServerReports() {
        server.enqueue(Reply.text("<Answer>ok</Answer>").usage(1234, 56));

        Generation g = model().generate(question(), deltas::add);

        assertThat(g.usage()).isEqualTo(new TokenUsage(1234, 56));
    }

    @Test
    void estimatesCompletionTokensAsCharsOverFourWhenTheServerReportsNoUsage() {
        String text = "0123456789"; // 10 chars -> 3 tokens (rounded up)
        server.enqueue(Reply.text(text).withoutUsage());

        Generation g = model().generate(question(), deltas::add);

        assertThat(g.usage()).isEqualTo(new TokenUsage(0, 3));
    }

    @Test
    void acceptsANonStreamingAnswerAsOneDelta() {
        String text = "<Analyze>\nfine\n</Analyze>\n<Code>\nprint(2)\n";
        server.enqueue(Reply.text(text).nonStreaming().usage(10, 5));

        Generation g = model().generate(question(), deltas::add);

        assertThat(deltas).containsExactly(text);
        assertThat(g.text()).isEqualTo(text);
        assertThat(g.usage()).isEqualTo(new TokenUsage(10, 5));
        assertThat(g.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void decodesCrlfKeepAlivesMultiLineEventsAndSplitCharacters() {
        String text = "学生贷款分析 📊 — naïve “quotes”\n<Answer>好</Answer>";
        server.enqueue(Reply.text(text).chunkSize(1).crlf().keepAlives().multiLineEvents());

        Generation g = model().generate(question(), deltas::add);

        assertThat(g.text()).isEqualTo(text);
        assertThat(String.join("", deltas)).isEqualTo(text);
    }

    @Test
    void acceptsAStreamThatEndsWithoutDoneAfterItsFinishReason() {
        server.enqueue(Reply.text("<Answer>x</Answer>").withoutDone());

        assertThat(model().generate(question(), deltas::add).text()).isEqualTo("<Answer>x</Answer>");
    }

    @Test
    void rejectsAStreamThatEndsWithoutFinishReasonOrDone() {
        server.enqueue(Reply.text("<Analyze>half").finishReason(null).withoutDone());

        ModelException e = catchThrowableOfType(ModelException.class, () -> model().generate(question(), deltas::add));

        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("without a finish_reason or [DONE]", server.baseUrl());
    }

    @Test
    void retriesA500AndDeliversEachDeltaOnce() {
        String text = "<Answer>\nrecovered\n</Answer>";
        server.enqueue(Reply.status(500, ScriptedModelServer.errorJson("engine died", "InternalServerError", 500)), Reply.text(text));

        Generation g = model().generate(question(), deltas::add);

        assertThat(g.text()).isEqualTo(text);
        assertThat(String.join("", deltas)).isEqualTo(text);
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(sleeps).containsExactly(Duration.ofMillis(500));
    }

    @Test
    void backsOffExponentiallyUpToTheCap() {
        OpenAiCompatibleModel m = builder().retryBackoff(Duration.ofMillis(100), Duration.ofMillis(500)).jitter(() -> 0.0).build();

        assertThat(List.of(m.backoff(0), m.backoff(1), m.backoff(2), m.backoff(3), m.backoff(40)))
                .containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200),
                        Duration.ofMillis(250), Duration.ofMillis(250));
    }

    @Test
    void honoursRetryAfterOn429() {
        server.enqueue(Reply.status(429, ScriptedModelServer.errorJson("slow down", "RateLimitError", 429)).header("Retry-After", "7"),
                Reply.text("ok"));

        Generation g = model().generate(question(), deltas::add);

        assertThat(g.text()).isEqualTo("ok");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void givesUpOn5xxAfterMaxRetriesWithARetryableException() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(Reply.status(503, "overloaded"));
        }

        ModelException e = catchThrowableOfType(ModelException.class,
                () -> builder().maxRetries(2).build().generate(question(), deltas::add));

        assertThat(e.isRetryable()).isTrue();
        assertThat(e.statusCode()).isEqualTo(503);
        assertThat(e.getMessage()).contains("HTTP 503", "overloaded", "gave up after 3 attempts");
        assertThat(server.requestCount()).isEqualTo(3);
        assertThat(sleeps).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000));
        assertThat(deltas).isEmpty();
    }

    @Test
    void reports400AsANonRetryableRejectionWithTheServersMessage() {
        server.enqueue(Reply.status(400, "{\"object\":\"error\",\"message\":\"This model's maximum context length is 131072 tokens."
                + " However, you requested 140000 tokens.\",\"type\":\"BadRequestError\",\"code\":400}"));

        ModelException e = catchThrowableOfType(ModelException.class, () -> model().generate(question(), deltas::add));

        assertThat(e.isRetryable()).isFalse();
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.getMessage()).contains(server.baseUrl() + "/chat/completions", "HTTP 400",
                "maximum context length is 131072 tokens", "context");
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void reports401WithAHintAboutTheApiKey() {
        server.enqueue(Reply.status(401, "{\"error\":{\"message\":\"Invalid API key\",\"code\":401}}"));

        ModelException e = catchThrowableOfType(ModelException.class,
                () -> builder().apiKey("wrong").build().generate(question(), deltas::add));

        assertThat(e.isRetryable()).isFalse();
        assertThat(e.statusCode()).isEqualTo(401);
        assertThat(e.getMessage()).contains("HTTP 401", "Invalid API key", "check the API key").doesNotContain("wrong");
    }

    @Test
    void reports404WithAHintAboutBaseUrlAndModel() {
        String rootWithoutV1 = server.baseUrl().substring(0, server.baseUrl().length() - "/v1".length());

        ModelException e = catchThrowableOfType(ModelException.class,
                () -> builder().baseUrl(rootWithoutV1).build().generate(question(), deltas::add));

        assertThat(e.isRetryable()).isFalse();
        assertThat(e.statusCode()).isEqualTo(404);
        assertThat(e.getMessage()).contains(rootWithoutV1 + "/chat/completions", "HTTP 404", "ends with /v1", "DeepAnalyze-8B");
    }

    @Test
    void reportsARetryableErrorNamingTheUrlWhenTheServerIsDown() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String down = "http://127.0.0.1:" + port + "/v1";

        ModelException e = catchThrowableOfType(ModelException.class,
                () -> builder().baseUrl(down).maxRetries(2).build().generate(question(), deltas::add));

        assertThat(e.isRetryable()).isTrue();
        assertThat(e.statusCode()).isEqualTo(-1);
        assertThat(e.getMessage()).contains(down + "/chat/completions", "server is running", "gave up after 3 attempts");
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void failsRetryablyWithoutRetryingWhenTheStreamBreaksAfterText() {
        server.enqueue(Reply.text("<Analyze>\nThis is a long analysis that breaks.\n</Analyze>").closeAfter(12), Reply.text("unused"));

        ModelException e = catchThrowableOfType(ModelException.class, () -> model().generate(question(), deltas::add));

        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("broke after", server.baseUrl());
        assertThat(String.join("", deltas)).startsWith("<Analyze>").hasSizeLessThan(40);
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void retriesAStreamThatBreaksBeforeAnyText() {
        server.enqueue(Reply.text("lost").closeAfter(0), Reply.text("<Answer>second</Answer>"));

        Generation g = model().generate(question(), deltas::add);

        assertThat(g.text()).isEqualTo("<Answer>second</Answer>");
        assertThat(String.join("", deltas)).isEqualTo("<Answer>second</Answer>");
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void reportsMalformedJsonNamingTheLine() {
        server.enqueue(Reply.text("<Analyze>\nfine so far\n</Analyze>").malformedJsonAfter(6));

        ModelException e = catchThrowableOfType(ModelException.class, () -> model().generate(question(), deltas::add));

        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("malformed JSON", "\"content\": oops", server.baseUrl());
    }

    @Test
    void reportsAnErrorEventInsideTheStream() {
        server.enqueue(Reply.text("<Analyze>\nrunning\n</Analyze>")
                .errorEventAfter(6, ScriptedModelServer.errorJson("CUDA out of memory", "InternalServerError", 500)));

        ModelException e = catchThrowableOfType(ModelException.class, () -> model().generate(question(), deltas::add));

        assertThat(e.getMessage()).contains("CUDA out of memory", server.baseUrl());
        assertThat(e.isRetryable()).isTrue();
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void interruptingTheCallingThreadAbortsTheCallAndKeepsTheFlag() throws Exception {
        server.enqueue(Reply.text("late").stallBeforeResponse(Duration.ofSeconds(30)));
        OpenAiCompatibleModel model = model();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                model.generate(question(), deltas::add);
                outcome.complete(null);
            } catch (RuntimeException e) {
                outcome.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("interrupt flag lost", e));
            }
        });
        caller.start();
        server.awaitRequests(1, Duration.ofSeconds(5));
        caller.interrupt();

        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(AnalysisCancelledException.class);
    }

    @Test
    void failsRetryablyWhenTheServerStallsBeyondTheReadTimeout() {
        server.enqueue(Reply.text("<Analyze>\nthinking hard\n</Analyze>").stallAfter(6, Duration.ofSeconds(20)));

        ModelException e = catchThrowableOfType(ModelException.class,
                () -> builder().readTimeout(Duration.ofMillis(300)).build().generate(question(), deltas::add));

        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("read timeout", "PT0.3S", server.baseUrl());
        assertThat(deltas).isNotEmpty();
    }

    @Test
    void retriesAServerThatStallsBeforeAnsweringAtAll() {
        server.enqueue(Reply.text("never").stallBeforeResponse(Duration.ofSeconds(20)), Reply.text("<Answer>ok</Answer>"));

        Generation g = builder().readTimeout(Duration.ofMillis(300)).build().generate(question(), deltas::add);

        assertThat(g.text()).isEqualTo("<Answer>ok</Answer>");
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void failsNonRetryablyWhenTheCallTimeoutIsExceeded() {
        server.enqueue(Reply.text("<Analyze>\nslow model\n</Analyze>").chunkSize(1).chunkDelay(Duration.ofMillis(50)));

        ModelException e = catchThrowableOfType(ModelException.class,
                () -> builder().callTimeout(Duration.ofMillis(400)).build().generate(question(), deltas::add));

        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("call timeout", "callTimeout");
    }

    @Test
    void cancellationDuringAStalledStreamReturnsPromptly() throws Exception {
        server.enqueue(Reply.text("<Analyze>\nstuck forever\n</Analyze>").stallAfter(6, Duration.ofSeconds(30)));
        Cancellation cancellation = Cancellation.create();
        CountDownLatch firstDelta = new CountDownLatch(1);
        OpenAiCompatibleModel model = model();

        CompletableFuture<Generation> call = CompletableFuture.supplyAsync(() -> model.generate(
                request(cancellation, Message.user("q")), d -> firstDelta.countDown()));
        assertThat(firstDelta.await(5, TimeUnit.SECONDS)).isTrue();
        cancellation.cancel();

        // the server stalls for 30 s: returning within 5 s shows cancel() aborted the exchange
        assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(AnalysisCancelledException.class);
    }

    @Test
    void cancellationBeforeTheResponseHeadersReturnsPromptly() throws Exception {
        server.enqueue(Reply.text("late").stallBeforeResponse(Duration.ofSeconds(30)));
        Cancellation cancellation = Cancellation.create();
        OpenAiCompatibleModel model = model();

        CompletableFuture<Generation> call = CompletableFuture.supplyAsync(() -> model.generate(
                request(cancellation, Message.user("q")), deltas::add));
        server.awaitRequests(1, Duration.ofSeconds(5));
        cancellation.cancel();

        // the server stalls for 30 s: returning within 5 s shows cancel() aborted the exchange
        assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(AnalysisCancelledException.class);
    }

    @Test
    void cancellationDuringTheWaitBeforeARetryStopsRetrying() {
        server.enqueue(Reply.status(500, "boom"), Reply.text("unused"));
        Cancellation cancellation = Cancellation.create();
        OpenAiCompatibleModel model = builder().sleeper((delay, c) -> cancellation.cancel()).build();

        assertThatThrownBy(() -> model.generate(request(cancellation, Message.user("q")), deltas::add))
                .isInstanceOf(AnalysisCancelledException.class);
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void anAlreadyCancelledRequestSendsNothing() {
        Cancellation cancellation = Cancellation.create();
        cancellation.cancel();

        assertThatThrownBy(() -> model().generate(request(cancellation, Message.user("q")), deltas::add))
                .isInstanceOf(AnalysisCancelledException.class);
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void replaysTheStudentLoanTrajectoryTurnByTurn() throws Exception {
        RecordedTrajectory trajectory = Fixtures.studentLoanTrajectory();
        String prompt = Fixtures.studentLoanPrompt();
        try (ScriptedModelServer replay = ScriptedModelServer.replaying(trajectory).expectingRecordedExecuteOutputs()) {
            OpenAiCompatibleModel model = builder().baseUrl(replay.baseUrl()).build();
            List<Message> conversation = new ArrayList<>(List.of(Message.user(prompt)));

            for (int i = 0; i < trajectory.turns().size(); i++) {
                List<String> turnDeltas = new ArrayList<>();
                Generation g = model.generate(request(conversation.toArray(Message[]::new)), turnDeltas::add);

                String turn = trajectory.turns().get(i);
                // the server drops the stop string "</Code>": the client returns what was served
                String served = turn.endsWith("</Code>") ? turn.substring(0, turn.length() - "</Code>".length()) : turn;
                assertThat(g.text()).as("turn %d", i).isEqualTo(served);
                assertThat(String.join("", turnDeltas)).as("deltas of turn %d", i).isEqualTo(g.text());
                conversation.add(Message.assistant(turn)); // as the engine's loop records it, <Code> closed
                if (i < trajectory.executeOutputs().size()) {
                    conversation.add(Message.execute(trajectory.executeOutputs().get(i)));
                }
            }

            assertThat(trajectory.turns()).hasSize(8);
            assertThat(replay.requestCount()).isEqualTo(8);
            replay.verifyExpectations();
        }
    }

    @Test
    void servesConcurrentCallsFromEightThreadsOnOneInstance() throws Exception {
        server.otherwise(r -> Reply.text("<Answer>echo " + r.lastMessage().content() + "</Answer>").chunkSize(3)
                .chunkDelay(Duration.ofMillis(1)));
        OpenAiCompatibleModel model = model();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<String> texts = new ArrayList<>();
                    for (int call = 0; call < 5; call++) {
                        StringBuilder streamed = new StringBuilder();
                        Generation g = model.generate(request(Message.user("thread " + thread + " call " + call)), streamed::append);
                        assertThat(streamed.toString()).isEqualTo(g.text());
                        texts.add(g.text());
                    }
                    return texts;
                }));
            }
            start.countDown();

            for (int t = 0; t < 8; t++) {
                List<String> expected = new ArrayList<>();
                for (int call = 0; call < 5; call++) {
                    expected.add("<Answer>echo thread " + t + " call " + call + "</Answer>");
                }
                assertThat(results.get(t).get(30, TimeUnit.SECONDS)).isEqualTo(expected);
            }
            assertThat(server.requestCount()).isEqualTo(40);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void describesItselfWithModelAndBaseUrlButNeverTheKey() {
        OpenAiCompatibleModel m = builder().baseUrl("http://gpu-box:8000/v1/").apiKey("sk-secret").build();

        assertThat(m.describe()).isEqualTo("openai-compatible DeepAnalyze-8B @ http://gpu-box:8000/v1");
        assertThat(m.toString()).doesNotContain("sk-secret");
    }

    @Test
    void buildRejectsMissingOrWrongSettingsWithAFix() {
        assertThatThrownBy(() -> OpenAiCompatibleModel.builder().model("m").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("baseUrl is required");
        assertThatThrownBy(() -> OpenAiCompatibleModel.builder().baseUrl("http://h:1/v1").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("model is required");
        assertThatThrownBy(() -> OpenAiCompatibleModel.builder().model("m").baseUrl("http://h:1/v1/chat/completions").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("use \"http://h:1/v1\"");
        assertThatThrownBy(() -> OpenAiCompatibleModel.builder().model("m").baseUrl("localhost:8000/v1").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> OpenAiCompatibleModel.builder().readTimeout(Duration.ZERO))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("readTimeout must be positive");
        assertThatThrownBy(() -> OpenAiCompatibleModel.builder().model("m").baseUrl("http://h:1/v1").header("Host", "x").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("header \"Host\"");
    }
}
