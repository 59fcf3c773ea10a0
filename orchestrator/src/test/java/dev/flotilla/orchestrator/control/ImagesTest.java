package dev.flotilla.orchestrator.control;

import dev.flotilla.orchestrator.api.Availability;
import dev.flotilla.orchestrator.api.ClusterSettings;
import dev.flotilla.orchestrator.api.JoinTokenHashes;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeDescription;
import dev.flotilla.orchestrator.api.NodeResources;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.state.ClusterLogic;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ImagesTest {

    static ClusterState withImages(NodeStatus status, List<String> images) {
        NodeDescription d = new NodeDescription("dev01", "h:1", "h:2", "t", new NodeResources(1, 1), "linux", "amd64", images);
        Node n = new Node("n1", NodeRole.MANAGER, Availability.ACTIVE, status, "", Map.of(), d, 1, 1, 1);
        return ClusterLogic.apply(ClusterState.EMPTY, new Command.InitCluster("c", "fp", 1, ClusterSettings.defaults(),
                new JoinTokenHashes("w", "m"), n, List.of())).state();
    }

    @Test
    void referencesAreComparedTheWayTheEngineListsThem() {
        assertThat(Images.normalize("busybox")).isEqualTo("busybox:latest");
        assertThat(Images.normalize("docker.io/library/busybox:1.36")).isEqualTo("busybox:1.36");
        assertThat(Images.normalize("registry.example:5000/team/web")).isEqualTo("registry.example:5000/team/web:latest");
        assertThat(Images.normalize("web@sha256:abc")).isEqualTo("web@sha256:abc");
        assertThat(Images.normalize("docker.io/library/web:1@sha256:abc")).as("by digest, as the engine lists it")
                .isEqualTo("web@sha256:abc");
        assertThat(Images.normalize("127.0.0.1:5001/web:1@sha256:abc")).isEqualTo("127.0.0.1:5001/web@sha256:abc");
    }

    @Test
    void aPinnedImageIsOnANodeThatHasItsDigest() {
        String digest = "sha256:" + "c".repeat(64);
        ClusterState s = withImages(NodeStatus.READY, List.of("flotilla-test/busybox:local",
                "flotilla-test/busybox@" + digest));
        assertThat(Images.problem(s, "flotilla-test/busybox:local@" + digest)).isEmpty();
        assertThat(Images.problem(s, "flotilla-test/busybox:other@" + digest)).as("the digest decides").isEmpty();
        assertThat(Images.problem(s, "flotilla-test/busybox:local@sha256:" + "d".repeat(64))).as("another image")
                .get().asString().contains("is not on any node");
    }

    @Test
    void anImageNoNodeHasIsRefusedWithWhatToDo() {
        ClusterState s = withImages(NodeStatus.READY, List.of("flotilla-test/busybox:local", "busybox:latest"));
        assertThat(Images.problem(s, "flotilla-test/busybox:local")).isEmpty();
        assertThat(Images.problem(s, "busybox")).isEmpty();
        assertThat(Images.problem(s, "flotilla-test/busybox:v2")).get().asString()
                .contains("is not on any node (1 ready node checked)", "names no registry", "--with-registry-auth");
    }

    @Test
    void anImageThatNamesARegistryIsPulledByTheNodesSoItIsNotRefused() {
        ClusterState s = withImages(NodeStatus.READY, List.of("busybox:latest"));
        assertThat(Images.problem(s, "127.0.0.1:5001/flotilla/busybox:1")).isEmpty();
        assertThat(Images.problem(s, "registry.example/team/web:0.2")).isEmpty();
        assertThat(Images.problem(s, "docker.io/library/nginx:1.25")).as("Docker Hub is not reached here").isPresent();
    }
}
