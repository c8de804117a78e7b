package io.github.deepanalyze.openai;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP exchange, turned into a queue of {@link Signal}s that the calling thread polls with a
 * timeout. Everything the HTTP client reports (response headers, body chunks, end, failure) and an
 * abort from another thread arrive through the same queue, so the caller can wait for "the next
 * thing" with one idle timeout and wake up at once on cancellation, without a watchdog thread.
 *
 * <p>The body is requested without bounds: a model turn is at most a few hundred kilobytes, and
 * the server cannot produce it faster than the caller consumes it in any way that matters.
 */
final class HttpAttempt implements HttpResponse.BodyHandler<Void>, HttpResponse.BodySubscriber<Void> {

    /** What the exchange reported, in order. */
    sealed interface Signal permits Headers, Chunk, Complete, Failed, Aborted { }

    record Headers(int status, HttpHeaders headers) implements Signal { }

    record Chunk(List<ByteBuffer> buffers) implements Signal { }

    record Complete() implements Signal { }

    record Failed(Throwable cause) implements Signal { }

    record Aborted() implements Signal { }

    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> body = new CompletableFuture<>();
    private final Object subscriptionLock = new Object();
    private Flow.Subscription subscription;
    private boolean aborted;
    private boolean finished;
    private volatile CompletableFuture<HttpResponse<Void>> response;

    /** Sends {@code request}; signals start arriving on the client's threads. */
    void start(HttpClient client, HttpRequest request) {
        CompletableFuture<HttpResponse<Void>> f = client.sendAsync(request, this);
        response = f;
        f.whenComplete((r, error) -> {
            if (error != null) {
                signals.add(new Failed(unwrap(error)));
            }
        });
        synchronized (subscriptionLock) {
            if (aborted) {
                f.cancel(true);
            }
        }
    }

    /** The next signal, or {@code null} if none arrived within {@code timeoutNanos}. */
    Signal next(long timeoutNanos) throws InterruptedException {
        return signals.poll(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
    }

    /**
     * Stops the exchange from any thread: the caller's pending {@link #next} returns
     * {@link Aborted} at once and the connection is closed. Idempotent.
     */
    void abort() {
        Flow.Subscription s;
        synchronized (subscriptionLock) {
            if (aborted) {
                return;
            }
            aborted = true;
            s = finished ? null : subscription;
        }
        signals.add(new Aborted());
        if (s != null) {
            s.cancel();
        }
        CompletableFuture<HttpResponse<Void>> f = response;
        if (f != null) {
            f.cancel(true);
        }
    }

    /** Releases the connection if the body was not read to its end. */
    void close() {
        boolean done;
        synchronized (subscriptionLock) {
            done = finished;
        }
        if (!done) {
            abort();
        }
    }

    @Override
    public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
        signals.add(new Headers(info.statusCode(), info.headers()));
        return this;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        boolean cancel;
        synchronized (subscriptionLock) {
            subscription = s;
            cancel = aborted;
        }
        if (cancel) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        signals.add(new Chunk(item));
    }

    @Override
    public void onError(Throwable error) {
        markFinished();
        signals.add(new Failed(error));
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        markFinished();
        signals.add(new Complete());
        body.complete(null);
    }

    @Override
    public CompletionStage<Void> getBody() {
        return body;
    }

    private void markFinished() {
        synchronized (subscriptionLock) {
            finished = true;
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
