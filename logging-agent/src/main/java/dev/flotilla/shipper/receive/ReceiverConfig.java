package dev.flotilla.shipper.receive;

import dev.flotilla.shipper.output.beats.FrameCodec;
import dev.flotilla.shipper.text.HostPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the development Beats receiver. {@code fsyncInterval} is the least time between two fsyncs (0: sync
 * as soon as the previous sync ends; grouping happens anyway while a sync runs). TLS is on when {@code certificate} and {@code key} are set; then
 * {@code clientCas}, when not empty, makes client certificates mandatory.
 */
public record ReceiverConfig(HostPort listen, Path out, Duration keepalive, Duration idleTimeout, Duration fsyncInterval,
                             int maxConnections, FrameCodec.Limits limits, Path certificate, Path key,
                             List<Path> clientCas) {
    public ReceiverConfig {
        clientCas = List.copyOf(clientCas == null ? List.of() : clientCas);
        if (listen == null || out == null) {
            throw new IllegalArgumentException("a receiver needs an address to listen on and a file to write");
        }
        if (keepalive.isNegative() || keepalive.isZero()) {
            throw new IllegalArgumentException("--keepalive must be longer than zero (it is how long a client waits for"
                    + " the disk before an ACK 0 tells it the receiver is alive), e.g. 5s");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("--idle-timeout must be longer than zero, e.g. 60s");
        }
        if (fsyncInterval == null || fsyncInterval.isNegative()) {
            throw new IllegalArgumentException("--fsync-interval must not be negative");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("--max-connections must be at least 1");
        }
        if ((certificate == null) != (key == null)) {
            throw new IllegalArgumentException("TLS needs both --ssl-certificate and --ssl-key");
        }
        if (certificate == null && !clientCas.isEmpty()) {
            throw new IllegalArgumentException("--ssl-certificate-authorities needs TLS: give --ssl-certificate and "
                    + "--ssl-key too");
        }
    }

    /** Plain TCP with Logstash-like defaults: keepalive every 5 s, idle connections closed after 60 s. */
    public static ReceiverConfig plain(HostPort listen, Path out) {
        return new ReceiverConfig(listen, out, Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ZERO, 64,
                FrameCodec.Limits.DEFAULT, null, null, List.of());
    }

    public boolean tls() {
        return certificate != null;
    }
}
