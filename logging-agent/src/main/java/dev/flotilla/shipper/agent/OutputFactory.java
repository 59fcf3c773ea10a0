package dev.flotilla.shipper.agent;

import dev.flotilla.shipper.config.LogstashConfig;
import dev.flotilla.shipper.metrics.Metrics;
import dev.flotilla.shipper.output.Output;

/** Makes the agent's output: the Beats client in production, something else in a test. */
@FunctionalInterface
public interface OutputFactory {
    /**
     * @throws IllegalArgumentException with a message for the user when the settings cannot work (unreadable TLS files)
     */
    Output create(LogstashConfig config, Metrics metrics);
}
