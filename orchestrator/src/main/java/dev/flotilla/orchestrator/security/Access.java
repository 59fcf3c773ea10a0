package dev.flotilla.orchestrator.security;

import dev.flotilla.orchestrator.api.CredentialKind;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.pki.CertRole;
import dev.flotilla.orchestrator.state.ClusterState;

/** Which principals may make which calls. Checked after authentication on every route. */
public enum Access {
    /** Cluster administration and state reads: the administrator, or a manager node. */
    ADMIN,
    /** A node's own business (heartbeats, leaving, asking to join the Raft group). */
    NODE,
    /** Any authenticated caller (ping). */
    ANY,
    /** No credential: the call proves itself (a join presents a join token). */
    PUBLIC;

    /** Null when allowed, else the refusal. */
    public String refusal(Principal p, ClusterState state) {
        return switch (this) {
            case ANY, PUBLIC -> null;
            case NODE -> p.kind() == CredentialKind.NODE ? null : "this call is for nodes, not for the " + p.describe();
            case ADMIN -> {
                if (p.isAdmin()) {
                    yield null;
                }
                if (p.kind() == CredentialKind.VIEWER) {
                    yield "the visualizer's viewer token only opens the visualizer; use the administrator's credential";
                }
                Node n = state.node(p.nodeId());
                if (n != null && n.isManager() && p.certificateRole() != CertRole.MANAGER) {
                    yield "node " + p.nodeId() + " is a manager but still holds a worker certificate; it renews it"
                            + " within a heartbeat, retry in a moment";
                }
                yield n != null && n.isManager() ? null
                        : "node " + p.nodeId() + " is a worker: worker credentials can't be used to view or modify"
                        + " cluster state. Use the administrator's credential, or promote the node to a manager";
            }
        };
    }
}
