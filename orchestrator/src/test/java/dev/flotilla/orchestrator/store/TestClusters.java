package dev.flotilla.orchestrator.store;

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
import dev.flotilla.orchestrator.security.Credential;
import dev.flotilla.orchestrator.state.ClusterLogic;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.state.Outcome;

import java.util.List;
import java.util.Map;

/**
 * Clusters in memory for tests of the code above the {@link ClusterStore}: a first manager and workers, all ready,
 * each with 2 CPUs and 1 GiB, and an administrator credential whose secret the test knows.
 */
public final class TestClusters {
    public static final String WORKER_TOKEN_HASH = "w-hash";
    public static final String MANAGER_TOKEN_HASH = "m-hash";
    /** The administrator's credential in every cluster made here: send {@code ADMIN.toString()} as the bearer. */
    public static final Credential ADMIN = Credential.generate();

    private TestClusters() {
    }

    public static Node node(String id, String host, NodeRole role) {
        NodeDescription d = new NodeDescription(host, "127.0.0.1:4242", "127.0.0.1:4243", "0.1.0",
                new NodeResources(2_000_000_000L, 1L << 30), "linux", "amd64");
        return new Node(id, role, Availability.ACTIVE, NodeStatus.READY, "", Map.of(), d, 1, 1, 1);
    }

    /** Manager {@code managerId} (hostname {@code host-<id>}) and workers, all READY. */
    public static ClusterState of(String managerId, String... workers) {
        ClusterState s = apply(ClusterState.EMPTY, new Command.InitCluster("cluster1", "fp", 1,
                ClusterSettings.defaults(), new JoinTokenHashes(WORKER_TOKEN_HASH, MANAGER_TOKEN_HASH),
                node(managerId, "host-" + managerId, NodeRole.MANAGER),
                List.of(ADMIN.record(CredentialKind.ADMIN, "", 1))));
        for (String w : workers) {
            s = apply(s, new Command.JoinNode(node(w, "host-" + w, NodeRole.WORKER),
                    new CredentialRecord("c" + w, "h", CredentialKind.NODE, w, 2), WORKER_TOKEN_HASH));
        }
        return s;
    }

    /** A leader's memory store over {@link #of}. */
    public static MemoryStore store(String managerId, String... workers) {
        return new MemoryStore(managerId, of(managerId, workers));
    }

    public static ClusterState apply(ClusterState s, Command... commands) {
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
