package io.github.deepanalyze.openai;

import io.github.deepanalyze.common.AnalysisCancelledException;
import io.github.deepanalyze.common.ModelException;
import io.github.deepanalyze.common.TokenUsage;
import io.github.deepanalyze.model.FinishReason;
import io.github.deepanalyze.model.Generation;
import io.github.deepanalyze.model.GenerationRequest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link OpenAiCompatibleModel#generate} call: its attempts, the HTTP exchange of each
 * ({@link HttpAttempt}), the retries between them ({@link RetryPolicy}) and the state they share,
 * the text delivered so far. Waits use one idle timeout per signal ({@code readTimeout}), bounded by
 * the call's deadline ({@code callTimeout}).
 *
 * <p>Created per call and used by the calling thread only, except {@link #cancel()}, which any thread
 * may call.
 */
final class GenerationCall {

    /** What every call of one model shares. Immutable; holds no credentials. */
    record Settings(String description, String model, URI endpoint, HttpClient http, Duration readTimeout,
            Duration callTimeout, ChatCompletionsCodec codec, ErrorClassifier failures, RetryPolicy retry) { }

    // the facade's logger, so one logger name configures everything this client logs
    private static final Logger log = LoggerFactory.getLogger(OpenAiCompatibleModel.class);
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;
    private static final Duration DRAIN_AFTER_DONE = Duration.ofMillis(250);

    private final Settings s;
    private final GenerationRequest request;
    private final Consumer<String> onText;
    private final HttpRequest httpRequest;
    private final long deadlineNanos;
    private final StringBuilder text = new StringBuilder();
    private boolean delivered;
    private Duration retryAfter;
    private int attempt;
    private volatile boolean cancelled;
    private volatile HttpAttempt current;

    GenerationCall(Settings settings, GenerationRequest request, Consumer<String> onText, HttpRequest httpRequest) {
        this.s = settings;
        this.request = request;
        this.onText = onText;
        this.httpRequest = httpRequest;
        this.deadlineNanos = System.nanoTime() + settings.callTimeout().toNanos();
    }

    /** Aborts the attempt in flight (or the wait before a retry); runs on the thread that cancels. */
    void cancel() {
        cancelled = true;
        HttpAttempt a = current;
        if (a != null) {
            a.abort();
        }
    }

    /** Runs the attempts until one succeeds or {@link RetryPolicy} gives up. */
    Generation run() {
        for (attempt = 1; ; attempt++) {
            HttpAttempt exchange = new HttpAttempt();
            current = exchange;
            if (cancelled) {
                throw cancelledException();
            }
            retryAfter = null;
            try {
                log.debug("POST {} (model {}, {} messages, attempt {} of {})",
                        s.endpoint(), s.model(), request.messages().size(), attempt, s.retry().maxRetries() + 1);
                exchange.start(s.http(), httpRequest);
                return receive(exchange);
            } catch (ModelException e) {
                if (cancelled) {
                    throw cancelledException();
                }
                switch (s.retry().decide(e, attempt, delivered, retryAfter, deadlineNanos - System.nanoTime())) {
                    case RetryPolicy.GiveUp g -> throw g.failure();
                    case RetryPolicy.Retry r -> {
                        log.debug("retrying {} in {} ms after: {}", s.endpoint(), r.delay().toMillis(), e.getMessage());
                        pause(r.delay());
                    }
                }
            } finally {
                current = null;
                exchange.close();
            }
        }
    }

    private void pause(Duration delay) {
        try {
            s.retry().sleep(delay, request.cancellation());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnalysisCancelledException("interrupted while waiting to retry " + s.description());
        }
        if (cancelled || request.cancellation().isCancelled()) {
            throw cancelledException();
        }
    }

    private Generation receive(HttpAttempt exchange) {
        HttpAttempt.Headers head = awaitHeaders(exchange);
        if (head.status() < 200 || head.status() > 299) {
            String body = readErrorBody(exchange);
            retryAfter = s.retry().serverDelay(head.status(), head.headers());
            throw s.failures().status(head.status(), body);
        }
        String contentType = head.headers().firstValue("Content-Type").orElse("");
        return readBody(exchange, ChatCompletionsCodec.modeOf(contentType));
    }

    private HttpAttempt.Headers awaitHeaders(HttpAttempt exchange) {
        HttpAttempt.Signal signal = await(exchange, false);
        return switch (signal) {
            case HttpAttempt.Headers h -> h;
            case HttpAttempt.Failed f -> {
                if (f.cause() instanceof CancellationException && cancelled) {
                    throw cancelledException();
                }
                retryAfter = s.retry().afterConnectionFailure(f.cause(), attempt);
                throw s.failures().connection(f.cause());
            }
            case HttpAttempt.Aborted a -> throw cancelledException();
            default -> throw new IllegalStateException("unexpected " + signal + " before response headers");
        };
    }

    private Generation readBody(HttpAttempt exchange, ChatCompletionsCodec.BodyMode mode) {
        ResponseDecoder body = s.codec().newDecoder(mode, this::deliver);
        while (!body.done()) {
            HttpAttempt.Signal signal = await(exchange, body.finishReason() != null);
            switch (signal) {
                case HttpAttempt.Chunk c -> body.feed(c.buffers());
                case HttpAttempt.Complete ignored -> {
                    body.complete();
                    return finish(body);
                }
                case HttpAttempt.Failed f -> {
                    if (body.finishReason() != null && !body.isJson()) {
                        // the turn was complete; only the end of the stream went wrong
                        log.debug("stream from {} failed after its finish_reason; keeping the turn: {}", s.endpoint(), f.cause().toString());
                        return finish(body);
                    }
                    throw s.failures().streamBroke(text.length(), f.cause());
                }
                case HttpAttempt.Aborted a -> throw cancelledException();
                case HttpAttempt.Headers h -> throw new IllegalStateException("second response headers");
            }
        }
        drainAfterDone(exchange);
        return finish(body);
    }

    /** Waits for the next signal; on a read timeout after the turn's finish_reason, pretends the stream completed. */
    private HttpAttempt.Signal await(HttpAttempt exchange, boolean finishSeen) {
        long remaining = deadlineNanos - System.nanoTime();
        long wait = Math.min(s.readTimeout().toNanos(), remaining);
        HttpAttempt.Signal signal;
        try {
            signal = exchange.next(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.abort();
            throw new AnalysisCancelledException("interrupted while waiting for " + s.description());
        }
        if (signal != null) {
            return signal;
        }
        if (cancelled) {
            throw cancelledException();
        }
        if (finishSeen) {
            log.debug("{} sent its finish_reason but did not end the stream; keeping the turn", s.endpoint());
            return new HttpAttempt.Complete();
        }
        if (wait >= remaining) {
            throw s.failures().callTimedOut(text.length());
        }
        throw s.failures().readTimedOut(text.length());
    }

    private void drainAfterDone(HttpAttempt exchange) {
        // the body normally ends right after [DONE]; reading its end lets the connection go back to
        // the pool. A server that keeps the stream open after [DONE] costs at most this short wait
        long end = System.nanoTime() + DRAIN_AFTER_DONE.toNanos();
        try {
            for (HttpAttempt.Signal signal = exchange.next(DRAIN_AFTER_DONE.toNanos()); signal instanceof HttpAttempt.Chunk;
                    signal = exchange.next(end - System.nanoTime())) {
                // bytes after [DONE] carry nothing
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String readErrorBody(HttpAttempt exchange) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < MAX_ERROR_BODY_BYTES) {
            HttpAttempt.Signal signal;
            try {
                signal = await(exchange, true);
            } catch (ModelException e) {
                break;
            }
            if (signal instanceof HttpAttempt.Chunk c) {
                for (ByteBuffer b : c.buffers()) {
                    byte[] bytes = new byte[b.remaining()];
                    b.get(bytes);
                    out.write(bytes, 0, bytes.length);
                }
            } else if (signal instanceof HttpAttempt.Aborted) {
                throw cancelledException();
            } else {
                break;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void deliver(String delta) {
        text.append(delta);
        delivered = true;
        onText.accept(delta);
    }

    private Generation finish(ResponseDecoder body) {
        if (!body.done() && body.finishReason() == null) {
            throw s.failures().incomplete(text.length());
        }
        FinishReason reason = body.finishReason() == null ? FinishReason.UNKNOWN : body.finishReason();
        // without a reported usage, estimate from the text as the model wrote it
        TokenUsage usage = body.usage() != null ? body.usage() : new TokenUsage(0, (text.length() + 3) / 4);
        log.debug("{} answered {} characters, finish_reason {}, usage {}", s.endpoint(), text.length(), reason, usage);
        return new Generation(text.toString(), reason, usage);
    }

    private AnalysisCancelledException cancelledException() {
        return new AnalysisCancelledException("the call to " + s.description() + " was cancelled");
    }
}
