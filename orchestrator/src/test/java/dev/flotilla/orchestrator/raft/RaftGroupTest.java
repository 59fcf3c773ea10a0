package dev.flotilla.orchestrator.raft;

import dev.flotilla.orchestrator.api.Availability;
import dev.flotilla.orchestrator.api.ClusterSettings;
import dev.flotilla.orchestrator.api.JoinTokenHashes;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeDescription;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.pki.CertRole;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.state.Result;
import dev.flotilla.orchestrator.store.RaftEndpoint;
import dev.flotilla.orchestrator.store.Rejected;
import dev.flotilla.orchestrator.store.Unavailable;
import dev.flotilla.orchestrator.tls.TestTls;
import dev.flotilla.testkit.Await;
import dev.flotilla.testkit.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Three Ratis members in one JVM on 127.0.0.1: a member added after snapshots exist must catch up through a
 * snapshot install (the BaseStateMachine lifecycle trap), a restarted member recovers from snapshot plus log, and a
 * rejected command never reaches the log.
 */
class RaftGroupTest {
    private static final RaftSettings FAST = RaftSettings.defaults().withSnapshotThreshold(16);
    /**
     * For the tests that check what is replicated, not how fast: generous request and operation deadlines (on a
     * loaded 2-core machine the first gRPC connection alone took over 600 ms and a write failed its 1.5 s).
     */
    private static final RaftSettings PATIENT = patient(FAST);

    private static RaftSettings patient(RaftSettings s) {
        return new RaftSettings(s.electionTimeoutMin(), s.electionTimeoutMax(), java.time.Duration.ofSeconds(3),
                java.time.Duration.ofSeconds(10), s.snapshotThreshold(), s.snapshotsRetained());
    }
    private final UUID group = UUID.randomUUID();
    private final List<RaftManager> started = new ArrayList<>();
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        started.forEach(RaftManager::close);
    }

    private RaftConfig config(String id, int port) {
        return new RaftConfig(group, id, "127.0.0.1", port, dir.resolve(id), List.of(), FAST,
                TestTls.node(id, CertRole.MANAGER));
    }

    private RaftConfig patientConfig(String id, int port) {
        return new RaftConfig(group, id, "127.0.0.1", port, dir.resolve(id), List.of(), PATIENT,
                TestTls.node(id, CertRole.MANAGER));
    }

    private RaftManager start(RaftConfig c, RaftManager.Start mode) throws IOException {
        RaftManager m = RaftManager.start(c, mode, StateEvents.NONE);
        started.add(m);
        return m;
    }

    @Test
    void membersJoinThroughSnapshotsAndSurviveRestart() throws Exception {
        RaftConfig ca = patientConfig("aaaa", Ports.free());
        RaftManager a = start(ca, RaftManager.Start.NEW_GROUP);
        Await.until("a is leader", Duration.ofSeconds(10), a::isLeader);
        assertThat(a.submit(init("aaaa")).ok()).isTrue();
        for (int i = 0; i < 40; i++) {
            assertThat(a.submit(label("aaaa", "k" + i)).ok()).isTrue();
        }
        Await.until("a snapshot exists", Duration.ofSeconds(10), () -> snapshots(ca.storageDir()) > 0);

        RaftManager b = start(patientConfig("bbbb", Ports.free()), RaftManager.Start.JOIN);
        RaftManager c = start(patientConfig("cccc", Ports.free()), RaftManager.Start.JOIN);
        a.addVoter(new RaftEndpoint("bbbb", b.config().address()));
        a.addVoter(new RaftEndpoint("cccc", c.config().address()));
        assertThat(a.status().voters()).hasSize(3);
        ClusterState onC = c.read();
        assertThat(onC.node("aaaa").labels()).hasSize(40);

        // a command rejected on the leader is never replicated
        assertThatThrownBy(() -> b.submit(label("missing", "x"))).isInstanceOf(Rejected.class)
                .hasMessageContaining("not found");

        // the leader goes away: the others elect one and keep accepting writes
        a.close();
        started.remove(a);
        Await.until("new leader", Duration.ofSeconds(10), () -> b.isLeader() || c.isLeader());
        assertThat(c.submit(label("aaaa", "after")).ok()).isTrue();

        // it comes back from its own storage and catches up
        RaftManager a2 = start(new RaftConfig(group, "aaaa", "127.0.0.1", ca.port(), ca.storageDir(), List.of(), FAST,
                TestTls.node("aaaa", CertRole.MANAGER)),
                RaftManager.Start.RECOVER);
        Await.until("a caught up", Duration.ofSeconds(10),
                () -> a2.localState().node("aaaa").labels().containsKey("after"));
        assertThat(a2.read().node("aaaa").labels()).hasSize(41);
    }

    @Test
    void aLoneMemberOfALostMajorityFailsWithinTheDeadline() throws Exception {
        RaftManager a = start(config("aaaa", Ports.free()), RaftManager.Start.NEW_GROUP);
        Await.until("a is leader", Duration.ofSeconds(10), a::isLeader);
        a.submit(init("aaaa"));
        RaftManager b = start(config("bbbb", Ports.free()), RaftManager.Start.JOIN);
        a.addVoter(new RaftEndpoint("bbbb", b.config().address()));
        b.close();
        started.remove(b);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> a.submit(label("aaaa", "x"))).isInstanceOf(Unavailable.class);
        assertThatThrownBy(a::read).isInstanceOf(Unavailable.class);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).as("two bounded calls").isLessThan(2 * 3_000);
    }

    private static long snapshots(Path storage) {
        try (Stream<Path> s = Files.walk(storage)) {
            return s.filter(p -> p.getFileName().toString().matches("snapshot\\.\\d+_\\d+")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    static Command init(String id) {
        Node n = new Node(id, NodeRole.MANAGER, Availability.ACTIVE, NodeStatus.READY, "", Map.of(),
                new NodeDescription("host-" + id, "127.0.0.1:1", "127.0.0.1:2", "t", null, null, null), 1, 1, 1);
        return new Command.InitCluster("c1", "fp", 1, ClusterSettings.defaults(), new JoinTokenHashes("w", "m"), n, List.of());
    }

    static Command label(String node, String key) {
        return new Command.UpdateNodeSpec(node, null, Map.of(key, "v"), List.of(), 2);
    }

    static boolean ok(Result r) {
        return r.ok();
    }
}
