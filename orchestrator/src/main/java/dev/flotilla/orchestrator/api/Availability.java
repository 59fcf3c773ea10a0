package dev.flotilla.orchestrator.api;

import java.util.Locale;

/** Whether the scheduler may place tasks on a node (Swarm's node availability). */
public enum Availability {
    /** New tasks may be placed. */
    ACTIVE,
    /** No new tasks; running ones stay. */
    PAUSE,
    /** No new tasks; running ones move elsewhere. */
    DRAIN;

    /** Parses the CLI word (active, pause, drain), with an error that lists the valid ones. */
    public static Availability parse(String word) {
        for (Availability a : values()) {
            if (a.name().equalsIgnoreCase(word == null ? "" : word.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("invalid availability '" + word + "': use active, pause or drain");
    }

    public String display() {
        String n = name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }
}
