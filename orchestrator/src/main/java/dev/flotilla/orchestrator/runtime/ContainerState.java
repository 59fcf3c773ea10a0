package dev.flotilla.orchestrator.runtime;

import java.util.Locale;

/** The engine's container states. */
public enum ContainerState {
    CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD, UNKNOWN;

    public static ContainerState of(String engineStatus) {
        if (engineStatus == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(engineStatus.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    /** True once the process has ended (it will not run again under Flotilla, which sets no restart policy). */
    public boolean ended() {
        return this == EXITED || this == DEAD;
    }
}
