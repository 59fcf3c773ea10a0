package dev.flotilla.orchestrator.dispatcher;

import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.store.MemoryStore;
import dev.flotilla.orchestrator.store.TestClusters;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ApiWire;
import dev.flotilla.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The leader's side of heartbeats, over an in-memory store. */
class DispatcherTest {
    private final MemoryStore store = TestClusters.store("m1", "w1");
    private final HeartbeatTracker tracker = new HeartbeatTracker();
    private final Dispatcher dispatcher = new Dispatcher(store, "group-1", tracker);

    @AfterEach
    void close() {
        dispatcher.close();
    }

    @Test
    void aHeartbeatOfANodeMarkedDownBringsItBackAndTheReplyNamesTheManagers() throws Exception {
        dispatcher.start();
        store.propose(new Command.SetNodeStatus("w1", NodeStatus.DOWN, "heartbeat failure", 5));
        ApiWire.HeartbeatReply reply = dispatcher.heartbeat("w1", new ApiWire.Heartbeat(null));
        assertThat(reply.raftGroupId()).isEqualTo("group-1");
        assertThat(reply.managers()).containsExactly("127.0.0.1:4242");
        assertThat(reply.voters()).extracting(ApiWire.Voter::id).containsExactly("m1");
        await(() -> store.local().node("w1").status() == NodeStatus.READY, "w1 ready again");
        assertThat(tracker.silenceMillis("w1")).isLessThan(60_000);
    }

    @Test
    void aReadyNodesHeartbeatWritesNothing() {
        dispatcher.start();
        int before = store.proposed().size();
        dispatcher.heartbeat("w1", new ApiWire.Heartbeat(store.local().node("w1").description()));
        assertThat(store.proposed()).hasSize(before);
    }

    @Test
    void aFollowerSendsTheNodeToTheLeader() {
        dispatcher.start();
        store.setLeader(false);
        assertThatThrownBy(() -> dispatcher.heartbeat("w1", new ApiWire.Heartbeat(null)))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.kind()).isEqualTo(ApiProblem.Kind.NOT_LEADER));
    }

    @Test
    void aRemovedNodeIsToldToJoinAgainAndALeftNodeThatItLeft() throws Exception {
        dispatcher.start();
        assertThatThrownBy(() -> dispatcher.heartbeat("nope", new ApiWire.Heartbeat(null)))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.kind()).isEqualTo(ApiProblem.Kind.NOT_FOUND))
                .hasMessageContaining("was removed").hasMessageContaining("join token");
        store.propose(new Command.SetNodeStatus("w1", NodeStatus.DOWN, Dispatcher.LEFT, 6));
        assertThatThrownBy(() -> dispatcher.heartbeat("w1", new ApiWire.Heartbeat(null)))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.code()).isEqualTo("LEFT"))
                .hasMessageContaining("left the cluster");
    }

    @Test
    void withoutAQuorumAnUnknownNodeGetsTheNoLeaderAnswerNotARemoval() {
        dispatcher.start();
        store.setAvailable(false);
        assertThatThrownBy(() -> dispatcher.heartbeat("nope", new ApiWire.Heartbeat(null)))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.kind()).isEqualTo(ApiProblem.Kind.UNAVAILABLE));
    }

    @Test
    void aDispatcherNotStartedRefusesToRecordRatherThanDropping() throws Exception {
        store.propose(new Command.SetNodeStatus("w1", NodeStatus.DOWN, "heartbeat failure", 5));
        assertThatThrownBy(() -> dispatcher.heartbeat("w1", new ApiWire.Heartbeat(null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");
    }

    private static void await(BooleanSupplier condition, String what) {
        Await.until(what, Duration.ofSeconds(10), condition::getAsBoolean);
    }
}
