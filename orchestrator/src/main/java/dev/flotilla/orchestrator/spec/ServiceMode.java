package dev.flotilla.orchestrator.spec;

/** {@code --mode}: a fixed number of replicas, or one task on every node that qualifies. */
public enum ServiceMode {
    REPLICATED, GLOBAL
}
