package dev.flotilla.orchestrator.json;

import dev.flotilla.orchestrator.api.Availability;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeDescription;
import dev.flotilla.orchestrator.api.NodeResources;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.state.ClusterLogic;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.state.Result;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {
    private static final Node NODE = new Node("n1", NodeRole.MANAGER, Availability.ACTIVE, NodeStatus.READY, "",
            Map.of("b", "2", "a", "1"), new NodeDescription("dev01", "127.0.0.2:1", "127.0.0.2:2", "0.1", new NodeResources(1, 2), "linux", "amd64"),
            1, 2, 3);

    @Test
    void commandsRoundTripWithTheirTypeName() throws IOException {
        Command c = new Command.Batch(List.of(new Command.SetNodeStatus("n1", NodeStatus.DOWN, "heartbeat failure", 7),
                new Command.UpdateNodeSpec("n1", Availability.DRAIN, Map.of("k", "v"), List.of("x"), 8)));
        byte[] bytes = Json.bytes(c);
        assertThat(new String(bytes)).contains("\"type\":\"Batch\"").contains("\"type\":\"SetNodeStatus\"");
        assertThat(Json.read(bytes, Command.class)).isEqualTo(c);
    }

    @Test
    void stateRoundTripsToTheSameBytes() throws IOException {
        ClusterState s = ClusterState.EMPTY.withNode(NODE);
        byte[] once = Json.bytes(s);
        ClusterState back = Json.read(once, ClusterState.class);
        assertThat(back).isEqualTo(s);
        assertThat(Json.bytes(back)).isEqualTo(once);
        assertThat(new String(once)).doesNotContain("initialized").doesNotContain("\"hostname\":\"dev01\",\"id\"");
    }

    @Test
    void resultsRoundTrip() throws IOException {
        Result r = Result.batch(List.of(Result.ok("a"), Result.rejected(Result.Code.NOT_FOUND, "node x not found")));
        assertThat(Json.read(Json.bytes(r), Result.class)).isEqualTo(r);
        assertThat(ClusterLogic.apply(ClusterState.EMPTY, new Command.Batch(List.of())).result().ok()).isTrue();
    }

    @Test
    void malformedInputSaysWhere() {
        assertThatThrownBy(() -> Json.read("{\"type\":\"Nope\"}", Command.class)).isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(Json.problem((IOException) e)).contains("Nope"));
    }
}
