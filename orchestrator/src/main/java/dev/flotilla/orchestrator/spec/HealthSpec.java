package dev.flotilla.orchestrator.spec;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.time.Duration;
import java.util.List;

/**
 * The health check a service's containers run, as Docker's {@code HealthConfig}: what is not set here is the
 * image's {@code HEALTHCHECK} (the engine fills it in), so a zero duration or retry count means "the image's", and
 * an image without a HEALTHCHECK then gets Docker's defaults (every 30s, 30s timeout, 3 retries, no start period).
 * A service definition holds {@code null} when no health flag was given at all.
 *
 * @param test        empty: the image's command; {@code ["NONE"]}: no health check at all ({@code --no-healthcheck});
 *                    {@code ["CMD-SHELL", command]}: {@code --health-cmd}, run by the container's shell
 * @param interval    time between two checks
 * @param timeout     a check that runs longer fails
 * @param retries     consecutive failures that make the container unhealthy
 * @param startPeriod failures in this time after the start do not count
 */
public record HealthSpec(List<String> test,
                         @JsonSerialize(using = DurationJson.Write.class)
                         @JsonDeserialize(using = DurationJson.Read.class) Duration interval,
                         @JsonSerialize(using = DurationJson.Write.class)
                         @JsonDeserialize(using = DurationJson.Read.class) Duration timeout,
                         int retries,
                         @JsonSerialize(using = DurationJson.Write.class)
                         @JsonDeserialize(using = DurationJson.Read.class) Duration startPeriod) {
    /** {@code --no-healthcheck}: the container runs no check, even when its image has one. */
    public static final HealthSpec DISABLED = new HealthSpec(List.of("NONE"), null, null, 0, null);
    /** Docker's own rule: a duration is 0 (the image's) or at least this. */
    public static final Duration MIN_DURATION = Duration.ofMillis(1);

    public HealthSpec {
        test = test == null ? List.of() : List.copyOf(test);
        interval = interval == null ? Duration.ZERO : interval;
        timeout = timeout == null ? Duration.ZERO : timeout;
        startPeriod = startPeriod == null ? Duration.ZERO : startPeriod;
    }

    /** A check that runs {@code command} in the container's shell ({@code ["CMD-SHELL", command]}). */
    public static List<String> shell(String command) {
        return List.of("CMD-SHELL", command);
    }

    public boolean disabled() {
        return test.size() == 1 && test.get(0).equals("NONE");
    }

    /** The {@code --health-cmd} this check runs, or {@code null} when it runs the image's (or none). */
    public String command() {
        return test.size() == 2 && test.get(0).equals("CMD-SHELL") ? test.get(1) : null;
    }

    /** The flags that give this check back ({@link ServiceDefinition#toOptions}): only what is set. */
    HealthSettings toSettings() {
        if (disabled()) {
            return new HealthSettings(null, null, null, null, null, Boolean.TRUE);
        }
        return new HealthSettings(command(), set(interval), retries == 0 ? null : Integer.toString(retries),
                set(startPeriod), set(timeout), null);
    }

    private static String set(Duration d) {
        return d.isZero() ? null : GoDuration.format(d);
    }
}
