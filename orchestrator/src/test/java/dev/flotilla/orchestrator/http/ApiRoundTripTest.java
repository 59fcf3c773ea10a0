package dev.flotilla.orchestrator.http;

import dev.flotilla.orchestrator.api.NodeDescription;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.client.ApiClient;
import dev.flotilla.orchestrator.control.TestManagers;
import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.pki.CertRole;
import dev.flotilla.orchestrator.pki.NodeCertificate;
import dev.flotilla.orchestrator.pki.NodeKeys;
import dev.flotilla.orchestrator.pki.Pem;
import dev.flotilla.orchestrator.security.Credential;
import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.store.TestClusters;
import dev.flotilla.orchestrator.tls.NodeTls;
import dev.flotilla.orchestrator.tls.PeerCheck;
import dev.flotilla.orchestrator.tls.TestTls;
import dev.flotilla.orchestrator.wire.AgentWire;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ApiWire;
import dev.flotilla.orchestrator.wire.ServiceViews;
import dev.flotilla.testkit.Await;
import com.fasterxml.jackson.databind.JavaType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The control API over HTTP: a real server and router over a memory store, called by the CLI's client. */
class ApiRoundTripTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final JavaType NODES = Json.mapper().getTypeFactory().constructCollectionType(List.class, ApiWire.NodeView.class);
    private static final JavaType SERVICES = Json.mapper().getTypeFactory().constructCollectionType(List.class, ServiceViews.Summary.class);
    private TestApi api = TestApi.start();

    @AfterEach
    void close() {
        api.close();
    }

    private ApiClient admin() {
        return new ApiClient(List.of(api.address), TestTls.admin(), TestClusters.ADMIN.toString(), TIMEOUT);
    }

    /** A raw call, to see the status and body the client would decode. */
    private HttpResponse<String> raw(String method, String path, String bearer, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://" + api.address + path)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return HttpClient.newBuilder().sslContext(TestTls.admin().context()).connectTimeout(TIMEOUT).build().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ApiProblem.Detail error(HttpResponse<String> r) throws Exception {
        return Json.read(r.body().getBytes(), ApiProblem.Body.class).error();
    }

    private static ApiProblem problem(Runnable r) {
        ApiProblem p = catchThrowableOfType(r::run, ApiProblem.class);
        assertThat(p).as("an ApiProblem").isNotNull();
        return p;
    }

    @Test
    void theAdministratorListsTheNodes() {
        ApiClient client = admin();

        List<ApiWire.NodeView> nodes = client.get("/v1/nodes", NODES);

        assertThat(nodes).extracting(v -> v.node().hostname()).containsExactlyInAnyOrder("host-m1", "host-w1", "host-w2");
        assertThat(nodes).filteredOn(ApiWire.NodeView::self).singleElement()
                .satisfies(v -> assertThat(v.managerStatus().leader()).isTrue());
        assertThat(client.lastNodeId()).isEqualTo("m1");
        assertThat(client.knownManagers()).as("the managers the reply named").containsExactly(api.address);
    }

    @Test
    void aServiceCreatedOverTheApiIsListed() {
        ApiClient client = admin();

        ServiceViews.Created created = client.post("/v1/services",
                ServiceOptions.builder("web", "img:1").replicas("3").env("A=b").build(), ServiceViews.Created.class);

        assertThat(created.service().name()).isEqualTo("web");
        assertThat(created.desired()).isEqualTo(3);
        List<ServiceViews.Summary> listed = client.get("/v1/services", SERVICES);
        assertThat(listed).extracting(s -> s.service().id()).containsExactly(created.service().id());
        assertThat(api.store.local().services().get(created.service().id()).spec().env()).hasSize(1);

        ApiProblem again = problem(() -> client.post("/v1/services", ServiceOptions.builder("web", "img:1").build(),
                ServiceViews.Summary.class));
        assertThat(again.kind()).isEqualTo(ApiProblem.Kind.CONFLICT);
        assertThat(again.getMessage()).contains("service web already exists");
    }

    @Test
    void aWrongCredentialIsUnauthorizedWithAHintAndNoStackTrace() throws Exception {
        HttpResponse<String> unknown = raw("GET", "/v1/nodes", Credential.generate().toString(), null);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(error(unknown).code()).isEqualTo("UNAUTHENTICATED");
        assertThat(error(unknown).message()).contains("not accepted", "unknown to this cluster or was revoked");
        assertThat(unknown.body()).doesNotContain("Exception", "\tat ", "dev.flotilla");

        HttpResponse<String> missing = raw("GET", "/v1/nodes", null, null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(error(missing).message()).contains("needs a credential", "config.json", "flotilla init");

        HttpResponse<String> malformed = raw("GET", "/v1/nodes", "letmein", null);
        assertThat(malformed.statusCode()).isEqualTo(401);
        assertThat(error(malformed).message()).contains("malformed", "check the credential in your flotilla config file");

        ApiProblem viaClient = problem(() -> new ApiClient(List.of(api.address), TestTls.admin(), "letmein", TIMEOUT).get("/v1/nodes", NODES));
        assertThat(viaClient.kind()).isEqualTo(ApiProblem.Kind.UNAUTHORIZED);
        assertThat(api.store.proposed()).isEmpty();
    }

    @Test
    void anUnknownPathIsNotFoundAndAKnownPathWithAnotherMethodIsABadRequest() throws Exception {
        HttpResponse<String> r = raw("GET", "/v1/nope", TestClusters.ADMIN.toString(), null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(error(r).message()).isEqualTo("no such API endpoint: /v1/nope");

        ApiProblem p = problem(() -> admin().get("/v1/nope", ApiWire.Message.class));
        assertThat(p.kind()).isEqualTo(ApiProblem.Kind.NOT_FOUND);

        HttpResponse<String> method = raw("DELETE", "/v1/nodes", TestClusters.ADMIN.toString(), null);
        assertThat(method.statusCode()).isEqualTo(400);
        assertThat(error(method).message()).contains("DELETE is not allowed on /v1/nodes");
    }

    @Test
    void aWorkerAnswersAdministrationWithSwarmsNotAManager() throws Exception {
        api.worker = true;

        HttpResponse<String> r = raw("GET", "/v1/nodes", TestClusters.ADMIN.toString(), null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(error(r).code()).isEqualTo("NOT_A_MANAGER");
        assertThat(error(r).message()).startsWith("This node is not a manager. Worker nodes can't be used to view or"
                + " modify cluster state.").contains("promote this node to a manager");

        ApiProblem p = problem(() -> admin().post("/v1/services", ServiceOptions.builder("web", "img:1").build(),
                ServiceViews.Summary.class));
        assertThat(p.kind()).isEqualTo(ApiProblem.Kind.FORBIDDEN);
        assertThat(p.code()).isEqualTo("NOT_A_MANAGER");
        assertThat(api.store.proposed()).isEmpty();
        // the node's own certificate still reaches its local routes
        assertThat(new ApiClient(List.of(api.address), TestTls.node("m1", CertRole.MANAGER).client(PeerCheck.anyNode()),
                null, TIMEOUT)
                .get("/v1/health", ApiWire.Health.class).role()).isEqualTo(dev.flotilla.orchestrator.api.NodeRole.WORKER);
    }

    @Test
    void aMalformedBodyIsABadRequestThatNamesTheProblem() throws Exception {
        String bearer = TestClusters.ADMIN.toString();

        HttpResponse<String> r = raw("POST", "/v1/services", bearer, "{\"name\": \"web\", image: }");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(error(r).message()).startsWith("malformed JSON body: ").contains("line 1");

        HttpResponse<String> empty = raw("POST", "/v1/services", bearer, "");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(error(empty).message()).contains("needs a JSON body (ServiceOptions)");

        HttpResponse<String> badSpec = raw("POST", "/v1/services", bearer, "{\"name\": \"web\", \"image\": \"img:1\","
                + " \"replicas\": \"many\"}");
        assertThat(badSpec.statusCode()).isEqualTo(400);
        assertThat(error(badSpec).code()).isEqualTo("INVALID_SPEC");
        assertThat(error(badSpec).message()).contains("many");
        assertThat(api.store.proposed()).isEmpty();
    }

    @Test
    void withoutAQuorumAWriteGetsTheNoLeaderAnswer() {
        api.close();
        api = TestApi.start(address -> TestManagers.promoted(TestManagers.clusterAt(address, "w1", "w2"), "w1", "w2"));
        api.store.setAvailable(false);

        ApiProblem p = problem(() -> admin().post("/v1/nodes/host-w1/update",
                new ApiWire.NodeUpdate("drain", List.of(), List.of()), ApiWire.NodeView.class));

        assertThat(p.kind()).isEqualTo(ApiProblem.Kind.UNAVAILABLE);
        assertThat(p.code()).isEqualTo("NO_LEADER");
        assertThat(p.getMessage()).contains("does not have a leader", "1 of 3 managers is reachable",
                "at least 2 of 3", "check the current state before you retry");
        assertThat(api.store.proposed()).isEmpty();
        ApiProblem create = problem(() -> admin().post("/v1/services", ServiceOptions.builder("web", "img:1").build(),
                ServiceViews.Summary.class));
        assertThat(create.code()).isEqualTo("NO_LEADER");
        assertThat(api.store.proposed()).isEmpty();
    }

    @Test
    void aNodeJoinsWithARotatedTokenHeartbeatsToReadyAndPollsItsAssignments() {
        ApiWire.TokenReply token = admin().post("/v1/join-tokens/worker/rotate", null, ApiWire.TokenReply.class);
        NodeDescription d = new NodeDescription("host-w9", "127.0.0.1:5001", "127.0.0.1:5002", "t", null, "linux", "amd64");
        KeyPair keys = NodeKeys.generate();
        ApiWire.JoinReply joined = new ApiClient(List.of(api.address), TestTls.admin(), null, TIMEOUT)
                .post("/v1/join", new ApiWire.JoinRequest(token.token(), d, NodeKeys.request(keys)),
                        ApiWire.JoinReply.class);
        NodeCertificate issued = NodeCertificate.read(Pem.certificate(joined.certificate())).orElseThrow();
        assertThat(issued.nodeId()).isEqualTo(joined.nodeId());
        assertThat(issued.role()).isEqualTo(CertRole.WORKER);
        assertThat(joined.caKey()).as("a worker never gets the CA key").isEmpty();
        assertThat(joined.managers()).containsExactly(api.address);
        assertThat(api.store.local().node(joined.nodeId()).status()).isEqualTo(NodeStatus.UNKNOWN);

        ApiClient node = new ApiClient(List.of(api.address), new NodeTls(keys.getPrivate(),
                List.of(Pem.certificate(joined.certificate())), List.of(TestTls.CA.certificate()))
                .client(PeerCheck.manager()), null, TIMEOUT);
        ApiWire.HeartbeatReply hb = node.post("/v1/heartbeat", new ApiWire.Heartbeat(d), ApiWire.HeartbeatReply.class);
        assertThat(hb.nodeId()).isEqualTo(joined.nodeId());
        assertThat(hb.leaderApi()).isEqualTo(api.address);
        // the dispatcher records the node's return off the request thread
        Await.until("the node is READY", TIMEOUT,
                () -> api.store.local().node(joined.nodeId()).status() == NodeStatus.READY);

        AgentWire.Assignments a = node.get("/v1/agent/assignments/none", AgentWire.Assignments.class);
        assertThat(a.nodeId()).isEqualTo(joined.nodeId());
        assertThat(a.tasks()).isEmpty();
        ApiProblem adminOnNodeRoute = problem(() -> admin().post("/v1/heartbeat", new ApiWire.Heartbeat(d),
                ApiWire.HeartbeatReply.class));
        assertThat(adminOnNodeRoute.kind()).isEqualTo(ApiProblem.Kind.FORBIDDEN);
        ApiProblem nodeOnAdminRoute = problem(() -> node.get("/v1/nodes", NODES));
        assertThat(nodeOnAdminRoute.kind()).isEqualTo(ApiProblem.Kind.FORBIDDEN);
        assertThat(nodeOnAdminRoute.getMessage()).contains("is a worker");
    }
}
