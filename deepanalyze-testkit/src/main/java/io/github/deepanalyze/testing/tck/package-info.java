/**
 * The executor contract kit (TCK): {@link io.github.deepanalyze.testing.tck.CodeExecutorContract},
 * the abstract JUnit 5 test every {@link io.github.deepanalyze.execution.CodeExecutor} extends, and
 * {@link io.github.deepanalyze.testing.tck.ExecutorCapabilities}, what an executor declares it can do.
 *
 * <p>The contract pins what DeepAnalyze-8B was trained with and what the engine relies on:
 * <ul>
 *   <li>SCRIPT mode: every block is a fresh {@code __main__} script (no globals survive, no executor
 *       internals are visible) whose working directory is the workspace; files it writes land there
 *       (detecting them as artifacts is the engine's job: executors may leave
 *       {@code result.artifacts()} empty);</li>
 *   <li>stdout and stderr captured separately, each in order; Unicode (CJK, emoji) through code,
 *       output, error messages and file names; output beyond the request's {@code maxOutputChars}
 *       dropped with {@code truncated} set;</li>
 *   <li>errors are results, not exceptions: outcome {@code ERROR}, the Python traceback in
 *       {@code error()} ending with the exception line (e.g. {@code ZeroDivisionError: division by
 *       zero}), each frame with its source line and no frame of the executor's own runner; warnings
 *       echo their source line, as {@code python script.py} shows them; syntax errors name the line;
 *       {@code sys.exit(0)} is a success;</li>
 *   <li>a block past its timeout ends {@code TIMEOUT}, a block whose request is cancelled while it
 *       runs ends {@code CANCELLED}, and either way the session runs the next block; a memory cap,
 *       when declared, stops the block and the session goes on;</li>
 *   <li>NOTEBOOK mode, when declared, keeps globals (and the source of earlier blocks for tracebacks);
 *       concurrent sessions of one executor see neither each other's variables nor their working
 *       directories;</li>
 *   <li>misuse of the SPI throws the same type in every executor: {@link IllegalStateException} for
 *       a closed session, {@link io.github.deepanalyze.common.InvalidInputException} naming the path for a
 *       missing or non-directory workspace, {@link NullPointerException} for null arguments.</li>
 * </ul>
 * Results are checked as data (outcome, stdout, stderr, error, truncated), never through rendered
 * Execute text. See the module's README, "Writing an executor".
 */
package io.github.deepanalyze.testing.tck;
