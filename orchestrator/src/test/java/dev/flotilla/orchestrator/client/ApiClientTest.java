package dev.flotilla.orchestrator.client;

import dev.flotilla.orchestrator.api.CredentialKind;
import dev.flotilla.orchestrator.api.NodeDescription;
import com.fasterxml.jackson.databind.JavaType;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.control.TestManagers;
import dev.flotilla.orchestrator.http.TestApi;
import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.pki.CertRole;
import dev.flotilla.orchestrator.security.Credential;
import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.store.TestClusters;
import dev.flotilla.orchestrator.tls.TestTls;
import dev.flotilla.orchestrator.wire.AgentWire;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ApiWire;
import dev.flotilla.orchestrator.wire.ServiceViews;
import dev.flotilla.testkit.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The client's failover between managers, against real API servers (see {@link TestApi}) and dead addresses. */
class ApiClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final JavaType NODES = Json.mapper().getTypeFactory().constructCollectionType(List.class, ApiWire.NodeView.class);
    /** A node credential both servers of the leader tests know (node w3). */
    private static final Credential NODE = Credential.generate();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private TestApi start() {
        return keep(TestApi.start());
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    private static String closedPort() {
        return "127.0.0.1:" + Ports.free();
    }

    private static ApiClient admin(String... managers) {
        return new ApiClient(List.of(managers), TestTls.admin(), TestClusters.ADMIN.toString(), TIMEOUT);
    }

    private static List<ApiWire.NodeView> nodes(ApiClient client) {
        return client.get("/v1/nodes", NODES);
    }

    private static ApiProblem problem(Runnable r) {
        ApiProblem p = catchThrowableOfType(r::run, ApiProblem.class);
        assertThat(p).as("an ApiProblem").isNotNull();
        return p;
    }

    @Test
    void aClosedPortIsPassedOverForTheNextManager() {
        TestApi api = start();
        ApiClient client = admin(closedPort(), api.address);

        assertThat(nodes(client)).hasSize(3);
        assertThat(client.lastManager()).isEqualTo(api.address);
        assertThat(client.lastNodeId()).isEqualTo("m1");
    }

    @Test
    void whenNoManagerAnswersTheProblemNamesTheAddressesAndWhatToCheck() {
        String a = closedPort();
        String b = closedPort();

        ApiProblem p = problem(() -> admin(a, b).get("/v1/nodes", NODES));

        assertThat(p.kind()).isEqualTo(ApiProblem.Kind.UNAVAILABLE);
        assertThat(p.code()).isEqualTo("UNREACHABLE");
        assertThat(p.getMessage()).contains("cannot reach any manager", a + " (connection refused)",
                b + " (connection refused)", "Check that the managers' daemons run", "--host");
    }

    @Test
    void aManagerThatDoesNotAnswerInTimeIsPassedOver() throws Exception {
        // accepts connections (the kernel's backlog) but never answers
        ServerSocket silent = keep(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
        String hung = "127.0.0.1:" + silent.getLocalPort();
        TestApi api = start();
        Duration attempt = Duration.ofMillis(300);

        ApiClient client = new ApiClient(List.of(hung, api.address), TestTls.admin(), TestClusters.ADMIN.toString(), attempt);
        assertThat(nodes(client)).hasSize(3);
        assertThat(client.lastManager()).isEqualTo(api.address);

        ApiProblem p = problem(() -> new ApiClient(List.of(hung), TestTls.admin(), TestClusters.ADMIN.toString(), attempt)
                .get("/v1/nodes", NODES));
        assertThat(p.code()).isEqualTo("UNREACHABLE");
        assertThat(p.getMessage()).contains(hung + " (no answer within 300ms)");
    }

    @Test
    void aManagerWithoutLeaderOrAWorkerIsPassedOverAndItsAnswerKeptIfNoneIsBetter() {
        TestApi down = start();
        down.store.setAvailable(false);
        TestApi worker = start();
        worker.worker = true;
        TestApi good = start();

        ApiClient client = admin(down.address, worker.address, good.address);
        assertThat(client.get("/v1/info", ApiWire.Info.class).clusterId()).isEqualTo("cluster1");
        assertThat(client.lastManager()).isEqualTo(good.address);

        ApiProblem noLeader = problem(() -> admin(down.address, closedPort()).get("/v1/nodes", NODES));
        assertThat(noLeader.kind()).as("the manager's own answer, not 'unreachable'").isEqualTo(ApiProblem.Kind.UNAVAILABLE);
        assertThat(noLeader.code()).isEqualTo("ELECTING");
        ApiProblem notManager = problem(() -> admin(worker.address).get("/v1/nodes", NODES));
        assertThat(notManager.code()).isEqualTo("NOT_A_MANAGER");
    }

    @Test
    void aRefusalIsFinalAndTheWriteIsNotSentToTheNextManager() {
        TestApi first = start();
        TestApi second = start();
        first.ops.ops.create(ServiceOptions.builder("web", "img:1").build());

        ApiProblem p = problem(() -> admin(first.address, second.address).post("/v1/services",
                ServiceOptions.builder("web", "img:1").build(), ServiceViews.Summary.class));

        assertThat(p.kind()).isEqualTo(ApiProblem.Kind.CONFLICT);
        assertThat(second.store.proposed()).as("never tried").isEmpty();
        assertThat(second.store.local().services()).isEmpty();
    }

    /** Manager m1 (this server), m2 (the leader, at {@code leaderApi}) and worker w3 holding {@link #NODE}. */
    private static ClusterState withLeaderAndNode(String self, String leaderApi) {
        ClusterState s = TestManagers.clusterAt(self, "w1");
        NodeDescription d = new NodeDescription("host-m2", leaderApi, "127.0.0.1:4243", "t", null, "linux", "amd64");
        return TestClusters.apply(s,
                new Command.JoinNode(TestClusters.node("m2", "host-m2", NodeRole.MANAGER).withDescription(d, 1),
                        new dev.flotilla.orchestrator.api.CredentialRecord("cm2", "h", CredentialKind.NODE, "m2", 1),
                        TestClusters.MANAGER_TOKEN_HASH),
                new Command.JoinNode(TestClusters.node("w3", "host-w3", NodeRole.WORKER),
                        NODE.record(CredentialKind.NODE, "w3", 1), TestClusters.WORKER_TOKEN_HASH));
    }

    @Test
    void aNotLeaderAnswerWithTheLeadersAddressIsFollowed() {
        TestApi leader = keep(TestApi.start(a -> withLeaderAndNode(a, a)));
        TestApi follower = keep(TestApi.start(a -> withLeaderAndNode(a, leader.address)));
        follower.orchestrating = false;
        follower.leaderId = "m2";

        ApiClient client = new ApiClient(List.of(follower.address), TestTls.as("w3", CertRole.WORKER), null, TIMEOUT);
        AgentWire.Assignments a = client.get("/v1/agent/assignments/none", AgentWire.Assignments.class);

        assertThat(a.nodeId()).isEqualTo("w3");
        assertThat(client.lastManager()).as("answered by the leader it was sent to").isEqualTo(leader.address);
    }

    @Test
    void aNotLeaderAnswerWithoutALeaderIsReportedAsSuch() {
        TestApi follower = keep(TestApi.start(a -> withLeaderAndNode(a, a)));
        follower.orchestrating = false;
        follower.leaderId = "";

        ApiProblem p = problem(() -> new ApiClient(List.of(follower.address), TestTls.as("w3", CertRole.WORKER), null, TIMEOUT)
                .get("/v1/agent/assignments/none", AgentWire.Assignments.class));

        assertThat(p.kind()).isEqualTo(ApiProblem.Kind.NOT_LEADER);
        assertThat(p.getMessage()).contains("not the leader and knows of no leader");
    }

    @Test
    void aClientNeedsAnAddress() {
        assertThatThrownBy(() -> new ApiClient(List.of(), TestTls.admin(), "x", TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--host HOST:PORT");
    }
}
