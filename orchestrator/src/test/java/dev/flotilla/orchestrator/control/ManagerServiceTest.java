package dev.flotilla.orchestrator.control;

import dev.flotilla.orchestrator.api.Availability;
import dev.flotilla.orchestrator.api.NodeDescription;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.pki.NodeKeys;
import dev.flotilla.orchestrator.security.JoinToken;
import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.store.MemoryStore;
import dev.flotilla.orchestrator.store.TestClusters;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ApiWire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Node, token and cluster operations of {@link ManagerService} over a {@link MemoryStore}. */
class ManagerServiceTest {
    private TestManagers m = new TestManagers(new MemoryStore("m1", TestManagers.cluster("w1", "w2")));

    @AfterEach
    void close() {
        m.close();
    }

    /** Three managers (m1, w1, w2) of which only m1 answers: its peer probe never ran. */
    private void threeManagers() {
        m.close();
        m = new TestManagers(new MemoryStore("m1", TestManagers.promoted(TestManagers.cluster("w1", "w2"), "w1", "w2")));
    }

    private static ApiProblem problem(Runnable r) {
        ApiProblem p = catchThrowableOfType(r::run, ApiProblem.class);
        assertThat(p).as("an ApiProblem").isNotNull();
        return p;
    }

    private ApiWire.NodeView view(String hostname) {
        return m.service.nodes().stream().filter(v -> v.node().hostname().equals(hostname)).findFirst().orElseThrow();
    }

    @Test
    void nodesShowManagerStatusOnlyForManagers() {
        List<ApiWire.NodeView> nodes = m.service.nodes();

        assertThat(nodes).extracting(v -> v.node().hostname()).containsExactlyInAnyOrder("host-m1", "host-w1", "host-w2");
        ApiWire.NodeView self = view("host-m1");
        assertThat(self.self()).isTrue();
        assertThat(self.managerStatus()).isNotNull();
        assertThat(self.managerStatus().leader()).isTrue();
        assertThat(self.managerStatus().reachability()).isEqualTo("Reachable");
        assertThat(self.managerStatus().raftMember()).isTrue();
        assertThat(view("host-w1").managerStatus()).isNull();
        assertThat(view("host-w1").self()).isFalse();
        assertThat(m.service.node("self").node().id()).isEqualTo("m1");
        assertThat(m.service.node("host-w2").node().id()).isEqualTo("w2");
    }

    @Test
    void nodeUpdateChangesLabelsAndAvailabilityAndRefusesToRemoveAMissingLabel() {
        ApiWire.NodeView v = m.service.update("host-w1",
                new ApiWire.NodeUpdate("drain", List.of("zone=a", "tier=web"), List.of()));
        assertThat(v.node().availability()).isEqualTo(Availability.DRAIN);
        assertThat(v.node().labels()).isEqualTo(Map.of("zone", "a", "tier", "web"));

        ApiWire.NodeView after = m.service.update("w1", new ApiWire.NodeUpdate(null, List.of(), List.of("tier")));
        assertThat(after.node().labels()).isEqualTo(Map.of("zone", "a"));
        assertThat(after.node().availability()).as("not given: kept").isEqualTo(Availability.DRAIN);

        int before = m.store.proposed().size();
        // docker node update --label-rm of a key the node lacks fails too ("key ... doesn't exist in node's labels")
        ApiProblem missing = problem(() -> m.service.update("w1", new ApiWire.NodeUpdate(null, List.of(), List.of("nope"))));
        assertThat(missing.kind()).isEqualTo(ApiProblem.Kind.CONFLICT);
        assertThat(missing.getMessage()).contains("host-w1 has no label nope", "its labels: zone");
        ApiProblem badWord = problem(() -> m.service.update("w1", new ApiWire.NodeUpdate("sleepy", List.of(), List.of())));
        assertThat(badWord.kind()).isEqualTo(ApiProblem.Kind.BAD_REQUEST);
        assertThat(badWord.getMessage()).contains("use active, pause or drain");
        assertThat(m.store.proposed()).as("refused updates write nothing").hasSize(before);
        assertThat(problem(() -> m.service.update("ghost", new ApiWire.NodeUpdate("pause", null, null))).kind())
                .isEqualTo(ApiProblem.Kind.NOT_FOUND);
    }

