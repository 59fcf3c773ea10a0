package dev.flotilla.shipper.config;

import java.time.Duration;
import java.util.List;

/**
 * The whole, validated configuration of one agent.
 *
 * @param name          {@code host.name} and {@code agent.name} of every event (default: the machine's host name)
 * @param metricsPeriod how often the one-line summary is logged ({@code logging.metrics.period}); zero turns it off
 */
public record AgentConfig(String name, List<InputConfig> inputs, LogstashConfig logstash, QueueConfig queue,
                          RegistryConfig registry, HttpConfig http, Duration metricsPeriod) {
    public static final Duration DEFAULT_METRICS_PERIOD = Duration.ofSeconds(30);

    public AgentConfig {
        inputs = List.copyOf(inputs);
    }
}
