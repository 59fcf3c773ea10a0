package dev.flotilla.orchestrator.api;

/**
 * Cluster-wide settings chosen at init and replicated with the state.
 *
 * @param heartbeatPeriodMillis how often every node reports to the leader (Swarm's dispatcher heartbeat, 5 s)
 * @param missedHeartbeats      how many periods without a heartbeat make a node DOWN (3)
 * @param taskHistoryLimit      tasks kept per slot (Swarm's task history retention limit, 5)
 */
public record ClusterSettings(long heartbeatPeriodMillis, int missedHeartbeats, int taskHistoryLimit) {
    public static final long DEFAULT_HEARTBEAT_MILLIS = 5_000;

    public ClusterSettings {
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

    public long downAfterMillis() {
        return heartbeatPeriodMillis * missedHeartbeats;
    }
}
