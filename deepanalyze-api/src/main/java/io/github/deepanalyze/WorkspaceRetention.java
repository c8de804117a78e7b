package io.github.deepanalyze;

import io.github.deepanalyze.common.Artifact;

/**
 * What happens to an analysis's workspace directory (staged inputs and artifacts) when it ends.
 *
 * <p>Order at the end of an analysis: the executor session is closed, then the
 * {@link AnalysisEvent.Finished} event is delivered to every listener, then the retention policy
 * is applied, then the result future completes. A listener can therefore export artifacts on
 * {@code Finished} (e.g. with {@code io.github.deepanalyze.report.ArtifactExport.copy}) before a
 * {@code DELETE_*} policy removes them. For an {@link AnalysisSession} the policy is applied once,
 * on {@link AnalysisSession#close()}, after the last ask's {@code Finished} event.
 */
public enum WorkspaceRetention {
    /** Keep it; artifact paths stay valid. The host deletes it when done. The default. */
    KEEP,
    /** Delete it when the analysis answered (a session: when its last ask answered); keep it for inspection otherwise. */
    DELETE_ON_SUCCESS,
    /** Always delete it. Artifact paths in the result are then dangling: export what you need on {@code Finished}. */
    DELETE_ALWAYS
}
