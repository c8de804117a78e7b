package io.github.deepanalyze.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How to start a process that runs {@code runner.py}: CPython directly, or a JVM running GraalPy.
 * Both speak the same protocol; everything else (pool, sandbox wrapper, environment) is shared.
 */
interface WorkerRuntime {

    /**
     * The command line (without the namespace wrapper) that runs the runner.
     *
     * @param runner the extracted runner script
     * @param runnerArgs arguments for the runner ({@code --scratch}, {@code --memory-limit}, {@code --preload})
     */
    List<String> command(Path runner, List<String> runnerArgs);

    /** The program that ends up running the runner (python or java), to find it under a sandbox wrapper. */
    Path executable();

    /** Whether the runner should set RLIMIT_AS itself (false where the runtime caps memory another way, e.g. -Xmx). */
    boolean runnerEnforcesMemoryLimit();

    /** Variables this runtime needs on top of the scrubbed environment. */
    Map<String, String> extraEnvironment();

    /** How long a cold worker may take to print its ready frame. */
    Duration startupTimeout();

    /** What to check when a worker fails to start, e.g. {@code "Check the interpreter path ..."}; ends with a full stop. */
    String startupHint();

    /** For {@code describe()}, e.g. {@code "cpython /usr/bin/python3"}. */
    String describe();
}
