package io.github.deepanalyze.core.internal.engine;

import io.github.deepanalyze.Analysis;
import io.github.deepanalyze.AnalysisEvent;
import io.github.deepanalyze.AnalysisStatus;
import io.github.deepanalyze.AnalysisTiming;
import io.github.deepanalyze.AnalystSettings;
import io.github.deepanalyze.Budget;
import io.github.deepanalyze.Report;
import io.github.deepanalyze.Step;
import io.github.deepanalyze.common.AnalysisCancelledException;
import io.github.deepanalyze.common.Artifact;
import io.github.deepanalyze.common.Cancellation;
import io.github.deepanalyze.common.ExecutorException;
import io.github.deepanalyze.common.ModelException;
import io.github.deepanalyze.common.TokenUsage;
import io.github.deepanalyze.core.internal.protocol.ExecuteTurn;
import io.github.deepanalyze.core.internal.protocol.TagStreamParser;
import io.github.deepanalyze.core.internal.workspace.Workspace;
import io.github.deepanalyze.core.internal.workspace.WorkspaceSnapshot;
import io.github.deepanalyze.execution.ExecutionRequest;
import io.github.deepanalyze.execution.ExecutionResult;
import io.github.deepanalyze.execution.ExecutionSession;
import io.github.deepanalyze.model.FinishReason;
import io.github.deepanalyze.model.Generation;
import io.github.deepanalyze.model.GenerationRequest;
import io.github.deepanalyze.prompt.DataFile;
import io.github.deepanalyze.prompt.PromptProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one analysis: prompt, then model turn, code block, Execute turn, and so on until an answer
 * or a budget ends it. Every exit path returns an {@link Analysis} holding the trace so far.
 *
 * <p>Confined to the thread that calls {@link #run()}, except {@link #timeUp()}.
 */
final class AgentLoop {
    private static final Logger LOG = LoggerFactory.getLogger(AgentLoop.class);
    /** Executors keep at most this much of each stream in memory, whatever the model is shown. */
    private static final int CAPTURE_CHARS = 2_000_000;

    private final AnalystSettings settings;
    private final Budget budget;
    private final Workspace workspace;
    private final String question;
    private final List<String> fileNames;
    private final EventDispatcher events;
    private final Cancellation cancellation;
    private final PromptProfile profile;
    private volatile boolean timeUp;

    private final Conversation conversation;
    private final List<Step> steps = new ArrayList<>();
    private final Map<Path, Artifact> artifacts = new LinkedHashMap<>();
    private final StringBuilder transcript = new StringBuilder();
    private List<String> inputNotes = List.of();
    private List<io.github.deepanalyze.common.InputProfile> profiles = List.of();
    private Duration profilingTime = Duration.ZERO;
    private Duration modelTime = Duration.ZERO;
    private Duration executionTime = Duration.ZERO;
    private Duration waitingTime = Duration.ZERO;
    private TokenUsage usage = TokenUsage.ZERO;
    private int rounds;
    private Report report = Report.EMPTY;
    private Instant started;

    AgentLoop(AnalystSettings settings, Conversation conversation, String question, EventDispatcher events,
              Cancellation cancellation) {
        this.settings = settings;
        this.budget = settings.budget();
        this.conversation = conversation;
        this.workspace = conversation.workspace();
        this.question = question;
        this.fileNames = conversation.fileNames();
        this.events = events;
        this.cancellation = cancellation;
        this.profile = conversation.profile();
    }

    /** Marks the wall-clock budget as spent and stops the analysis. */
    void timeUp() {
        timeUp = true;
        cancellation.cancel();
    }

    private record End(AnalysisStatus status, String reason) {
    }

    Analysis run() {
        started = settings.clock().instant();
        events.emit(new AnalysisEvent.Started(started, question, fileNames, workspace.dir()));
        End end;
        boolean first = conversation.claimFirstAsk();
        try {
            List<DataFile> files = conversation.inputs();
            if (first) {
                Instant t0 = settings.clock().instant();
                InputProfiling.Result profiled = InputProfiling.run(files, workspace.dir(), settings.inputProfilers(),
                        cancellation);
                inputNotes = profiled.notes();
                profiles = profiled.profiles();
                inputNotes.forEach(this::problem);
                files = profiled.files();
                profilingTime = since(t0);
            }
            if (conversation.isEmpty()) { // a first ask cancelled while profiling leaves the opening to the next
                conversation.appendUser(profile.openingMessages(question, files));
            } else {
                conversation.appendUser(List.of(profile.followUpMessage(question, workspace.dataFiles())));
            }
            end = loop();
        } catch (AnalysisCancelledException e) {
            end = cancelled();
        } catch (ExecutorFailure e) {
            end = new End(AnalysisStatus.EXECUTOR_ERROR, e.getMessage());
        } catch (RuntimeException e) {
            // not the executor's fault nor the model's: a defect of the SDK, reported as one
            LOG.error("analysis in {} failed unexpectedly (a DeepAnalyze SDK defect)", workspace.dir(), e);
            end = new End(AnalysisStatus.INTERNAL_ERROR, "internal error in the DeepAnalyze SDK (a defect, not a "
                    + "problem of the model, executor or inputs; please report it with the log): " + e);
        } finally {
            if (conversation.oneShot()) {
                conversation.closeExecutor();
            }
            conversation.publish();
        }
        if (end.status() == AnalysisStatus.EXECUTOR_ERROR || end.status() == AnalysisStatus.INTERNAL_ERROR
                || end.status() == AnalysisStatus.CANCELLED
                || end.status() == AnalysisStatus.TIME_LIMIT) {
            conversation.closeExecutor(); // an interrupted or failed session may be unusable: the next ask opens a fresh one
        }
        if (end.status() != AnalysisStatus.ANSWERED && end.status() != AnalysisStatus.CANCELLED) {
            events.emit(new AnalysisEvent.Problem(settings.clock().instant(), end.reason(), true));
        }
        Instant now = settings.clock().instant();
        AnalysisTiming timing = new AnalysisTiming(first ? conversation.staging() : Duration.ZERO, profilingTime,
                modelTime, executionTime, waitingTime);
        Analysis analysis = new Analysis(question, fileNames, workspace.dir(), steps, report,
                List.copyOf(artifacts.values()), usage, rounds, Duration.between(started, now), end.status(),
                end.reason(), transcript.toString(), inputNotes, timing, profiles);
        events.emit(new AnalysisEvent.Finished(now, analysis));
        return analysis;
    }

    private End cancelled() {
        return timeUp
                ? new End(AnalysisStatus.TIME_LIMIT, "reached the wall-clock limit of " + budget.maxWallTime()
                        + " (Budget.maxWallTime)")
                : new End(AnalysisStatus.CANCELLED, "cancelled by the caller");
    }

    private End loop() {
        int unproductive = 0;
        while (true) {
            cancellation.throwIfCancelled();
            if (rounds >= budget.maxRounds()) {
                return new End(AnalysisStatus.ROUND_LIMIT, "reached the limit of " + budget.maxRounds()
                        + " rounds without an answer (Budget.maxRounds)");
            }
            long remaining = budget.maxGeneratedTokens() - usage.completionTokens();
            if (remaining <= 0) {
                return new End(AnalysisStatus.TOKEN_LIMIT, "generated " + usage.completionTokens()
                        + " tokens, the limit is " + budget.maxGeneratedTokens() + " (Budget.maxGeneratedTokens)");
            }
            int room = contextRoom();
            if (room < minimumRoom()) {
                return new End(AnalysisStatus.TOKEN_LIMIT, "the conversation no longer fits the context window: "
                        + (budget.maxContextTokens() - room) + " of " + budget.maxContextTokens()
                        + " tokens used even after shortening earlier outputs (Budget.maxContextTokens)");
            }
            rounds++;
            int round = rounds;
            events.emit(new AnalysisEvent.RoundStarted(settings.clock().instant(), round));

            StepRecorder recorder = new StepRecorder(round, settings.clock(), events);
            TagStreamParser parser = new TagStreamParser(recorder);
            GenerationRequest request = new GenerationRequest(conversation.messages(), profile.stopSequences(),
                    settings.sampling().withMaxNewTokens((int) Math.min(Math.min(settings.sampling().maxNewTokens(), remaining), room)),
                    cancellation);
            Generation generation;
            Instant asked = settings.clock().instant();
            try {
                generation = settings.model().generate(request, parser::feed);
            } catch (ModelException e) {
                modelTime = modelTime.plus(since(asked));
                finishQuietly(parser);
                steps.addAll(recorder.steps());
                cancellation.throwIfCancelled(); // a stream torn down by cancellation is not a model failure
                return new End(AnalysisStatus.MODEL_ERROR, "model " + settings.model().describe() + " failed in round "
                        + round + ": " + e.getMessage());
            } catch (AnalysisCancelledException e) {
                modelTime = modelTime.plus(since(asked));
                finishQuietly(parser);
                steps.addAll(recorder.steps());
                throw e;
            }
            modelTime = modelTime.plus(since(asked));
            recorder.turnEnded(generation.finishReason()); // closes a <Code> the stop string cut, for every model
            parser.finish();
            usage = usage.plus(generation.usage());
            steps.addAll(recorder.steps());
            String text = recorder.keptText(generation.text());
            if (recorder.fabricatedExecute()) {
                problem("round " + round + ": the model wrote an <Execute> block itself (the server may ignore the "
                        + "stop string \"</Code>\"); it was discarded");
            }

            Step.Code code = first(recorder.steps(), Step.Code.class);
            Step.Answer answer = first(recorder.steps(), Step.Answer.class);
            if (code != null) {
                unproductive = 0;
                appendAssistant(text);
                execute(code, round);
                continue;
            }
            if (answer != null) {
                appendAssistant(text);
                report = new Report(answer.text().strip());
                if (!answer.complete() && generation.finishReason() == FinishReason.LENGTH) {
                    return new End(AnalysisStatus.TOKEN_LIMIT, "the answer was cut off at the per-turn token limit of "
                            + request.sampling().maxNewTokens() + " tokens; the report holds the part written");
                }
                events.emit(new AnalysisEvent.Answered(settings.clock().instant(), report));
                return new End(AnalysisStatus.ANSWERED, answer.complete() ? "the model wrote its answer"
                        : "the model wrote its answer but ended without </Answer>");
            }
            unproductive++;
            if (text.isBlank()) {
                // reference issue #89: the model sometimes stops right after an Execute block; ask again
                problem("round " + round + ": the model returned nothing; retrying (" + unproductive + " of "
                        + budget.maxEmptyRetries() + ")");
            } else {
                // reference issue #86: a turn with only Analyze/Understand; let the model continue
                appendAssistant(text);
                if (generation.finishReason() == FinishReason.LENGTH) {
                    unproductive--; // still writing: not a stall
                } else {
                    problem("round " + round + ": the turn had no <Code> and no <Answer>; continuing");
                }
            }
            if (unproductive > budget.maxEmptyRetries()) {
                return new End(AnalysisStatus.ENDED_WITHOUT_ANSWER, "the model stopped " + unproductive
                        + " times in a row without code or an answer (Budget.maxEmptyRetries = "
                        + budget.maxEmptyRetries() + ")");
            }
        }
    }

    private void execute(Step.Code code, int round) {
        Instant starting = settings.clock().instant();
        events.emit(new AnalysisEvent.CodeStarting(starting, code));
        ExecutionSession session;
        try {
            session = conversation.executor();
        } catch (ExecutorException e) {
            throw new ExecutorFailure("cannot start executor " + settings.executor().describe() + ": " + e.getMessage(), e);
        } finally {
            waitingTime = waitingTime.plus(since(starting));
        }
        WorkspaceSnapshot before = WorkspaceSnapshot.of(workspace.dir());
        // stamped once the session is ready: Step.Execute.duration() is the block's run, not the wait for a session
        Instant t0 = settings.clock().instant();
        ExecutionResult result;
        try {
            result = session.execute(new ExecutionRequest(code.code(), blockTimeout(), CAPTURE_CHARS, cancellation));
        } catch (ExecutorException e) {
            throw new ExecutorFailure("executor " + settings.executor().describe() + " failed in round " + round + ": "
                    + e.getMessage(), e);
        } finally {
            executionTime = executionTime.plus(since(t0));
        }
        Instant t1 = settings.clock().instant();
        List<Artifact> created = WorkspaceSnapshot.of(workspace.dir()).changesSince(before, round);
        result = result.withArtifacts(created);
        ExecuteTurn.Rendered turn = ExecuteTurn.render(result, budget.maxOutputChars());
        String feedback = turn.text();
        if (turn.shortened()) {
            problem("round " + round + ": output of " + turn.fullLength() + " characters was shortened to "
                    + budget.maxOutputChars() + " for the model (Budget.maxOutputChars)");
        }
        Step.Execute step = new Step.Execute(round, feedback, result, t0, Duration.between(t0, t1));
        steps.add(step);
        for (Artifact a : created) {
            artifacts.remove(a.path()); // keep creation order by latest write
            artifacts.put(a.path(), a);
            events.emit(new AnalysisEvent.ArtifactCreated(t1, a));
        }
        events.emit(new AnalysisEvent.StepCompleted(t1, step));
        events.emit(new AnalysisEvent.ExecutionFinished(t1, step));
        conversation.appendExecute(profile.executeMessage(feedback));
        transcript.append("\n<Execute>\n").append(feedback).append("\n</Execute>\n");
        if (result.outcome() == ExecutionResult.Outcome.CANCELLED) {
            throw new AnalysisCancelledException("cancelled during execution");
        }
    }

    /** Tokens a turn needs at least; below this the analysis ends rather than send a request that cannot answer. */
    private int minimumRoom() {
        return Math.min(1024, settings.sampling().maxNewTokens());
    }

    /**
     * Tokens left in the context window for the next turn, after the conversation shortened earlier
     * Execute outputs if fewer than {@link #minimumRoom()} were left.
     */
    private int contextRoom() {
        int window = budget.maxContextTokens();
        Conversation.Fit fit = conversation.fitTo(window, minimumRoom(), settings.tokenCounter());
        if (fit.startedShortening()) {
            problem("the conversation reached the context window of " + window
                    + " tokens; earlier outputs are being shortened to fit (Budget.maxContextTokens)");
        }
        return fit.room();
    }

    /** The block timeout, shortened to the wall-clock budget left (at least one second). */
    private Duration blockTimeout() {
        Duration left = budget.maxWallTime().minus(Duration.between(started, settings.clock().instant()));
        Duration t = left.compareTo(budget.blockTimeout()) < 0 ? left : budget.blockTimeout();
        return t.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : t;
    }

    /** Adds model text to the conversation and to this question's transcript. */
    private void appendAssistant(String text) {
        conversation.appendAssistant(text);
        transcript.append(text);
    }

    /** Time since {@code t0} on the settings' clock (zero if the clock went back). */
    private Duration since(Instant t0) {
        Duration d = Duration.between(t0, settings.clock().instant());
        return d.isNegative() ? Duration.ZERO : d;
    }

    private void problem(String message) {
        LOG.debug("{}: {}", workspace.dir().getFileName(), message);
        events.emit(new AnalysisEvent.Problem(settings.clock().instant(), message, false));
    }

    private static void finishQuietly(TagStreamParser parser) {
        try {
            parser.finish();
        } catch (RuntimeException ignored) {
            // the partial turn is best effort; the failure that got us here is what matters
        }
    }

    private static <S extends io.github.deepanalyze.Step> S first(List<io.github.deepanalyze.Step> list, Class<S> type) {
        for (io.github.deepanalyze.Step s : list) {
            if (type.isInstance(s)) {
                return type.cast(s);
            }
        }
        return null;
    }

    /** Carries an executor failure out of the loop as {@link AnalysisStatus#EXECUTOR_ERROR}. */
    static final class ExecutorFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ExecutorFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
