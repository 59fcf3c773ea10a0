package dev.flotilla.orchestrator.api;

/** Who holds a credential: the cluster's administrator (the CLI) or one node (its daemon). */
public enum CredentialKind {
    ADMIN, NODE
}