    @Test
    void promotingToAnEvenManagerCountWarnsAndDemotingGoesBack() {
        ApiWire.RoleChange up = m.service.promote("host-w1");
        assertThat(up.message()).isEqualTo("Node host-w1 promoted to a manager in the cluster.");
        assertThat(up.warning()).contains("now has 2 managers", "no fault tolerance", "odd number");
        assertThat(up.node().managerStatus()).isNotNull();
        assertThat(m.store.local().managerCount()).isEqualTo(2);

        int before = m.store.proposed().size();
        assertThat(m.service.promote("w1").message()).isEqualTo("Node host-w1 is already a manager.");
        assertThat(m.store.proposed()).hasSize(before);

        ApiWire.RoleChange down = m.service.demote("w1");
        assertThat(down.message()).isEqualTo("Manager host-w1 demoted in the cluster.");
        assertThat(down.warning()).isNull();
        assertThat(m.store.local().node("w1").role()).isEqualTo(NodeRole.WORKER);
        assertThat(m.store.local().managerCount()).isEqualTo(1);
        assertThat(m.service.demote("w1").message()).isEqualTo("Node host-w1 is already a worker.");
    }

    @Test
    void theLastManagerCannotBeDemoted() {
        ApiProblem p = problem(() -> m.service.demote("self"));

        assertThat(p.kind()).isEqualTo(ApiProblem.Kind.CONFLICT);
        assertThat(p.getMessage()).contains("cannot demote host-m1", "last manager", "promote another node first",
                "flotilla node promote");
        assertThat(m.store.local().node("m1").role()).isEqualTo(NodeRole.MANAGER);
    }

    @Test
    void aDemotionThatWouldLoseTheQuorumIsRefusedBeforeAnythingIsWritten() {
        threeManagers();
        int before = m.store.proposed().size();

        ApiProblem p = problem(() -> m.service.demote("w2"));

        assertThat(p.kind()).isEqualTo(ApiProblem.Kind.CONFLICT);
        assertThat(p.getMessage()).contains("without a quorum", "1 of the 2 remaining managers", "Bring the other managers back");
        assertThat(m.store.proposed()).hasSize(before);
        assertThat(m.store.local().managerCount()).isEqualTo(3);
    }

    @Test
    void aReadyWorkerIsRemovedOnlyWithForceAndItsTasksEndOrphaned() throws Exception {
        Service web = m.ops.inspect(m.ops.create(ServiceOptions.builder("web", "img:1").build()).service().id());
        long now = System.currentTimeMillis();
        assertThat(m.store.propose(new Command.PutTasks(List.of(Task.create("t1", web, 1, "", now)))).ok()).isTrue();
        assertThat(m.store.propose(new Command.AssignTask("t1", "w1", "web.1", now)).ok()).isTrue();

        ApiProblem refused = problem(() -> m.service.remove("host-w1", false));
        assertThat(refused.kind()).isEqualTo(ApiProblem.Kind.CONFLICT);
        assertThat(refused.getMessage()).contains("host-w1 is not down and can't be removed", "--force");
        assertThat(m.store.local().node("w1")).isNotNull();

        ApiProblem manager = problem(() -> m.service.remove("m1", true));
        assertThat(manager.getMessage()).contains("is a manager and cannot be removed", "demote it first");

        assertThat(m.service.remove("host-w1", true).message()).isEqualTo("w1");
        ClusterState s = m.store.local();
        assertThat(s.node("w1")).isNull();
        assertThat(s.credentials().values()).noneMatch(c -> "w1".equals(c.nodeId()));
        Task t1 = s.tasks().get("t1");
        assertThat(t1.state()).isEqualTo(TaskState.ORPHANED);
        assertThat(t1.desiredState()).isEqualTo(TaskState.SHUTDOWN);
        assertThat(m.service.nodes()).extracting(v -> v.node().id()).containsExactlyInAnyOrder("m1", "w2");
    }

