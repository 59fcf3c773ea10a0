package dev.flotilla.orchestrator.scheduler;

/** {@code node update --availability}: only ACTIVE nodes get new tasks. */
public enum Availability {
    ACTIVE, PAUSE, DRAIN
}
