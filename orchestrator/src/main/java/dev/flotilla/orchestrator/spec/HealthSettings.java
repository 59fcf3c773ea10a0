package dev.flotilla.orchestrator.spec;

/**
 * The health-check flags of {@code service create} and {@code service update}, as typed ({@code null} when not
 * given): {@code --health-cmd}, {@code --health-interval}, {@code --health-retries}, {@code --health-start-period},
 * {@code --health-timeout} and {@code --no-healthcheck}. {@link ServiceSpecParser} turns them into a
 * {@link HealthSpec}; {@link #overriddenBy} applies an update's the way {@code docker service update} does.
 */
public record HealthSettings(String healthCmd, String healthInterval, String healthRetries, String healthStartPeriod,
                             String healthTimeout, Boolean noHealthcheck) {
    public static final HealthSettings NONE = new HealthSettings(null, null, null, null, null, null);

    /** Whether any {@code --health-*} flag is given ({@code --no-healthcheck} aside). */
    public boolean anyCheckFlag() {
        return healthCmd != null || healthInterval != null || healthRetries != null || healthStartPeriod != null
                || healthTimeout != null;
    }

    /**
     * These settings after an update gives {@code changes}, as Docker updates a service's health check:
     * {@code --no-healthcheck} alone replaces the whole check (with {@code --health-*} flags beside it, the parser
     * refuses the conflict); any other health flag replaces its own value and turns an earlier
     * {@code --no-healthcheck} off, so the image's check (or the one given) runs again. {@code --health-cmd ""}
     * goes back to the image's command, a duration or retry count of 0 to the image's value.
     */
    public HealthSettings overriddenBy(HealthSettings changes) {
        if (changes == null || changes.equals(NONE)) {
            return this;
        }
        if (Boolean.TRUE.equals(changes.noHealthcheck)) {
            return changes;
        }
        return new HealthSettings(or(changes.healthCmd, healthCmd), or(changes.healthInterval, healthInterval),
                or(changes.healthRetries, healthRetries), or(changes.healthStartPeriod, healthStartPeriod),
                or(changes.healthTimeout, healthTimeout), null);
    }

    private static String or(String given, String current) {
        return given != null ? given : current;
    }
}
