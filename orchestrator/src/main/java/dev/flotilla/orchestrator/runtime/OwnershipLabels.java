package dev.flotilla.orchestrator.runtime;

/**
 * The labels on every container Flotilla creates. An agent only ever touches containers with
 * {@link #MANAGED} and its own {@link #NODE} id, so several agents can share one engine.
 */
public final class OwnershipLabels {
    public static final String MANAGED = "dev.flotilla.managed";
    public static final String NODE = "dev.flotilla.node";
    public static final String SERVICE = "dev.flotilla.service";
    public static final String SERVICE_ID = "dev.flotilla.service.id";
    public static final String TASK = "dev.flotilla.task";
    public static final String SLOT = "dev.flotilla.slot";
    public static final String HOSTNAME = "dev.flotilla.hostname";

    private OwnershipLabels() {
    }
}
