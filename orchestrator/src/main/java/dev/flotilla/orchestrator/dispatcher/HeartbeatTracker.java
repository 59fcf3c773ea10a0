package dev.flotilla.orchestrator.dispatcher;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leader's memory of when each node last reported. Not replicated (a heartbeat is not a state change); a new
 * leader starts with every node counted as just seen, so nobody is marked down merely because leadership moved.
 */
public final class HeartbeatTracker {
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    private volatile long leaderSince = System.nanoTime();

    /** Called when this manager becomes leader. */
    public void reset() {
        lastSeen.clear();
        leaderSince = System.nanoTime();
    }

    public void seen(String nodeId) {
        lastSeen.put(nodeId, System.nanoTime());
    }

    /** Milliseconds since the node last reported (or since this leader took over, if it has not yet). */
    public long silenceMillis(String nodeId) {
        long since = lastSeen.getOrDefault(nodeId, leaderSince);
        return (System.nanoTime() - since) / 1_000_000;
    }

    public void forget(String nodeId) {
        lastSeen.remove(nodeId);
    }
}
