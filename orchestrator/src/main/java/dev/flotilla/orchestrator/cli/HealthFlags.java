package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.spec.HealthSettings;
import dev.flotilla.orchestrator.spec.ServiceSettings;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/**
 * The containers' health check, the same on create and update (Docker's flags): a task counts as running only once
 * its check passes, and is replaced when it turns unhealthy. Without these flags the image's HEALTHCHECK applies.
 */
final class HealthFlags {
    @Option(names = "--health-cmd", paramLabel = "COMMAND",
            description = "Command to run to check health, in the container's shell (on update, \"\" for the image's).")
    String cmd;
    @Option(names = "--health-interval", paramLabel = "DURATION",
            description = "Time between running the check (ms|s|m|h) (default: the image's, else 30s).")
    String interval;
    @Option(names = "--health-retries", paramLabel = "N",
            description = "Consecutive failures needed to report unhealthy (default: the image's, else 3).")
    String retries;
    @Option(names = "--health-start-period", paramLabel = "DURATION", description = "Start period for the container"
            + " to initialize before counting retries towards unstable (ms|s|m|h) (default: the image's, else 0s).")
    String startPeriod;
    @Option(names = "--health-timeout", paramLabel = "DURATION",
            description = "Maximum time to allow one check to run (ms|s|m|h) (default: the image's, else 30s).")
    String timeout;
    @Option(names = "--no-healthcheck", arity = "0..1", paramLabel = "true|false", fallbackValue = "true",
            converter = TrueOrFalse.class,
            description = "Disable any container-specified HEALTHCHECK (on update, --no-healthcheck=false for the"
                    + " image's again).")
    Boolean disabled;

    void fill(ServiceSettings.Builder<?> b) {
        b.health(new HealthSettings(cmd, interval, retries, startPeriod, timeout, disabled));
    }

    /** {@code --no-healthcheck=VALUE}: true or false, with what to write instead of anything else. */
    static final class TrueOrFalse implements ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new TypeConversionException("'" + value + "' is not true or false; write"
                        + " --no-healthcheck to disable the health check, --no-healthcheck=false to keep it");
            };
        }
    }
}
