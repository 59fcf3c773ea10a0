package dev.flotilla.orchestrator.runtime;

import java.util.Locale;

/**
 * What the engine says of a running container's health check: {@link #NONE} when it runs none (no HEALTHCHECK in
 * its image and none in its service, or {@code --no-healthcheck}), else starting until a check first passes (or
 * fails {@code retries} times after the start period), then healthy or unhealthy.
 */
public enum ContainerHealth {
    NONE, STARTING, HEALTHY, UNHEALTHY;

    /** The engine's word ({@code "starting"}, {@code "healthy"}, {@code "unhealthy"}); anything else is NONE. */
    public static ContainerHealth of(String engineStatus) {
        if (engineStatus == null) {
            return NONE;
        }
        return switch (engineStatus.strip().toLowerCase(Locale.ROOT)) {
            case "starting" -> STARTING;
            case "healthy" -> HEALTHY;
            case "unhealthy" -> UNHEALTHY;
            default -> NONE;
        };
    }
}
