package dev.flotilla.orchestrator.scheduler;

import java.util.Locale;

/** A node's role, as {@code node.role} constraints name it. */
public enum NodeRole {
    MANAGER, WORKER;

    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
