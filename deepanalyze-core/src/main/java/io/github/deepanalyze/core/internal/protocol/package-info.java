/**
 * The DeepAnalyze action-tag protocol: {@link io.github.deepanalyze.core.internal.protocol.TagStreamParser}
 * turns streamed model output into {@link io.github.deepanalyze.core.internal.protocol.Section}s,
 * {@link io.github.deepanalyze.core.internal.protocol.CodeBlocks} finds the program in a {@code <Code>}
 * section the way the reference does, {@link io.github.deepanalyze.core.internal.protocol.ExecuteTurn}
 * writes the {@code <Execute>} turn from an executor's result (the one place its wording lives), and
 * {@link io.github.deepanalyze.core.PromptProfiles} lays out the conversation for
 * DeepAnalyze-8B or for general instruction models.
 */
package io.github.deepanalyze.core.internal.protocol;
