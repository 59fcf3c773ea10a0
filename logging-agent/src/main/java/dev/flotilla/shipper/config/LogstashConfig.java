package dev.flotilla.shipper.config;

import dev.flotilla.shipper.text.HostPort;

import java.time.Duration;
import java.util.List;

/** {@code output.logstash}: Filebeat's options and defaults. */
public record LogstashConfig(
        List<HostPort> hosts,
        boolean loadbalance,
        int compressionLevel,
        int bulkMaxSize,
        int pipelining,
        Duration timeout,
        Duration backoffInit,
        Duration backoffMax,
        String index,
        TlsConfig ssl) {

    public static final int DEFAULT_COMPRESSION_LEVEL = 3;
    public static final int DEFAULT_BULK_MAX_SIZE = 2048;
    public static final int DEFAULT_PIPELINING = 2;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_BACKOFF_INIT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(60);
    /** {@code [@metadata][beat]}, which Logstash configs use to name indices. */
    public static final String DEFAULT_INDEX = "logging-agent";

    public LogstashConfig {
        hosts = List.copyOf(hosts);
    }

    public static LogstashConfig defaults(List<HostPort> hosts) {
        return new LogstashConfig(hosts, false, DEFAULT_COMPRESSION_LEVEL, DEFAULT_BULK_MAX_SIZE, DEFAULT_PIPELINING,
                DEFAULT_TIMEOUT, DEFAULT_BACKOFF_INIT, DEFAULT_BACKOFF_MAX, DEFAULT_INDEX, TlsConfig.DISABLED);
    }
}
