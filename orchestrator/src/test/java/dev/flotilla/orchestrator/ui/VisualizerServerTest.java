package dev.flotilla.orchestrator.ui;

import dev.flotilla.orchestrator.api.CredentialKind;
import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.pki.CertRole;
import dev.flotilla.orchestrator.security.Credential;
import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.spec.ServiceSpecParser;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.store.MemoryStore;
import dev.flotilla.orchestrator.store.TestClusters;
import dev.flotilla.orchestrator.tls.TestTls;
import dev.flotilla.orchestrator.pki.CertificateAuthority;
import dev.flotilla.orchestrator.tls.ClientTls;
import dev.flotilla.orchestrator.tls.PeerCheck;
import dev.flotilla.testkit.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The visualizer's server over an in-memory store: token checks, the snapshot, the event stream, CORS. */
class VisualizerServerTest {
    private static final String SECRET = "do-not-leak-" + System.nanoTime();
    private final MemoryStore store = TestClusters.store("m1", "w1");
    private final Credential viewer = Credential.generate();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .sslContext(TestTls.admin().context()).build();
    private UiFeed feed;
    private VisualizerServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        store.propose(new Command.SetViewerCredential(viewer.record(CredentialKind.VIEWER, "", 1), 1));
        feed = new UiFeed("m1", new UiFeed.Source() {
            @Override
            public ClusterState state() {
                return store.local();
            }

            @Override
            public String leaderId() {
                return "m1";
            }
        }).start();
        store.onApplied((s, i) -> feed.changed(i));
        String addr = "127.0.0.1:" + Ports.free();
        server = VisualizerServer.start("m1", addr, new Visualizer("/", () -> feed),
                TestTls.node("m1", CertRole.MANAGER).serverContext());
        assertThat(server).as("bound " + addr).isNotNull();
        base = "https://" + addr + "/";
    }

    @AfterEach
    void stop() {
        server.close();
        feed.close();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Service web(int replicas) {
        return new Service("svc-web", ServiceSpecParser.parse(ServiceOptions.builder("web", "img:1")
                .replicas(Integer.toString(replicas)).env("SECRET_VALUE=" + SECRET).build()), 1, 1, 1);
    }

    @Test
    void thePageIsServedFromTheJarWithoutAToken() throws Exception {
        HttpResponse<String> page = get("", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("token-form", "app.js").doesNotContain("http://", "https://");
        assertThat(get("app.js", null).body()).contains("api/events");
    }

    @Test
    void itSpeaksOnlyHttpsWithTheNodesCertificateAndAsksNoClientCertificate() throws Exception {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create(base.replace("https:", "http:")))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()))
                .as("plain HTTP gets no page").isInstanceOf(java.io.IOException.class);

        HttpClient foreign = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .sslContext(ClientTls.trusting(List.of(CertificateAuthority.create("other", Instant.now())
                        .certificate()), PeerCheck.manager()).context()).build();
        assertThatThrownBy(() -> foreign.send(HttpRequest.newBuilder(URI.create(base)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString()))
                .as("a browser that trusts another CA refuses the page").isInstanceOf(javax.net.ssl.SSLHandshakeException.class);

        // a client that holds a certificate sends it only when asked
        try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) TestTls.as("w1", CertRole.WORKER).context().getSocketFactory()
                .createSocket("127.0.0.1", URI.create(base).getPort())) {
            s.startHandshake();
            java.security.cert.X509Certificate served = (java.security.cert.X509Certificate) s.getSession()
                    .getPeerCertificates()[0];
            assertThat(served).as("the node's own certificate").isEqualTo(TestTls.node("m1", CertRole.MANAGER).certificate());
            assertThat(s.getSession().getLocalCertificates()).as("no client certificate asked for or sent").isNull();
        }
    }

    @Test
    void theApiNeedsTheViewerOrAdministratorToken() throws Exception {
        assertThat(get("api/snapshot", null).statusCode()).isEqualTo(401);
        assertThat(get("api/snapshot", null).body()).contains("flotilla ui-token");
        assertThat(get("api/snapshot", Credential.generate().toString()).statusCode()).isEqualTo(401);
        assertThat(get("api/snapshot", viewer.toString()).statusCode()).isEqualTo(200);
        assertThat(get("api/snapshot", TestClusters.ADMIN.toString()).statusCode()).isEqualTo(200);

        Credential next = Credential.generate();
        store.propose(new Command.SetViewerCredential(next.record(CredentialKind.VIEWER, "", 2), 2));
        assertThat(get("api/snapshot", viewer.toString()).statusCode()).as("a rotated token is revoked").isEqualTo(401);
        assertThat(get("api/snapshot", next.toString()).statusCode()).isEqualTo(200);
    }

    @Test
    void theSnapshotShowsTheServiceButNeverItsEnvironmentValues() throws Exception {
        store.propose(new Command.CreateService(web(2)));
        HttpResponse<String> r = get("api/snapshot", viewer.toString());
        assertThat(r.body()).contains("\"web\"", "\"servedBy\":\"host-m1\"").doesNotContain(SECRET, "SECRET_VALUE");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    }

    @Test
    void anotherManagersPageMayAskAfterAPreflight() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "api/events"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://127.0.0.9:5000").header("Access-Control-Request-Headers", "authorization")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).contains("Authorization");
    }

    @Test
    void theEventStreamSendsASnapshotAtOnceAndAfterEveryChange() throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + "api/events"))
                .header("Authorization", "Bearer " + viewer).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("data: ")) {
                        events.add(line.substring(6));
                    }
                }
            } catch (Exception e) {
                events.add("closed: " + e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        String first = events.poll(5, TimeUnit.SECONDS);
        assertThat(first).contains("\"services\":[]");
        assertThat(feed.clients()).isEqualTo(1);

        store.propose(new Command.CreateService(web(3)));
        String second = events.poll(5, TimeUnit.SECONDS);
        assertThat(second).contains("\"name\":\"web\"").doesNotContain(SECRET);
        List<String> rest = new ArrayList<>();
        events.drainTo(rest);
        assertThat(rest).allMatch(e -> !e.contains(SECRET));

        // a rotation ends the streams opened with the old token at the next write
        Credential next = Credential.generate();
        store.propose(new Command.SetViewerCredential(next.record(CredentialKind.VIEWER, "", 3), 3));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (feed.clients() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(feed.clients()).as("the old token's stream is gone").isZero();
        r.body().close();
    }
}
