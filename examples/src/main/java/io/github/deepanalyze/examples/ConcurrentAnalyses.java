package io.github.deepanalyze.examples;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisEvent;
import io.github.deepanalyze.AnalysisListener;
import io.github.deepanalyze.AnalysisStatus;
import io.github.deepanalyze.AnalysisTask;
import io.github.deepanalyze.Analyst;
import io.github.deepanalyze.Budget;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.worker.CPythonExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Web-service style use without a framework: ONE {@link Analyst} for the whole application serves
 * many concurrent requests, each with its own listener, its own timeout, and the possibility that
 * the client goes away (cancellation).
 *
 * <pre>
 * java -cp "examples/target/classes:examples/target/lib/*" io.github.deepanalyze.examples.ConcurrentAnalyses
 * </pre>
 *
 * <p>By default the model is a replay of {@code examples/data/demo-trajectory.md}, a short
 * HAND-WRITTEN demo trajectory (not a model recording) whose two pandas blocks run for real on
 * the student-loan CSVs; {@code --model-url} runs the same requests against a served model.
 *
 * <p>What to copy:
 * <ul>
 *   <li>An {@code Analyst} is thread-safe: build it once (at start-up) and share it; close it at shutdown.
 *   <li>Bound the Python side with {@code CPythonExecutor.builder().poolSize(n)}: at most n code
 *       blocks' workers at once; further analyses wait for a worker (first come, first served).
 *   <li>{@link Analyst#start} returns an {@link AnalysisTask}: {@code cancel()} stops the analysis and
 *       its result still completes, with status {@code CANCELLED} and the trace so far. (Cancelling
 *       the future of {@link Analyst#analyzeAsync} also stops the analysis, but that future then
 *       holds no result.) A per-request timeout is just a scheduled {@code cancel()}.
 *   <li>{@link Budget} caps every analysis of the analyst (rounds, tokens, wall time, per-block timeout).
 * </ul>
 */
public final class ConcurrentAnalyses {

    /** One incoming request: an id, a question, how long the caller will wait, and whether it hangs up early. */
    record Request(String id, String question, Duration timeout, Duration clientGoesAwayAfter) {
    }

    /** What the service returns for a request; {@code note} explains a cancellation. */
    record Response(Request request, Analysis analysis, RequestMetrics metrics, String note) {
    }

    /** Python worker processes: at most this many code blocks run at once, whatever the number of requests. */
    private static final int WORKERS = 3;

    private ConcurrentAnalyses() {
    }

    public static void main(String[] args) throws Exception {
        ExampleOptions options = ExampleOptions.parse(args, "Does unemployment relate to payment status?");
        Path demo = options.data().toAbsolutePath().resolveSibling("demo-trajectory.md");
        options.printMode(System.out, "a hand-written demo trajectory (" + demo + "), not a model recording");
        List<Path> files = options.files(List.of("person.csv", "unemployed.csv", "no_payment_due.csv"));

        List<Request> requests = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            Duration timeout = i == 5 ? Duration.ofMillis(700) : Duration.ofSeconds(60);   // req-5: an impatient caller
            Duration hangUp = i == 7 ? Duration.ofMillis(300) : null;                        // req-7: the client goes away
            requests.add(new Request("req-" + i, options.question(), timeout, hangUp));
        }

        // Application start-up: one executor pool and one analyst, shared by all requests.
        try (CPythonExecutor python = CPythonExecutor.builder().poolSize(WORKERS).warmWorkers(WORKERS).build();
             Analyst analyst = Analyst.builder()
                     .model(options.model(demo))
                     .executor(python)
                     .budget(Budget.DEFAULT.withMaxWallTime(Duration.ofMinutes(5)).withBlockTimeout(Duration.ofSeconds(30)))
                     .build();
             AnalysisService service = new AnalysisService(analyst)) {

            long t0 = System.nanoTime();
            // The "request handlers": submit everything at once, as concurrent HTTP requests would.
            List<CompletableFuture<Response>> responses = requests.stream().map(r -> service.handle(r, files)).toList();
            CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).join();
            long totalMs = (System.nanoTime() - t0) / 1_000_000;

            System.out.printf("%n%-6s %-10s %6s %6s %9s %13s %9s  %s%n",
                    "id", "status", "rounds", "blocks", "artifacts", "first text ms", "wall ms", "note");
            for (CompletableFuture<Response> f : responses) {
                Response r = f.join();
                Analysis a = r.analysis();
                System.out.printf("%-6s %-10s %6d %6d %9d %13s %9d  %s%n", r.request().id(), a.status(), a.rounds(),
                        a.steps(Step.Execute.class).size(), a.artifacts().size(), r.metrics().firstTextMillis(),
                        a.wallTime().toMillis(), r.note());
            }
            System.out.printf("%n%d analyses in %d ms with %d Python workers (%s)%n", requests.size(), totalMs, WORKERS,
                    python.describe());
        }
    }

    /**
     * The service layer: turns a request into a running analysis with its own listener, timeout and
     * cancellation. Thread-safe; one instance per application.
     */
    static final class AnalysisService implements AutoCloseable {
        private final Analyst analyst;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("request-timeouts").factory());

        AnalysisService(Analyst analyst) {
            this.analyst = analyst;
        }

        CompletableFuture<Response> handle(Request request, List<Path> files) {
            RequestMetrics metrics = new RequestMetrics(request.id());
            AnalysisTask task = analyst.start(files, request.question(), metrics);   // runs on its own virtual thread
            AtomicBoolean timedOut = new AtomicBoolean();
            AtomicBoolean clientLeft = new AtomicBoolean();
            ScheduledFuture<?> timeout = timer.schedule(() -> {
                timedOut.set(true);
                task.cancel();
            }, request.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (request.clientGoesAwayAfter() != null) {   // e.g. the HTTP connection closed
                timer.schedule(() -> {
                    clientLeft.set(true);
                    task.cancel();
                }, request.clientGoesAwayAfter().toMillis(), TimeUnit.MILLISECONDS);
            }
            return task.result().thenApply(a -> {
                timeout.cancel(false);
                String note = a.status() != AnalysisStatus.CANCELLED ? ""   // a cancel that came too late changes nothing
                        : clientLeft.get() ? "cancelled: client went away"
                        : timedOut.get() ? "cancelled: request timeout " + request.timeout().toMillis() + " ms" : "cancelled";
                return new Response(request, a, metrics, note);
            });
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    /**
     * A per-request listener: notes when the first model text arrived and logs artifacts with the
     * request id. Events of one analysis arrive sequentially, but the field is read by another
     * thread afterwards, hence {@code volatile}.
     */
    static final class RequestMetrics implements AnalysisListener {
        private final String id;
        private volatile long startedNanos;
        private volatile long firstTextNanos;

        RequestMetrics(String id) {
            this.id = id;
        }

        @Override
        public void onStarted(AnalysisEvent.Started e) {
            startedNanos = System.nanoTime();
        }

        @Override
        public void onTextDelta(AnalysisEvent.TextDelta e) {
            if (firstTextNanos == 0) {
                firstTextNanos = System.nanoTime();
            }
        }

        @Override
        public void onArtifactCreated(AnalysisEvent.ArtifactCreated e) {
            System.out.printf("[%s] artifact %s (%,d bytes)%n", id, e.artifact().path(), e.artifact().size());
        }

        @Override
        public void onFinished(AnalysisEvent.Finished e) {
            System.out.printf("[%s] finished: %s%n", id, e.analysis().status());
        }

        /** Milliseconds from start to the first streamed text, or "-" if none arrived. */
        String firstTextMillis() {
            return firstTextNanos == 0 ? "-" : Long.toString((firstTextNanos - startedNanos) / 1_000_000);
        }
    }
}
