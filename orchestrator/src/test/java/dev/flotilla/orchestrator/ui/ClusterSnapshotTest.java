package dev.flotilla.orchestrator.ui;

import dev.flotilla.orchestrator.api.Availability;
import dev.flotilla.orchestrator.api.ClusterSettings;
import dev.flotilla.orchestrator.api.CredentialKind;
import dev.flotilla.orchestrator.api.CredentialRecord;
import dev.flotilla.orchestrator.api.JoinTokenHashes;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeDescription;
import dev.flotilla.orchestrator.api.NodeResources;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.api.TaskStatus;
import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.spec.ServiceSpecParser;
import dev.flotilla.orchestrator.state.ClusterLogic;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterSnapshotTest {

    @Test
    void showsRunningTasksPerNodeAndNoSecretsOrEnvironmentValues() {
        NodeDescription d = new NodeDescription("dev01", "10.0.0.1:4242", "10.0.0.1:4243", "t",
                new NodeResources(4_000_000_000L, 8L << 30), "linux", "amd64");
        Node n = new Node("n1", NodeRole.MANAGER, Availability.ACTIVE, NodeStatus.READY, "", Map.of("zone", "eu"), d, 1, 1, 1);
        ClusterState s = ClusterLogic.apply(ClusterState.EMPTY, new Command.InitCluster("c1", "fp", 1,
                ClusterSettings.defaults(), new JoinTokenHashes("w", "m"), n,
                List.of(new CredentialRecord("a", "secret-hash-value", CredentialKind.ADMIN, "", 1)))).state();
        Service web = new Service("s1", ServiceSpecParser.parse(ServiceOptions.builder("web", "registry.example/web:0.2")
                .replicas("2").env("DB_PASSWORD=hunter2").reserveCpu("1").build()), 1, 1, 1);
        Task running = Task.create("t1", web, 1, "", 1).assigned("n1", "a1b2c3d4e5f6", 2)
                .withStatus(new TaskStatus(TaskState.RUNNING, 3, "started", "", null, "0123456789abcdef"));
        Task pending = Task.create("t2", web, 2, "", 1).withStatus(TaskStatus.of(TaskState.PENDING, 3,
                "no suitable node (insufficient CPU on 1 node)"));
        Task stopped = Task.create("t0", web, 1, "", 0).assigned("n1", "ffffffffffff", 1)
                .withDesiredState(TaskState.SHUTDOWN, 2).withStatus(TaskStatus.of(TaskState.SHUTDOWN, 2, ""));
        for (Command c : List.of(new Command.CreateService(web), new Command.PutTasks(List.of(running, pending, stopped)))) {
            s = ClusterLogic.apply(s, c).state();
        }

        ClusterSnapshot snap = ClusterSnapshot.of(s, "n1", "n1", 42, 10);
        assertThat(snap.servedBy()).isEqualTo("dev01");
        assertThat(snap.index()).isEqualTo(42);
        assertThat(snap.nodes()).singleElement().satisfies(node -> {
            assertThat(node.leader()).isTrue();
            assertThat(node.reservedNanoCpus()).isEqualTo(1_000_000_000L);
            assertThat(node.labels()).containsEntry("zone", "eu");
        });
        assertThat(snap.tasks()).extracting(ClusterSnapshot.TaskCard::id).containsExactly("t1");
        assertThat(snap.tasks().get(0).tag()).isEqualTo("0.2");
        assertThat(snap.tasks().get(0).slot()).isEqualTo(1);
        assertThat(snap.tasks().get(0).containerId()).isEqualTo("0123456789ab");
        assertThat(snap.pending()).extracting(ClusterSnapshot.TaskCard::id).containsExactly("t2");
        assertThat(snap.pending().get(0).message()).contains("insufficient CPU");
        assertThat(snap.history()).extracting(ClusterSnapshot.TaskCard::id).containsExactly("t0");
        assertThat(snap.managers()).singleElement().satisfies(m -> assertThat(m.url()).isEmpty());
        assertThat(snap.services()).singleElement().satisfies(v -> {
            assertThat(v.running()).isEqualTo(1);
            assertThat(v.desired()).isEqualTo(2);
        });
        String json = Json.text(snap);
        assertThat(json).doesNotContain("hunter2", "DB_PASSWORD", "secret-hash-value", "fp");
    }

    @Test
    void aPinnedImageShowsItsTagNotPartOfItsDigest() {
        String digest = "sha256:" + "e".repeat(64);
        assertThat(ClusterSnapshot.tag("registry.example/web:0.2@" + digest)).isEqualTo("0.2");
        assertThat(ClusterSnapshot.tag("registry.example:5000/web")).isEqualTo("latest");
        assertThat(ClusterSnapshot.tag("web@" + digest)).isEqualTo("sha256:eeeeeeeeeeee");
    }

    @Test
    void theLogFolderIsTheHostSideOfTheLogDirsBindMountPlusTheHostname() {
        NodeDescription d = new NodeDescription("dev01", "10.0.0.1:4242", "10.0.0.1:4243", "t",
                new NodeResources(4_000_000_000L, 8L << 30), "linux", "amd64");
        Node n = new Node("n1", NodeRole.MANAGER, Availability.ACTIVE, NodeStatus.READY, "", Map.of(), d, 1, 1, 1);
        Service web = new Service("s1", ServiceSpecParser.parse(ServiceOptions.builder("web", "tomcat:11")
                .mount("type=bind,src=/home/ubuntu/logs,dst=/usr/local/tomcat/logs")
                .logDir("/usr/local/tomcat/logs").build()), 1, 1, 1);
        Task t = Task.create("t1", web, 1, "", 1).assigned("n1", "web-1-abc", 2);
        assertThat(ClusterSnapshot.logFolder(t, n)).isEqualTo("/home/ubuntu/logs/web-1-abc");
        Service plain = new Service("s2", ServiceSpecParser.parse(ServiceOptions.builder("plain", "tomcat:11").build()),
                1, 1, 1);
        assertThat(ClusterSnapshot.logFolder(Task.create("t2", plain, 1, "", 1).assigned("n1", "h", 2), n)).isEmpty();
    }
}
