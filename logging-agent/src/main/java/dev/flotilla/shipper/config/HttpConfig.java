package dev.flotilla.shipper.config;

/** {@code http}: the endpoint that serves {@code /metrics} in Prometheus text. Port 0 picks a free port. */
public record HttpConfig(boolean enabled, String host, int port) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5066;
}
