package dev.flotilla.orchestrator.state;

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

import java.util.List;
import java.util.Map;

/** Small builders for pure tests of the state logic. */
final class Fixtures {
    static final String WORKER_HASH = "w-hash";
    static final String MANAGER_HASH = "m-hash";

    private Fixtures() {
    }

    static Node node(String id, String host, NodeRole role) {
        NodeDescription d = new NodeDescription(host, "127.0.0.1:4242", "127.0.0.1:4243", "0.1.0",
                new NodeResources(2_000_000_000L, 1L << 30), "linux", "amd64");
        return new Node(id, role, Availability.ACTIVE, NodeStatus.READY, "", Map.of(), d, 1, 1, 1);
    }

    static ClusterState initialized() {
        Command.InitCluster init = new Command.InitCluster("cluster1", "fp", 1, ClusterSettings.defaults(),
                new JoinTokenHashes(WORKER_HASH, MANAGER_HASH), node("m1aaaa", "dev01", NodeRole.MANAGER),
                List.of(new CredentialRecord("admin1", "h", CredentialKind.ADMIN, "", 1),
                        new CredentialRecord("cm1", "h", CredentialKind.NODE, "m1aaaa", 1)));
        return ClusterLogic.apply(ClusterState.EMPTY, init).state();
    }

    static Command.JoinNode join(String id, String host, NodeRole role) {
        return new Command.JoinNode(node(id, host, role), new CredentialRecord("c" + id, "h", CredentialKind.NODE, id, 2),
                role == NodeRole.MANAGER ? MANAGER_HASH : WORKER_HASH);
    }

    static ClusterState applyAll(ClusterState s, Command... commands) {
        for (Command c : commands) {
            Outcome o = ClusterLogic.apply(s, c);
            if (!o.result().ok()) {
                throw new AssertionError("fixture command rejected: " + o.result());
            }
            s = o.state();
        }
        return s;
    }
}
