package dev.flotilla.orchestrator.api;

import java.util.Locale;

/** Liveness as seen by the leader from heartbeats. */
public enum NodeStatus {
    /** Not heard from since it joined or since a new leader took over. */
    UNKNOWN,
    /** Heartbeats arrive. */
    READY,
    /** Missed its heartbeats (or left the cluster). */
    DOWN;

    public String display() {
        String n = name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }
}
