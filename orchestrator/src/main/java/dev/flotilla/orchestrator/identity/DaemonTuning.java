package dev.flotilla.orchestrator.identity;

import dev.flotilla.orchestrator.raft.RaftSettings;

import java.time.Duration;

/**
 * Per-node settings that survive a restart.
 *
 * @param nanoCpus    CPU the node offers, or 0 to read it from the OS ({@code --cpus})
 * @param memoryBytes memory the node offers, or 0 to read it from the OS ({@code --memory})
 */
public record DaemonTuning(long nanoCpus, long memoryBytes, long electionMinMillis, long electionMaxMillis) {
    public static DaemonTuning defaults() {
        return new DaemonTuning(0, 0, RaftSettings.DEFAULT_ELECTION_MIN.toMillis(), RaftSettings.DEFAULT_ELECTION_MAX.toMillis());
    }

    public RaftSettings raftSettings() {
        return RaftSettings.defaults().withElectionTimeout(Duration.ofMillis(electionMinMillis),
                Duration.ofMillis(electionMaxMillis));
    }
}
