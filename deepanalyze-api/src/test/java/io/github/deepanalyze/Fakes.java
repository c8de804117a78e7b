package io.github.deepanalyze;

import io.github.deepanalyze.common.TokenUsage;
import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionSession;
import io.github.deepanalyze.execution.IsolationLevel;
import io.github.deepanalyze.model.FinishReason;
import io.github.deepanalyze.model.Generation;
import io.github.deepanalyze.model.LanguageModel;
import io.github.deepanalyze.model.Message;
import io.github.deepanalyze.prompt.PromptProfile;
import java.nio.file.Path;
import java.util.List;

/**
 * Tiny stand-ins for the SPIs, so the api module tests {@link Analyst.Builder#build()} without the
 * engine (deepanalyze-core depends on this module; the test kit does too, so neither can be used here).
 */
final class Fakes {
    private Fakes() {
    }

    /** A model that is never called: build() only checks that there is one. */
    static final LanguageModel MODEL = (request, onText) -> new Generation("", FinishReason.STOP, new TokenUsage(0, 0));

    /** An executor that reports {@code isolation} and counts close() calls; it runs nothing. */
    static final class Executor implements CodeExecutor {
        private final IsolationLevel isolation;
        private final String name;
        int closed;

        Executor(IsolationLevel isolation) {
            this(isolation, "fake-" + isolation);
        }

        Executor(IsolationLevel isolation, String name) {
            this.isolation = isolation;
            this.name = name;
        }

        @Override
        public ExecutionSession openSession(Path workspace, ExecutionMode mode) {
            throw new UnsupportedOperationException("the api tests run no code");
        }

        @Override
        public IsolationLevel isolation() {
            return isolation;
        }

        @Override
        public String describe() {
            return name;
        }

        @Override
        public void close() {
            closed++;
        }
    }

    /** The engine build() finds by ServiceLoader (registered in src/test/resources/META-INF/services). */
    public static final class Engine implements AnalysisEngine {
        static final PromptProfile PROFILE = new PromptProfile() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public List<Message> openingMessages(String question, List<io.github.deepanalyze.prompt.DataFile> files) {
                return List.of(Message.user(question));
            }

            @Override
            public Message executeMessage(String output) {
                return Message.execute(output);
            }
        };

        /** For ServiceLoader. */
        public Engine() {
        }

        @Override
        public AnalysisTask start(AnalystSettings settings, List<Path> files, String question, AnalysisListener listener) {
            throw new UnsupportedOperationException("the api tests run no analysis");
        }

        @Override
        public PromptProfile defaultPromptProfile() {
            return PROFILE;
        }
    }
}