    @Test
    void aRotatedJoinTokenReplacesTheOldOne() {
        ApiWire.TokenReply first = m.service.rotate("worker");
        String hash = m.store.local().tokens().worker();
        assertThat(first.role()).isEqualTo("worker");
        assertThat(hash).isNotEqualTo(TestClusters.WORKER_TOKEN_HASH).isEqualTo(JoinToken.parse(first.token()).secretHash());
        assertThat(m.service.checkToken("worker", new ApiWire.TokenCheck(first.token())).valid()).isTrue();

        ApiWire.TokenReply second = m.service.rotate("worker");

        assertThat(m.store.local().tokens().worker()).isNotEqualTo(hash);
        assertThat(m.service.checkToken("worker", new ApiWire.TokenCheck(first.token())).valid()).isFalse();
        assertThat(m.service.checkToken("worker", new ApiWire.TokenCheck(second.token())).valid()).isTrue();
        assertThat(m.service.checkToken("manager", new ApiWire.TokenCheck(second.token())).valid()).isFalse();
        assertThat(m.store.local().tokens().manager()).as("the other role's token is kept")
                .isEqualTo(TestClusters.MANAGER_TOKEN_HASH);

        NodeDescription d = new NodeDescription("host-w9", "127.0.0.1:5001", "127.0.0.1:5002", "t", null, "linux", "amd64");
        ApiProblem stale = problem(() -> new Admission(m.service).join(new ApiWire.JoinRequest(first.token(), d, NodeKeys.request(NodeKeys.generate())), "test"));
        assertThat(stale.kind()).isEqualTo(ApiProblem.Kind.UNAUTHORIZED);
        assertThat(stale.getMessage()).contains("stops working once rotated", "flotilla join-token worker");
        ApiWire.JoinReply joined = new Admission(m.service).join(new ApiWire.JoinRequest(second.token(), d, NodeKeys.request(NodeKeys.generate())), "test");
        assertThat(joined.role()).isEqualTo(NodeRole.WORKER);
        assertThat(m.store.local().node(joined.nodeId()).hostname()).isEqualTo("host-w9");

        ApiProblem role = problem(() -> m.service.rotate("superuser"));
        assertThat(role.kind()).isEqualTo(ApiProblem.Kind.BAD_REQUEST);
        assertThat(role.getMessage()).contains("use worker or manager");
    }

    @Test
    void infoShowsTheClusterItsManagersAndTheLeader() {
        ApiWire.Info info = m.service.info();

        assertThat(info.clusterId()).isEqualTo("cluster1");
        assertThat(info.nodeId()).isEqualTo("m1");
        assertThat(info.isManager()).isTrue();
        assertThat(info.managers()).isEqualTo(1);
        assertThat(info.nodes()).isEqualTo(3);
        assertThat(info.leaderId()).isEqualTo("m1");
        assertThat(info.managerAddresses()).containsExactly("127.0.0.1:4242");
        assertThat(info.raft()).containsEntry("voters", 1);
        assertThat(info.version()).isEqualTo("test-version");

        m.service.promote("w1");
        assertThat(m.service.info().managers()).isEqualTo(2);
    }

    @Test
    void aLostQuorumGivesTheNoLeaderMessageForReadsAndWrites() {
        threeManagers();
        m.store.setAvailable(false);
        int before = m.store.proposed().size();

        ApiProblem read = problem(() -> m.service.info());
        assertThat(read.kind()).isEqualTo(ApiProblem.Kind.UNAVAILABLE);
        assertThat(read.code()).isEqualTo("NO_LEADER");
        assertThat(read.getMessage()).contains("The cluster does not have a leader", "1 of 3 managers is reachable",
                "at least 2 of 3");
        assertThat(problem(() -> m.service.nodes()).code()).isEqualTo("NO_LEADER");

        ApiProblem write = problem(() -> m.service.update("w1", new ApiWire.NodeUpdate("drain", null, null)));
        assertThat(write.code()).isEqualTo("NO_LEADER");
        assertThat(write.getMessage()).as("a write's outcome is unknown: check before retrying")
                .contains("does not have a leader", "check the current state before you retry");
        assertThat(m.store.proposed()).hasSize(before);
        assertThat(m.store.local().node("w1").availability()).isEqualTo(Availability.ACTIVE);
    }
}
