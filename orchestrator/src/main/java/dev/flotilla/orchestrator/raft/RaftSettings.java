package dev.flotilla.orchestrator.raft;

import java.time.Duration;

/**
 * Timing and storage knobs of the manager group, every one set explicitly (Ratis's defaults store in /tmp, keep
 * every snapshot and retry forever).
 *
 * @param electionTimeoutMin  a follower that hears nothing from the leader for a random time between min and max
 *                            starts an election
 * @param requestTimeout      one client attempt (write or read) gives up after this
 * @param operationDeadline   a write or linearizable read that cannot complete (no leader) fails after this
 * @param snapshotThreshold   log entries between automatic snapshots
 * @param snapshotsRetained   snapshot files kept on disk
 */
public record RaftSettings(Duration electionTimeoutMin, Duration electionTimeoutMax, Duration requestTimeout,
                           Duration operationDeadline, long snapshotThreshold, int snapshotsRetained) {

    /** Chosen from measurements (docs/benchmarks/control-plane.md): fast failover, no spurious elections at full CPU. */
    public static final Duration DEFAULT_ELECTION_MIN = Duration.ofMillis(200);
    public static final Duration DEFAULT_ELECTION_MAX = Duration.ofMillis(400);

    public RaftSettings {
        if (electionTimeoutMin.toMillis() < 50 || electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
            throw new IllegalArgumentException("election timeout must be at least 50ms and max must exceed min, got "
                    + electionTimeoutMin.toMillis() + "ms/" + electionTimeoutMax.toMillis() + "ms");
        }
        if (snapshotThreshold < 16 || snapshotsRetained < 1) {
            throw new IllegalArgumentException("snapshot threshold must be >= 16 and at least one snapshot kept");
        }
    }

    public static RaftSettings defaults() {
        return new RaftSettings(DEFAULT_ELECTION_MIN, DEFAULT_ELECTION_MAX, Duration.ofMillis(750),
                Duration.ofMillis(1500), 10_000, 2);
    }

    public RaftSettings withElectionTimeout(Duration min, Duration max) {
        return new RaftSettings(min, max, requestTimeout, operationDeadline, snapshotThreshold, snapshotsRetained);
    }

    public RaftSettings withSnapshotThreshold(long entries) {
        return new RaftSettings(electionTimeoutMin, electionTimeoutMax, requestTimeout, operationDeadline, entries,
                snapshotsRetained);
    }
}
