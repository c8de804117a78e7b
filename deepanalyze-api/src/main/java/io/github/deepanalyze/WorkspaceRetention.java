package io.github.deepanalyze;

/** What happens to an analysis's workspace directory (staged inputs and artifacts) when it ends. */
public enum WorkspaceRetention {
    /** Keep it; artifact paths stay valid. The host deletes it when done. The default. */
    KEEP,
    /** Delete it when the analysis answered; keep it for inspection otherwise. */
    DELETE_ON_SUCCESS,
    /** Always delete it. Artifact paths in the result are then dangling: copy what you need from a listener. */
    DELETE_ALWAYS
}
