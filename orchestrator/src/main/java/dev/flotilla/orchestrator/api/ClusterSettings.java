package dev.flotilla.orchestrator.api;

import java.time.Duration;

/**
 * Cluster-wide settings chosen at init and replicated with the state.
 *
 * @param heartbeatPeriodMillis how often every node reports to the leader (Swarm's dispatcher heartbeat, 5 s)
 * @param missedHeartbeats      how many periods without a heartbeat make a node DOWN (3)
 * @param taskHistoryLimit      tasks kept per slot (Swarm's task history retention limit, 5)
 * @param certExpiryMillis      how long the node certificates the managers issue are valid (90 days, at least 1 hour;
 *                              a state written before this setting existed reads as the default)
 */
public record ClusterSettings(long heartbeatPeriodMillis, int missedHeartbeats, int taskHistoryLimit,
                              Long certExpiryMillis) {
    public static final long DEFAULT_HEARTBEAT_MILLIS = 5_000;
    public static final Duration DEFAULT_CERT_EXPIRY = Duration.ofDays(90);
    public static final Duration MIN_CERT_EXPIRY = Duration.ofHours(1);

    public ClusterSettings(long heartbeatPeriodMillis, int missedHeartbeats, int taskHistoryLimit) {
        this(heartbeatPeriodMillis, missedHeartbeats, taskHistoryLimit, DEFAULT_CERT_EXPIRY.toMillis());
    }

    public ClusterSettings {
        certExpiryMillis = certExpiryMillis == null || certExpiryMillis == 0 ? DEFAULT_CERT_EXPIRY.toMillis()
                : certExpiryMillis;
        if (certExpiryMillis < MIN_CERT_EXPIRY.toMillis()) {
            throw new IllegalArgumentException("the certificate expiry must be at least 1h, got "
                    + Duration.ofMillis(certExpiryMillis));
        }
        if (heartbeatPeriodMillis < 100) {
            throw new IllegalArgumentException("heartbeat period must be at least 100ms, got " + heartbeatPeriodMillis + "ms");
        }
        if (missedHeartbeats < 1) {
            throw new IllegalArgumentException("missed heartbeats must be at least 1");
        }
        if (taskHistoryLimit < 1) {
            throw new IllegalArgumentException("task history limit must be at least 1");
        }
    }

    public static ClusterSettings defaults() {
        return new ClusterSettings(DEFAULT_HEARTBEAT_MILLIS, 3, 5);
    }

    public Duration certExpiry() {
        return Duration.ofMillis(certExpiryMillis);
    }

    public ClusterSettings withCertExpiry(Duration d) {
        return new ClusterSettings(heartbeatPeriodMillis, missedHeartbeats, taskHistoryLimit, d.toMillis());
    }

    public long downAfterMillis() {
        return heartbeatPeriodMillis * missedHeartbeats;
    }
}
