package dev.flotilla.shipper.output.beats;

import dev.flotilla.shipper.text.HostPort;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of the Beats (Lumberjack v2) output, in Filebeat's {@code output.logstash.*} vocabulary and with its
 * defaults. Every problem is refused at construction with the key's path and what is allowed, all at once.
 *
 * <ul>
 *   <li>{@code hosts}: one or more peers; with {@code loadbalance: false} one is used at a time and the others take
 *       over when it fails; with {@code loadbalance: true} every host gets a connection and batches go to whichever
 *       has room.</li>
 *   <li>{@code compressionLevel}: zlib level 0-9; 0 sends JSON frames without the compressed wrapper.</li>
 *   <li>{@code bulkMaxSize}: the largest window; a larger batch is sent as several windows.</li>
 *   <li>{@code pipelining}: batches in flight per connection without an acknowledgement; 0 means "no pipelining"
 *       and behaves as 1 (one batch at a time).</li>
 *   <li>{@code timeout}: how long to wait for any acknowledgement (an ACK 0 keepalive counts) before the
 *       connection is closed and its unacknowledged events are resent on a new one; also the connect timeout.</li>
 *   <li>{@code backoffInit}/{@code backoffMax}: the wait after a failure, doubling up to the maximum, with jitter.</li>
 *   <li>{@code ttl}: accepted for compatibility and ignored, exactly as Filebeat's asynchronous client does.</li>
 * </ul>
 */
public record BeatsOutputConfig(List<HostPort> hosts, boolean loadbalance, int compressionLevel, int bulkMaxSize,
                                int pipelining, Duration timeout, Duration backoffInit, Duration backoffMax,
                                Duration ttl, Optional<TlsSettings> tls) {

    public static final int DEFAULT_PORT = HostPort.DEFAULT_BEATS_PORT;
    public static final int MAX_PIPELINING = 64;
    public static final int MAX_BULK = 1 << 20;
    private static final String PREFIX = "output.logstash.";

    public BeatsOutputConfig {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        tls = tls == null ? Optional.empty() : tls;
        List<String> problems = problems(hosts, compressionLevel, bulkMaxSize, pipelining, timeout, backoffInit,
                backoffMax, ttl);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** Filebeat's defaults for the given hosts. */
    public static Builder builder(List<HostPort> hosts) {
        return new Builder(hosts);
    }

    /** Parses {@code host[:port]} strings (port 5044 when absent), refusing bad ones with the index of the entry. */
    public static List<HostPort> parseHosts(List<String> texts) {
        List<HostPort> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try {
                out.add(HostPort.parse(texts.get(i), DEFAULT_PORT));
            } catch (IllegalArgumentException e) {
                problems.add(PREFIX + "hosts[" + i + "]: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return out;
    }

    /** In-flight batches per connection: {@code pipelining}, with 0 meaning one. */
    public int windowsPerConnection() {
        return Math.max(1, pipelining);
    }

    private static List<String> problems(List<HostPort> hosts, int level, int bulk, int pipelining, Duration timeout,
                                         Duration init, Duration max, Duration ttl) {
        List<String> p = new ArrayList<>();
        if (hosts.isEmpty()) {
            p.add(PREFIX + "hosts: at least one host:port is needed, for example [\"logstash:5044\"]");
        }
        Set<HostPort> seen = new HashSet<>();
        for (HostPort h : hosts) {
            if (!seen.add(h)) {
                p.add(PREFIX + "hosts: " + h + " is listed twice; list each host once");
            }
        }
        if (level < 0 || level > 9) {
            p.add(PREFIX + "compression_level: " + level + " is outside 0-9 (0 = no compression, 3 = default)");
        }
        if (bulk < 1 || bulk > MAX_BULK) {
            p.add(PREFIX + "bulk_max_size: " + bulk + " is outside 1-" + MAX_BULK + " (default 2048)");
        }
        if (pipelining < 0 || pipelining > MAX_PIPELINING) {
            p.add(PREFIX + "pipelining: " + pipelining + " is outside 0-" + MAX_PIPELINING + " (default 2)");
        }
        positive(p, "timeout", timeout, "30s");
        positive(p, "backoff.init", init, "1s");
        positive(p, "backoff.max", max, "60s");
        if (init != null && max != null && !init.isNegative() && !init.isZero() && max.compareTo(init) < 0) {
            p.add(PREFIX + "backoff.max: " + max.toMillis() + "ms is below backoff.init " + init.toMillis()
                    + "ms; make it at least as long");
        }
        if (ttl != null && ttl.isNegative()) {
            p.add(PREFIX + "ttl: must not be negative (it is ignored anyway, as by Filebeat's asynchronous client)");
        }
        return p;
    }

    private static void positive(List<String> p, String key, Duration d, String example) {
        if (d == null) {
            p.add(PREFIX + key + ": missing; give a duration such as " + example);
        } else if (d.isNegative() || d.isZero()) {
            p.add(PREFIX + key + ": " + d.toMillis() + "ms must be longer than zero, for example " + example);
        }
    }

    /** Mutable helper to build a config from Filebeat's defaults. */
    public static final class Builder {
        private final List<HostPort> hosts;
        private boolean loadbalance;
        private int compressionLevel = 3;
        private int bulkMaxSize = 2048;
        private int pipelining = 2;
        private Duration timeout = Duration.ofSeconds(30);
        private Duration backoffInit = Duration.ofSeconds(1);
        private Duration backoffMax = Duration.ofSeconds(60);
        private Duration ttl = Duration.ZERO;
        private TlsSettings tls;

        private Builder(List<HostPort> hosts) {
            this.hosts = hosts;
        }

        public Builder loadbalance(boolean v) {
            loadbalance = v;
            return this;
        }

        public Builder compressionLevel(int v) {
            compressionLevel = v;
            return this;
        }

        public Builder bulkMaxSize(int v) {
            bulkMaxSize = v;
            return this;
        }

        public Builder pipelining(int v) {
            pipelining = v;
            return this;
        }

        public Builder timeout(Duration v) {
            timeout = v;
            return this;
        }

        public Builder backoff(Duration init, Duration max) {
            backoffInit = init;
            backoffMax = max;
            return this;
        }

        public Builder ttl(Duration v) {
            ttl = v;
            return this;
        }

        public Builder tls(TlsSettings v) {
            tls = v;
            return this;
        }

        public BeatsOutputConfig build() {
            return new BeatsOutputConfig(hosts, loadbalance, compressionLevel, bulkMaxSize, pipelining, timeout,
                    backoffInit, backoffMax, ttl, Optional.ofNullable(tls));
        }
    }
}
