package dev.flotilla.orchestrator.raft;

import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.client.retry.RequestTypeDependentRetryPolicy;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.RaftClientRequestProto.TypeCase;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Typed translation of {@link RaftConfig} into Ratis properties; every unsafe default is overridden here. */
final class RaftProps {
    private static final TimeDuration RETRY_SLEEP = TimeDuration.valueOf(25, TimeUnit.MILLISECONDS);

    private RaftProps() {
    }

    static RaftProperties server(RaftConfig c) {
        RaftSettings s = c.settings();
        RaftProperties p = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(p, List.of(c.storageDir().toFile()));
        GrpcConfigKeys.Server.setHost(p, c.host());
        GrpcConfigKeys.Server.setPort(p, c.port());
        GrpcConfigKeys.Admin.setHost(p, c.host());
        GrpcConfigKeys.Client.setHost(p, c.host());
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, ms(s.electionTimeoutMin()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, ms(s.electionTimeoutMax()));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, ms(s.electionTimeoutMin()));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, ms(s.electionTimeoutMax()));
        RaftServerConfigKeys.Rpc.setRequestTimeout(p, ms(s.requestTimeout().multipliedBy(3)));
        RaftServerConfigKeys.LeaderElection.setPreVote(p, true);
        // a leader that stepped down for lost heartbeats may not stand again for this long (Ratis: 10 s, which turned a
        // load spike into a 10 s outage of a two-manager group; pre-vote already keeps a cut-off member from
        // disrupting the others). The same setting is how long a JVM pause must last before the leader steps down by
        // itself: 1 s made a machine-wide 1.1 s stall cost a leader change, so 3 s.
        RaftServerConfigKeys.LeaderElection.setLeaderStepDownWaitTime(p, ms(Duration.ofMillis(
                Math.max(3000, s.electionTimeoutMax().toMillis() * 4))));
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setTimeout(p, ms(s.requestTimeout()));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, s.snapshotThreshold());
        RaftServerConfigKeys.Snapshot.setCreationGap(p, Math.min(1024, s.snapshotThreshold()));
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, s.snapshotsRetained());
        RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(p, true);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(1024, s.snapshotThreshold()));
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf("8MB"));
        RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf("1MB"));
        client(p, s.requestTimeout());
        expertOverrides(p);
        return p;
    }

    /**
     * For measurements and support only: {@code -Dflotilla.raft.server.x=y} sets the Ratis property
     * {@code raft.server.x}. Each override is logged, so a run with one is never mistaken for a default run.
     */
    private static void expertOverrides(RaftProperties p) {
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("flotilla.raft.")).sorted()
                .forEach(k -> {
                    String key = k.substring("flotilla.".length());
                    String value = System.getProperty(k);
                    org.slf4j.LoggerFactory.getLogger(RaftProps.class).warn("Ratis property {}={} set by -D{}"
                            + " (an expert override of Flotilla's choice)", key, value, k);
                    p.set(key, value);
                });
    }

    static RaftProperties client(RaftProperties p, Duration requestTimeout) {
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, ms(requestTimeout));
        return p;
    }

    /** Retries (same call id, so the leader's retry cache de-duplicates) until {@code deadline}, never forever. */
    static RetryPolicy retryUntil(Duration deadline) {
        RetryPolicy each = RetryPolicies.retryForeverWithSleep(RETRY_SLEEP);
        RequestTypeDependentRetryPolicy.Builder b = RequestTypeDependentRetryPolicy.newBuilder();
        for (TypeCase t : TypeCase.values()) {
            if (t != TypeCase.TYPE_NOT_SET) {
                b.setRetryPolicy(t, each).setTimeout(t, ms(deadline));
            }
        }
        return b.build();
    }

    static TimeDuration ms(Duration d) {
        return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
    }
}
