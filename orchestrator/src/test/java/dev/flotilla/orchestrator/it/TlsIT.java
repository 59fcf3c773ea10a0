package dev.flotilla.orchestrator.it;

import dev.flotilla.orchestrator.client.ApiClient;
import dev.flotilla.orchestrator.client.ClientConfig;
import dev.flotilla.orchestrator.identity.DataDir;
import dev.flotilla.orchestrator.pki.CertRole;
import dev.flotilla.orchestrator.pki.CertificateAuthority;
import dev.flotilla.orchestrator.pki.NodeKeys;
import dev.flotilla.orchestrator.pki.Pem;
import dev.flotilla.orchestrator.tls.ClientTls;
import dev.flotilla.orchestrator.tls.NodeTls;
import dev.flotilla.orchestrator.tls.PeerCheck;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ApiWire;
import dev.flotilla.testkit.Await;
import dev.flotilla.testkit.Ports;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Encryption in transit with real daemons: a join pins the CA by the token's hash and tells an impostor manager
 * nothing; the API refuses clients without a certificate, with another CA's, an expired or a revoked one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsIT {
    private TestCluster c;
    private Member manager;
    private List<X509Certificate> ca;

    @BeforeAll
    void start() throws Exception {
        c = new TestCluster("tls");
        manager = c.init("m1");
        c.join("w1", "worker");
        c.join("w2", "worker");
        ca = Pem.certificates(ClientConfig.load(Path.of(c.config())).caCertificate());
    }

    @AfterAll
    void stop() {
        if (c != null) {
            c.close();
        }
    }

    @Test
    @Order(1)
    void theFilesOfANodeArePrivateAndTheTokenPinsTheCa() throws Exception {
        Path tls = c.byName("w1").dataDir.resolve("tls");
        assertThat(Files.getPosixFilePermissions(tls.resolve("node.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(tls.resolve("ca.key")).as("a worker never holds the CA key").doesNotExist();
        assertThat(manager.dataDir.resolve("tls/ca.key")).exists();
        Await.until("every node reported its certificate's expiry", Duration.ofSeconds(20),
                () -> !c.cli("info").ok().out().contains("expiry not reported yet"));
        String info = c.cli("info").ok().out();
        assertThat(info).contains("Root CA fingerprint: " + dev.flotilla.orchestrator.pki.CertDigest.of(ca.get(0)))
                .containsPattern("w1 \\([0-9a-z]+, worker\\): expires \\S+ \\(in (89|90) days\\)");
        String token = c.token("worker");
        assertThat(token).startsWith("SWMTKN-1-" + dev.flotilla.orchestrator.security.JoinToken.fingerprintOf(ca.get(0)));
    }

    @Test
    @Order(2)
    void aJoinToAnImpostorManagerIsRefusedAndSendsNoSecret() throws Exception {
        String token = c.token("worker");
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpsServer fake = impostor(seen);
        try {
            Path dir = c.root.resolve("fooled");
            Cli join = Cli.run(null, "join", "--token", token, "--data-dir", dir.toString(), "--advertise-addr",
                    "127.0.0.1:" + Ports.free(), "127.0.0.1:" + fake.getAddress().getPort());
            assertThat(join.exit()).as(join.err()).isEqualTo(4);
            assertThat(join.err()).contains("refusing to join", "impostor", "Nothing secret was sent")
                    .doesNotContain("Exception", "\tat ");
            assertThat(seen).as("only the CA was asked for, without credentials").containsExactly("GET /v1/ca []");
            String secret = token.substring(token.lastIndexOf('-') + 1);
            assertThat(String.join("\n", seen)).doesNotContain(secret);
            assertThat(dir.resolve("node.json")).doesNotExist();
        } finally {
            fake.stop(0);
        }
    }

    @Test
    @Order(3)
    void clientsWithoutARightCertificateAreRefused() throws Exception {
        ClientTls trusting = ClientTls.trusting(ca, PeerCheck.manager());
        HttpClient https = HttpClient.newBuilder().sslContext(trusting.context()).build();
        HttpResponse<String> noCert = https.send(HttpRequest.newBuilder(URI.create("https://" + manager.api()
                + "/v1/heartbeat")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noCert.statusCode()).isEqualTo(401);
        assertThat(noCert.body()).contains("needs a credential");

        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        assertThat(catchThrowableOfType(() -> plain.send(HttpRequest.newBuilder(URI.create("http://" + manager.api()
                + "/v1/ping")).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()),
                java.io.IOException.class)).as("no plain-text answer").isNotNull();

        CertificateAuthority other = CertificateAuthority.create("other-cluster", Instant.now());
        ApiProblem foreign = heartbeat(identity(other, "w1", CertRole.MANAGER, Instant.now(), Duration.ofDays(1)));
        assertThat(foreign.kind()).as(foreign.getMessage()).isEqualTo(ApiProblem.Kind.UNAUTHORIZED);
        assertThat(foreign.getMessage()).contains("client certificate was refused", "not issued by this cluster's CA");

        CertificateAuthority ours = new DataDir(manager.dataDir).tls().authority().orElseThrow();
        ApiProblem expired = heartbeat(identity(ours, nodeId("w1"), CertRole.WORKER,
                Instant.now().minus(Duration.ofDays(100)), Duration.ofDays(90)));
        assertThat(expired.kind()).as(expired.getMessage()).isEqualTo(ApiProblem.Kind.UNAUTHORIZED);
        assertThat(expired.getMessage()).contains("client certificate was refused", "expired on");

        NodeTls w2 = new DataDir(c.byName("w2").dataDir).tls().load();
        c.byName("w2").stop();
        c.cli("node", "rm", "--force", "w2").ok();
        ApiProblem revoked = heartbeat(w2);
        assertThat(revoked.kind()).isEqualTo(ApiProblem.Kind.UNAUTHORIZED);
        assertThat(revoked.getMessage()).contains("was removed from the cluster: its certificate is revoked");

        ApiProblem workerOnAdmin = catchThrowableOfType(() -> new ApiClient(List.of(manager.api()),
                new DataDir(c.byName("w1").dataDir).tls().load().client(PeerCheck.manager()), null, Duration.ofSeconds(5))
                .get("/v1/nodes", ApiWire.Info.class), ApiProblem.class);
        assertThat(workerOnAdmin.kind()).isEqualTo(ApiProblem.Kind.FORBIDDEN);
        assertThat(workerOnAdmin.getMessage()).contains("is a worker");
    }

    @Test
    @Order(4)
    void aPromotedWorkerGetsAManagerCertificateAndJoinsRaftOverTls() throws Exception {
        Cli tooShort = c.cli("update", "--cert-expiry", "10m");
        assertThat(tooShort.exit()).isEqualTo(2);
        assertThat(tooShort.err()).contains("at least 1h");
        assertThat(c.cli("update", "--cert-expiry", "48h").ok().out()).contains("issued for 48h");
        c.cli("node", "promote", "w1").ok();
        Await.until("w1 is a reachable manager", Duration.ofSeconds(40),
                () -> "Reachable".equals(c.managerStatus(manager).get("w1")) || "Leader".equals(c.managerStatus(manager).get("w1")));
        Await.until("w1 holds a manager certificate", Duration.ofSeconds(20), () -> {
            try {
                return new DataDir(c.byName("w1").dataDir).tls().load().identity().role() == CertRole.MANAGER;
            } catch (dev.flotilla.orchestrator.identity.DataDirException e) {
                return false;
            }
        });
        assertThat(c.cliVia(c.byName("w1"), "node", "ls").ok().out()).contains("m1", "w1");
        Instant notAfter = new DataDir(c.byName("w1").dataDir).tls().load().identity().notAfter();
        assertThat(notAfter).as("renewed with the new --cert-expiry")
                .isBetween(Instant.now().plus(Duration.ofHours(47)), Instant.now().plus(Duration.ofHours(48)));
    }

    /**
     * A manager whose advertised addresses are a recording proxy in front of its real ones: the leader's Raft
     * traffic to it and the CLI's calls through it are captured. Neither the service definition nor the
     * administrator's credential appears in the capture.
     */
    @Test
    @Order(5)
    void aCaptureOfRaftAndApiTrafficShowsNoPlainTextServiceDefinition() throws Exception {
        String marker = "capture-marker-" + Long.toHexString(System.nanoTime());
        Member m2 = c.member("m2");
        Member front = c.member("m2-front");
        try (RecordingProxy api = new RecordingProxy(front.host, m2.apiPort, new InetSocketAddress(m2.host, m2.apiPort));
             RecordingProxy raft = new RecordingProxy(front.host, m2.raftPort,
                     new InetSocketAddress(m2.host, m2.raftPort))) {
            m2.launch(List.of("join", "--token", c.token("manager"), "--advertise-addr", front.host + ":" + m2.apiPort,
                    "--listen-addr", m2.api(), "--raft-port", Integer.toString(m2.raftPort), "--data-dir",
                    m2.dataDir.toString(), "--hostname", "m2", "--foreground", manager.api()));
            Await.until("m2 joined (log: " + m2.output() + ")", Duration.ofSeconds(60),
                    () -> m2.output().contains("This node joined a cluster as a manager"));
            String via = "--host=" + front.host + ":" + m2.apiPort;
            Cli create = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                create = Cli.run(null, "service", "create", "--config=" + c.config(), via, "--detach", "--name", "capture", "--env",
                        "CAPTURE_SECRET=" + marker, dev.flotilla.testkit.DockerEngine.BUSYBOX_IMAGE, "sleep", "120");
                if (create.exit() == 0) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(create.exit()).as("service create through m2: " + create).isZero();
            Await.until("m2 has the service in its replicated state", Duration.ofSeconds(30),
                    () -> Cli.run(null, "service", "inspect", "--config=" + c.config(), via, "capture").out().contains(marker));
            String seen = new String(raft.captured(), StandardCharsets.ISO_8859_1)
                    + new String(api.captured(), StandardCharsets.ISO_8859_1);
            assertThat(raft.captured().length).as("Raft traffic went through the proxy").isGreaterThan(1000);
            assertThat(api.captured().length).as("API traffic went through the proxy").isGreaterThan(1000);
            assertThat(seen).doesNotContain(marker, "CAPTURE_SECRET", "FLTCRED-1-", "busybox");
            assertThat(api.captured()[0]).as("a TLS handshake record").isEqualTo((byte) 0x16);
        } finally {
            Cli.run(null, "service", "rm", "--config=" + c.config(), "capture");
        }
    }

    private String nodeId(String name) throws Exception {
        return new DataDir(c.byName(name).dataDir).load().nodeId();
    }

    private NodeTls identity(CertificateAuthority by, String nodeId, CertRole role, Instant at, Duration validity) {
        KeyPair k = NodeKeys.generate();
        X509Certificate cert = by.issue(NodeKeys.request(k), nodeId, role, List.of("127.0.0.1"), validity, at);
        return new NodeTls(k.getPrivate(), List.of(cert), ca);
    }

    private ApiProblem heartbeat(NodeTls as) {
        return catchThrowableOfType(() -> new ApiClient(List.of(manager.api()), as.client(PeerCheck.manager()), null,
                Duration.ofSeconds(5)).post("/v1/heartbeat", new ApiWire.Heartbeat(null), ApiWire.HeartbeatReply.class),
                ApiProblem.class);
    }

    /** An HTTPS server with a CA of its own that records what it is sent and answers the CA request. */
    private static HttpsServer impostor(List<String> seen) throws Exception {
        CertificateAuthority fakeCa = CertificateAuthority.create("impostor", Instant.now());
        KeyPair k = NodeKeys.generate();
        X509Certificate cert = fakeCa.issue(NodeKeys.request(k), "evil", CertRole.MANAGER, List.of("127.0.0.1"),
                Duration.ofDays(1), Instant.now());
        NodeTls tls = new NodeTls(k.getPrivate(), List.of(cert), List.of(fakeCa.certificate()));
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        s.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
        s.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " " + body
                    + ex.getRequestHeaders().getOrDefault("Authorization", List.of()));
            byte[] reply = ex.getRequestURI().getPath().equals("/v1/ca")
                    ? ("{\"certificates\":" + dev.flotilla.orchestrator.json.Json.text(Pem.encode(fakeCa.certificate()))
                    + "}").getBytes(StandardCharsets.UTF_8) : "{}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, reply.length);
            ex.getResponseBody().write(reply);
            ex.close();
        });
        s.start();
        return s;
    }
}
