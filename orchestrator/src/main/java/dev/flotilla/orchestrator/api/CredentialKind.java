package dev.flotilla.orchestrator.api;

/**
 * Who holds a credential: the cluster's administrator (the CLI), one node (its daemon), or whoever was given the
 * read-only visualizer token ({@code flotilla ui-token}), which opens the visualizer and nothing else.
 */
public enum CredentialKind {
    ADMIN, NODE, VIEWER
}
