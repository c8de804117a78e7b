package io.github.deepanalyze.execution;

/** What separates model code from the host application. See each executor's documentation for exact guarantees. */
public enum IsolationLevel {
    /** No isolation: code runs with the host's rights. Only for trusted code and tests. */
    NONE,
    /**
     * Inside the host JVM in a sandboxed interpreter: no host files outside the workspace, no
     * processes, sockets or host classes; time limits are cooperative and there is no memory cap.
     */
    IN_PROCESS_SANDBOX,
    /** In a separate OS process the SDK can kill: hard time limit and memory cap. */
    PROCESS
}
