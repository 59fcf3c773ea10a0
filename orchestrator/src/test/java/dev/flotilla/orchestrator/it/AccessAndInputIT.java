package dev.flotilla.orchestrator.it;

import dev.flotilla.orchestrator.client.ApiClient;
import dev.flotilla.orchestrator.client.ClientConfig;
import dev.flotilla.orchestrator.identity.DataDir;
import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.pki.Pem;
import dev.flotilla.orchestrator.tls.ClientTls;
import dev.flotilla.orchestrator.tls.PeerCheck;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ApiWire;
import dev.flotilla.testkit.Await;
import dev.flotilla.testkit.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * One manager and workers: join tokens (roles, rotation, malformed, foreign), access refusals, bad input, data dirs
 * that must not be used, leaving and removal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessAndInputIT {
    private TestCluster c;
    private Member manager;

    @BeforeAll
    void start() {
        c = new TestCluster("access");
        manager = c.init("m1");
        c.join("w1", "worker");
        c.joinAs("twin1", "twin", c.token("worker"), manager);
        c.joinAs("twin2", "twin", c.token("worker"), manager);
        Await.until("4 ready nodes", Duration.ofSeconds(30),
                () -> c.nodes(manager).stream().filter(v -> v.node().status().name().equals("READY")).count() == 4);
    }

    @AfterAll
    void stop() {
        if (c != null) {
            c.close();
        }
    }

    @Test
    @Order(1)
    void theAdminConfigIsPrivateAndAWorkerTokenMakesAWorker() throws IOException {
        assertThat(Files.getPosixFilePermissions(Path.of(c.config)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        String ls = c.cli("node", "ls").ok().out();
        assertThat(c.cli("node", "ls", "-f", "role=manager").ok().out().lines().skip(1))
                .singleElement().asString().contains("m1");
        assertThat(c.cli("node", "ls", "-q", "-f", "role=worker").ok().out().lines()).hasSize(3);
        assertThat(ls).containsPattern("\\* +m1 +Ready +Active +Leader");
        assertThat(ls).containsPattern("w1 +Ready +Active +\\S*\\d");
        assertThat(c.managerStatus(manager)).containsOnlyKeys("m1");
        assertThat(c.cli("node", "inspect", "w1").ok().out()).contains("\"role\" : \"WORKER\"");
        assertThat(c.cli("node", "inspect", "--pretty", "m1").ok().out()).contains("Leader:\t\tYes").contains("Raft Status:");
        assertThat(c.cli("node", "inspect", "self").ok().out()).as("self: the manager answering")
                .contains("\"hostname\" : \"m1\"").contains("\"self\" : true");
    }

    @Test
    @Order(2)
    void malformedForeignAndRotatedTokensAreRefused() {
        Path dir = c.root.resolve("refused");
        String addr = "127.0.0.250:" + Ports.free("127.0.0.250");
        Cli malformed = Cli.run(null, "join", "--token", "SWMTKN-1-abc", "--data-dir", dir.toString(), "--advertise-addr", addr, manager.api());
        assertThat(malformed.exit()).isEqualTo(2);
        assertThat(malformed.err()).contains("invalid join token").contains("two parts");

        String worker = c.token("worker");
        String foreign = "SWMTKN-1-" + "z".repeat(50) + worker.substring(worker.lastIndexOf('-'));
        Cli other = Cli.run(null, "join", "--token", foreign, "--data-dir", dir.toString(), "--advertise-addr", addr, manager.api());
        assertThat(other.exit()).isEqualTo(4);
        assertThat(other.err()).contains("for another cluster");

        Cli rotate = c.cli("join-token", "--rotate", "worker").ok();
        assertThat(rotate.out()).contains("Successfully rotated worker join token").contains("flotilla join --token SWMTKN-1-");
        assertThat(c.token("worker")).isNotEqualTo(worker);
        Cli stale = Cli.run(null, "join", "--token", worker, "--data-dir", dir.toString(), "--advertise-addr", addr, manager.api());
        assertThat(stale.exit()).isEqualTo(4);
        assertThat(stale.err()).contains("not this cluster's current worker or manager token");
        assertThat(dir.resolve("node.json")).doesNotExist();

        Member fresh = c.joinWith("w2", c.token("worker"), manager);
        assertThat(c.cli("node", "inspect", "w2").ok().out()).contains("\"role\" : \"WORKER\"");
        assertThat(fresh.alive()).isTrue();
    }

    @Test
    @Order(3)
    void callsWithoutTheRightCredentialAreRefused() throws Exception {
        String ca = ClientConfig.load(Path.of(c.config())).caCertificate();
        ClientTls trustingCa = ClientTls.trusting(Pem.certificates(ca), PeerCheck.manager());
        HttpClient https = HttpClient.newBuilder().sslContext(trustingCa.context()).build();
        HttpResponse<String> bare = https.send(HttpRequest.newBuilder(
                URI.create("https://" + manager.api() + "/v1/nodes")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bare.statusCode()).isEqualTo(401);
        assertThat(bare.body()).contains("needs a credential");

        Path none = c.root.resolve("no-credential.json");
        new ClientConfig("", null, List.of(manager.api()), Map.of(), ca).save(none);
        Cli noCred = Cli.run(none.toString(), "node", "ls");
        assertThat(noCred.exit()).isEqualTo(4);
        assertThat(noCred.err()).contains("no credential");

        Path bogus = c.root.resolve("bogus.json");
        new ClientConfig("", "FLTCRED-1-" + "a".repeat(25) + "-" + "b".repeat(40), List.of(manager.api()), Map.of(), ca)
                .save(bogus);
        Cli bad = Cli.run(bogus.toString(), "node", "update", "--label-add", "x=y", "w1");
        assertThat(bad.exit()).isEqualTo(4);
        assertThat(bad.err()).contains("not accepted");

        // a node's old bearer credential is no proof any more: nodes prove themselves with their certificate
        String workerCredential = Json.tree(Files.readAllBytes(c.byName("w1").dataDir.resolve("node.json"))).get("credential").asText();
        Path asWorker = c.root.resolve("worker-credential.json");
        new ClientConfig("", workerCredential, List.of(manager.api()), Map.of(), ca).save(asWorker);
        Cli byCredential = Cli.run(asWorker.toString(), "node", "promote", "w1");
        assertThat(byCredential.exit()).isEqualTo(4);
        assertThat(byCredential.err()).contains("node credentials are no longer accepted");

        // the worker's own certificate: refused on an admin call, and on the Raft group
        ClientTls workerTls = new DataDir(c.byName("w1").dataDir).tls().load().client(PeerCheck.manager());
        ApiProblem promote = catchThrowableOfType(() -> new ApiClient(List.of(manager.api()), workerTls, null,
                Duration.ofSeconds(5)).post("/v1/nodes/w1/promote", null, ApiWire.NodeView.class), ApiProblem.class);
        assertThat(promote.kind()).isEqualTo(ApiProblem.Kind.FORBIDDEN);
        assertThat(promote.getMessage()).contains("is a worker").contains("can't be used to view or modify cluster state");
        ApiProblem selfPromote = catchThrowableOfType(() -> new ApiClient(List.of(manager.api()), workerTls, null,
                Duration.ofSeconds(5)).post("/v1/raft/members", new ApiWire.RaftJoin("127.0.0.9:1"), ApiWire.Message.class),
                ApiProblem.class);
        assertThat(selfPromote.kind()).as("a worker cannot vote itself into the Raft group").isEqualTo(ApiProblem.Kind.CONFLICT);
        assertThat(selfPromote.getMessage()).contains("is not a manager");
        Cli viaWorkerApi = c.cliVia(c.byName("w1"), "node", "ls");
        assertThat(viaWorkerApi.exit()).as("the admin's call reaches a worker first, then fails over").isZero();

        assertThat(c.cli("node", "inspect", "w1").ok().out()).doesNotContain("\"x\"").contains("\"role\" : \"WORKER\"");
    }

    @Test
    @Order(4)
    void badInputGetsClearErrors() {
        Cli unknown = c.cli("node", "inspect", "nosuchnode");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("node nosuchnode not found");
        Cli oneKnown = c.cli("node", "inspect", "nosuchnode", "w1");
        assertThat(oneKnown.exit()).isEqualTo(1);
        assertThat(oneKnown.out()).contains("\"role\" : \"WORKER\"");
        assertThat(oneKnown.err()).contains("node nosuchnode not found");
        Cli twins = c.cli("node", "update", "--availability", "drain", "twin");
        assertThat(twins.exit()).isEqualTo(1);
        assertThat(twins.err()).contains("ambiguous").contains("2 nodes have that hostname");
        Cli label = c.cli("node", "update", "--label-add", "bad key=x", "w1");
        assertThat(label.exit()).isEqualTo(2);
        assertThat(label.err()).contains("invalid label 'bad key=x'");
        Cli noLabel = c.cli("node", "update", "--label-rm", "nosuchlabel", "w1");
        assertThat(noLabel.exit()).as("docker: key doesn't exist in node's labels").isEqualTo(1);
        assertThat(noLabel.err()).contains("node w1 has no label nosuchlabel to remove");
        assertThat(noLabel.out()).isBlank();
        Cli availability = c.cli("node", "update", "--availability", "sleepy", "w1");
        assertThat(availability.exit()).isEqualTo(2);
        assertThat(availability.err()).contains("use active, pause or drain");
        Cli format = c.cli("node", "ls", "--format", "yaml");
        assertThat(format.exit()).isEqualTo(2);
        Cli last = c.cli("node", "demote", "m1");
        assertThat(last.exit()).isEqualTo(1);
        assertThat(last.err()).contains("last manager");
        Cli again = Cli.run(null, "daemon", "--detach", "--data-dir", manager.dataDir.toString());
        assertThat(again.exit()).as("a second daemon on a running node's data dir").isEqualTo(1);
        assertThat(again.err()).contains("another flotilla daemon is running on data dir");
        assertThat(again.out()).doesNotContain("is running in the background");
        Cli leaveManager = Cli.run(null, "leave", "--data-dir", manager.dataDir.toString());
        assertThat(leaveManager.exit()).isEqualTo(1);
        assertThat(leaveManager.err()).contains("last manager").contains("--force");
        Cli rmLive = c.cli("node", "rm", "w1");
        assertThat(rmLive.exit()).isEqualTo(1);
        assertThat(rmLive.err()).contains("is not down");
    }

    @Test
    @Order(5)
    void aNodeThatLeavesIsDownAndCanBeRemoved() throws IOException {
        Member w2 = c.byName("w2");
        Cli leave = Cli.run(null, "leave", "--data-dir", w2.dataDir.toString()).ok();
        assertThat(leave.out()).contains("Node left the cluster.");
        Await.until("w2 stopped", Duration.ofSeconds(20), () -> !w2.alive());
        assertThat(w2.dataDir.resolve("node.json")).doesNotExist();
        assertThat(c.cli("node", "inspect", "w2").ok().out()).contains("\"DOWN\"").contains("node left the cluster");
        c.cli("node", "rm", "w2").ok();
        assertThat(c.cli("node", "inspect", "w2").exit()).isEqualTo(1);

        // removed while it runs: the node notices that its heartbeats are refused, stops its containers and leaves
        Member twin2 = c.byName("twin2");
        String twin2Id = Json.tree(Files.readAllBytes(twin2.dataDir.resolve("node.json"))).get("nodeId").asText();
        c.cli("node", "rm", "--force", twin2Id).ok();
        Await.until("the removed node's daemon stopped", Duration.ofSeconds(40), () -> !twin2.alive());
        assertThat(twin2.dataDir.resolve("node.json")).as("identity archived, the dir can join again").doesNotExist();
        StringBuilder logs = new StringBuilder();
        try (Stream<Path> files = Files.list(twin2.logDir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("twin2-")).toList()) {
                logs.append(Files.readString(f));
            }
        }
        assertThat(logs).contains("this node was removed from the cluster");
    }

    @Test
    @Order(6)
    void unusableDataDirsAreReportedAndLeftAlone() throws IOException {
        Path empty = Files.createDirectories(c.root.resolve("empty"));
        Cli none = Cli.run(null, "daemon", "--data-dir", empty.toString());
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("holds no flotilla node");

        Path foreign = Files.createDirectories(c.root.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        Cli init = Cli.run(null, "init", "--data-dir", foreign.toString(), "--advertise-addr", "127.0.0.251:4242");
        assertThat(init.exit()).isEqualTo(1);
        assertThat(init.err()).contains("not empty and is not a flotilla data dir").contains("notes.txt");
        assertThat(foreign.resolve("notes.txt")).hasContent("mine");

        Path corrupt = Files.createDirectories(c.root.resolve("corrupt"));
        Files.writeString(corrupt.resolve("node.json"), "{\"format\": \"flotilla-node/1\", \"nodeId\": ");
        Cli broken = Cli.run(null, "daemon", "--data-dir", corrupt.toString());
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.err()).contains("node.json is corrupt").contains("nothing was deleted");
        assertThat(corrupt.resolve("node.json")).exists();

        Path mixed = c.root.resolve("mixed");
        copy(manager.dataDir.resolve("node.json"), mixed.resolve("node.json"));
        Files.createDirectories(mixed.resolve("raft").resolve("00000000-0000-0000-0000-000000000001"));
        Cli other = Cli.run(null, "daemon", "--data-dir", mixed.toString());
        assertThat(other.exit()).isEqualTo(1);
        assertThat(other.err()).contains("mixed with another cluster's");

        Cli again = Cli.run(null, "init", "--data-dir", manager.dataDir.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("already holds node").contains("flotilla daemon --data-dir");
    }

    @Test
    @Order(7)
    void aCorruptSnapshotStopsTheManagerWithAClearError() throws IOException {
        manager.stop();
        Path snapshot;
        try (Stream<Path> s = Files.walk(manager.dataDir.resolve("raft"))) {
            snapshot = s.filter(p -> p.getFileName().toString().matches("snapshot\\.\\d+_\\d+")).findFirst().orElseThrow();
        }
        Files.writeString(snapshot, "{\"format\":\"flotilla-state/1\",\"tampered\":true}");
        Cli start = Cli.run(null, "daemon", "--data-dir", manager.dataDir.toString());
        assertThat(start.exit()).isEqualTo(1);
        assertThat(start.err()).contains("is corrupt").contains("MD5");
        assertThat(snapshot).exists();
        assertThat(new DataDir(manager.dataDir).hasIdentity()).isTrue();
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }
}
