package io.github.deepanalyze.prompt;

import io.github.deepanalyze.model.Message;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * How a conversation with a model is laid out: the opening messages and how execution output is
 * sent back. DeepAnalyze-8B needs the reference layout exactly; general instruction models need a
 * system prompt that teaches them the tags. Implementations are immutable and thread-safe.
 */
public interface PromptProfile {

    /** A short name for traces, e.g. {@code "deepanalyze"}. */
    String name();

    /**
     * The messages that open the conversation for {@code question} over {@code files}. In an
     * analysis each file carries what the input profilers found ({@link DataFile#reports()}, empty
     * when profiling is off): a profile that describes the inputs uses those reports rather than
     * reading the files again.
     */
    List<Message> openingMessages(String question, List<DataFile> files);

    /**
     * The message that asks a follow-up question in a continuing conversation
     * ({@code AnalysisSession.ask}). The default is a user message
     * {@code "# Instruction\n" + question}, the first message's layout without the {@code # Data}
     * section: the model already saw the inputs, and files created by earlier asks are its own
     * work, so {@code files} (the workspace's top-level files now) is not listed again.
     */
    default Message followUpMessage(String question, List<DataFile> files) {
        return Message.user("# Instruction\n" + question);
    }

    /** The message that carries one block's output back to the model. */
    Message executeMessage(String output);

    /**
     * This profile bound to one analysis's workspace, for profiles that read the input files
     * (e.g. to describe their columns). The engine calls it once per analysis before
     * {@link #openingMessages}; the default returns {@code this}.
     */
    default PromptProfile forWorkspace(Path workspace) {
        return this;
    }

    /**
     * The top-level Python modules the code this profile's model writes needs, e.g. {@code pandas}
     * for DeepAnalyze-8B. With no executor given to {@code Analyst.builder()}, {@code build()} picks
     * the most isolated executor on the class path that can import them all, and fails naming the
     * missing modules when none can. The default is none: any executor will do.
     */
    default Set<String> requiredModules() {
        return Set.of();
    }

    /** Stop strings to send with every request (at least {@code </Code>}). */
    default List<String> stopSequences() {
        return List.of("</Code>");
    }
}
