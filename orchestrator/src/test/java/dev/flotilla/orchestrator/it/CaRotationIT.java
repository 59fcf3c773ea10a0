package dev.flotilla.orchestrator.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.client.ApiClient;
import dev.flotilla.orchestrator.client.ClientConfig;
import dev.flotilla.orchestrator.identity.DataDir;
import dev.flotilla.orchestrator.pki.CertDigest;
import dev.flotilla.orchestrator.pki.CertRole;
import dev.flotilla.orchestrator.pki.CertificateAuthority;
import dev.flotilla.orchestrator.pki.NodeKeys;
import dev.flotilla.orchestrator.pki.Pem;
import dev.flotilla.orchestrator.pki.Roots;
import dev.flotilla.orchestrator.security.JoinToken;
import dev.flotilla.orchestrator.tls.NodeTls;
import dev.flotilla.orchestrator.tls.PeerCheck;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ApiWire;
import dev.flotilla.testkit.Await;
import dev.flotilla.testkit.DockerEngine;
import dev.flotilla.testkit.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code flotilla ca --rotate} across a running cluster of three managers and a worker (real daemons, mutual TLS,
 * a running task): under a stream of writes, every acknowledged write is kept, every node stays Ready, the task is
 * not restarted; afterwards every node holds a certificate of the new root and trusts only it, the join tokens
 * carry the new fingerprint (the old one is refused), a certificate of the old root is refused, a CLI config that
 * still trusts the old root keeps working, and the managers fail over over TLS with their new certificates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaRotationIT {
    private TestCluster c;
    private Member m1;

    @BeforeAll
    void start() {
        c = new TestCluster("ca-rotation");
        m1 = c.init("m1");
        c.join("m2", "manager");
        c.join("m3", "manager");
        c.join("w1", "worker");
        c.awaitReachable(m1, 3, Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() throws Exception {
        List<String> nodeIds = new ArrayList<>();
        if (c != null) {
            for (Member m : c.members()) {
                try {
                    nodeIds.add(new DataDir(m.dataDir).load().nodeId());
                } catch (Exception e) {
                    // never joined: it ran nothing
                }
            }
            c.close();
        }
        // the daemons are gone; the task's container is not: remove what this cluster's nodes started
        var cfg = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost("unix://" + DockerEngine.SOCKET).build();
        try (DockerClient docker = DockerClientImpl.getInstance(cfg, new ZerodepDockerHttpClient.Builder()
                .dockerHost(cfg.getDockerHost()).build())) {
            for (String id : nodeIds) {
                for (Container ct : docker.listContainersCmd().withShowAll(true)
                        .withLabelFilter(Map.of("dev.flotilla.node", id)).exec()) {
                    docker.removeContainerCmd(ct.getId()).withForce(true).exec();
                }
            }
        }
    }

    @Test
    void rotatingTheRootCaUnderWritesLosesNothingAndRestartsNothing() throws Exception {
        Await.until("4 nodes ready", Duration.ofSeconds(60), () -> readyCount() == 4);
        c.cli("service", "create", "--name", "keep", "--constraint", "node.hostname==w1", DockerEngine.BUSYBOX_IMAGE,
                "sleep", "3600").ok();
        String taskBefore = runningTasks("keep");
        ClientConfig before = ClientConfig.load(Path.of(c.config()));
        Path oldConfig = c.root().resolve("old-config.json");
        Files.copy(Path.of(c.config()), oldConfig);
        X509Certificate oldRoot = Pem.certificate(before.caCertificate());
        CertificateAuthority oldCa = new DataDir(m1.dataDir).tls().authority().orElseThrow();
        String oldToken = c.token("worker");

        AtomicBoolean running = new AtomicBoolean(true);
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        List<String> failed = new CopyOnWriteArrayList<>();
        List<String> notReady = new CopyOnWriteArrayList<>();
        Thread writer = new Thread(() -> {
            for (int i = 0; running.get() && i < 2_000; i++) {
                Cli w = c.cli("node", "update", "--label-add", "rot" + i + "=" + i, "w1");
                (w.exit() == 0 ? acknowledged : failed).add("rot" + i + (w.exit() == 0 ? "" : ": " + w.err()));
            }
        });
        Thread watcher = new Thread(() -> {
            while (running.get()) {
                c.nodes(m1).stream().filter(v -> v.node().status() != NodeStatus.READY)
                        .forEach(v -> notReady.add(v.node().hostname() + " " + v.node().status()));
                sleep(300);
            }
        });
        writer.start();
        watcher.start();
        Cli rotate;
        try {
            sleep(1_000);
            rotate = c.cli("ca", "--rotate");
            // a few heartbeats (1 s) after the end: once only the new root is trusted, every call of every node
            // must present a certificate of it, kept-alive connections included
            sleep(4_000);
        } finally {
            running.set(false);
            writer.join(60_000);
            watcher.join(60_000);
        }
        assertThat(rotate.exit()).as(rotate.toString()).isZero();
        assertThat(rotate.err()).contains("rotating the root CA to", "Root CA rotated").doesNotContain("Exception");
        X509Certificate newRoot = Pem.certificate(rotate.out());
        assertThat(CertDigest.of(newRoot)).isNotEqualTo(CertDigest.of(oldRoot));

        assertThat(failed).as("writes refused during the rotation").isEmpty();
        assertThat(acknowledged).as("writes made during the rotation").hasSizeGreaterThan(5);
        String labels = c.cli("node", "inspect", "w1").ok().out();
        assertThat(acknowledged).allSatisfy(label -> assertThat(labels).contains("\"" + label + "\""));
        assertThat(notReady).as("nodes seen not Ready during the rotation").isEmpty();
        assertThat(c.logs()).as("no call refused for its certificate, during or after the rotation")
                .doesNotContain("certificate was refused", "refused this node's heartbeat");
        assertThat(runningTasks("keep")).as("the task was not restarted").isEqualTo(taskBefore);

        for (Member m : c.members()) {
            NodeTls tls = new DataDir(m.dataDir).tls().load();
            assertThat(tls.trusted()).as(m.name + " trusts only the new root").containsExactly(newRoot);
            assertThat(Roots.issuerOf(tls.certificate(), List.of(newRoot))).as(m.name + "'s certificate").isPresent();
        }
        ClientConfig after = ClientConfig.load(Path.of(c.config()));
        assertThat(after.caCertificate()).isEqualTo(rotate.out());
        String newToken = c.token("worker");
        assertThat(newToken).startsWith("SWMTKN-1-" + JoinToken.fingerprintOf(newRoot))
                .endsWith(oldToken.substring(oldToken.lastIndexOf('-')));
        assertThat(c.cli("info").ok().out()).contains("Root CA fingerprint: " + CertDigest.of(newRoot))
                .doesNotContain("Root CA rotation");

        // the retired root can issue no more: its key is gone from the managers, no chain links to it any more, and
        // a config that still trusts only it is refused with a hint
        for (Member m : c.members()) {
            if (m.name.startsWith("m")) {
                assertThat(m.dataDir.resolve("tls").resolve("ca.key")).as(m.name + "'s old root key").doesNotExist();
            }
        }
        Await.until("every node's chain without the link to the old root", Duration.ofSeconds(20), () ->
                c.members().stream().allMatch(m -> chainLength(m) == 1));
        Cli stale0 = Cli.run(oldConfig.toString(), "node", "ls");
        assertThat(stale0.exit()).as(stale0.toString()).isNotZero();
        assertThat(stale0.err()).contains("no manager completed a verified TLS connection", "flotilla ca --rotate")
                .doesNotContain("\tat ");
        // the old token is refused before anything secret is sent; the new one joins
        Cli stale = Cli.run(null, "join", "--token", oldToken, "--data-dir", c.root().resolve("stale").toString(),
                "--advertise-addr", "127.0.0.1:" + Ports.free(), m1.api());
        assertThat(stale.exit()).as(stale.toString()).isEqualTo(4);
        assertThat(stale.err()).contains("refusing to join", "rotated").doesNotContain("\tat ");
        c.join("w2", "worker");
        Await.until("5 nodes ready", Duration.ofSeconds(60), () -> readyCount() == 5);
        // a certificate of the old root is refused from now on
        KeyPair k = NodeKeys.generate();
        X509Certificate old = oldCa.issue(NodeKeys.request(k), "intruder", CertRole.MANAGER, List.of("127.0.0.1"),
                Duration.ofDays(1), Instant.now());
        ApiProblem refused = catchThrowableOfType(() -> new ApiClient(List.of(m1.api()),
                new NodeTls(k.getPrivate(), List.of(old), List.of(oldRoot)).client(PeerCheck.anyNode()), null,
                Duration.ofSeconds(5)).post("/v1/heartbeat", new ApiWire.Heartbeat(null), ApiWire.HeartbeatReply.class),
                ApiProblem.class);
        assertThat(refused).as("a certificate of the old root").isNotNull();
        assertThat(refused.kind()).as(refused.getMessage()).isEqualTo(ApiProblem.Kind.UNAUTHORIZED);

        // the managers' Raft traffic runs on the new certificates: a failover still elects and writes
        Member leader = c.awaitLeader(m1, Duration.ofSeconds(20));
        leader.sigkill();
        Member survivor = c.members().stream().filter(m -> m != leader && m.name.startsWith("m")).findFirst()
                .orElseThrow();
        Await.until("a write after the leader was killed", Duration.ofSeconds(30),
                () -> c.cliVia(survivor, "node", "update", "--label-add", "after=failover", "w1").exit() == 0);
    }

    /** How many certificates the member's tls/node.crt holds (0 while it is being rewritten). */
    private static int chainLength(Member m) {
        try {
            return new DataDir(m.dataDir).tls().load().chain().size();
        } catch (Exception e) {
            return 0;
        }
    }

    private long readyCount() {
        return c.nodes(m1).stream().filter(v -> v.node().status() == NodeStatus.READY).count();
    }

    /** The ids of the service's tasks that run now. */
    private String runningTasks(String service) {
        List<String> ids = new ArrayList<>();
        for (String line : c.cli("service", "ps", "-q", "--filter", "desired-state=running", service).ok().out()
                .split("\n")) {
            if (!line.isBlank()) {
                ids.add(line.trim());
            }
        }
        return String.join(",", ids);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
