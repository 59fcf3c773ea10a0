package dev.flotilla.orchestrator.state;

import dev.flotilla.orchestrator.api.ClusterSettings;
import dev.flotilla.orchestrator.api.CredentialKind;
import dev.flotilla.orchestrator.api.CredentialRecord;
import dev.flotilla.orchestrator.api.Labels;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.api.TaskStatus;
import dev.flotilla.orchestrator.state.Result.Code;

import java.util.Map;
import java.util.TreeMap;

/** Validation and effect of the node, credential and token commands. Package-private: use {@link ClusterLogic}. */
final class NodeRules {
    private NodeRules() {
    }

    static Result checkUpdateNodeSpec(ClusterState s, Command.UpdateNodeSpec u) {
        Result r = exists(s, u.nodeId());
        if (r != null) {
            return r;
        }
        for (String k : u.labelsAdd().keySet()) {
            Labels.parse(k + "=" + u.labelsAdd().get(k));
        }
        u.labelsRemove().forEach(Labels::checkKey);
        return null;
    }

    static Result checkSetNodeStatus(ClusterState s, Command.SetNodeStatus st) {
        return exists(s, st.nodeId());
    }

    static Result checkUpdateNodeDescription(ClusterState s, Command.UpdateNodeDescription d) {
        return exists(s, d.nodeId());
    }

    static Result checkRotateJoinToken(ClusterState s, Command.RotateJoinToken t) {
        return t.newHash() == null || t.newHash().isEmpty()
                ? Result.rejected(Code.INVALID, "a rotated token needs a hash") : null;
    }

    static Outcome joinNode(ClusterState s, Command.JoinNode j) {
        ClusterState next = s.withNode(j.node()).withCredentials(m -> put(m, j.credential()));
        return new Outcome(next, Result.ok(j.node().id()));
    }

    static Outcome setNodeRole(ClusterState s, Command.SetNodeRole r) {
        Node n = s.node(r.nodeId());
        if (n.role() == r.role()) {
            return new Outcome(s, Result.ok(n.id(), "node " + n.hostname() + " is already a " + word(r.role())));
        }
        return new Outcome(s.withNode(n.withRole(r.role(), r.at())), Result.ok(n.id()));
    }

    static Outcome setNodeStatus(ClusterState s, Command.SetNodeStatus st) {
        Node n = s.node(st.nodeId());
        if (n.status() == st.status() && n.statusMessage().equals(st.message())) {
            return new Outcome(s, Result.ok(n.id()));
        }
        return new Outcome(s.withNode(n.withStatus(st.status(), st.message(), st.at())), Result.ok(n.id()));
    }

    static Outcome updateNodeDescription(ClusterState s, Command.UpdateNodeDescription d) {
        Node n = s.node(d.nodeId());
        return new Outcome(s.withNode(n.withDescription(d.description(), d.at())), Result.ok(n.id()));
    }

    static Outcome removeNode(ClusterState s, Command.RemoveNode rm) {
        ClusterState next = s.withNodes(m -> {
            m.remove(rm.nodeId());
            return m;
        }).withCredentials(m -> {
            m.values().removeIf(cr -> cr.kind() == CredentialKind.NODE && cr.nodeId().equals(rm.nodeId()));
            return m;
        }).withTasks(m -> {
            // no node will report on them again: they end here, as Orphaned, and stay as history
            m.replaceAll((id, t) -> !t.nodeId().equals(rm.nodeId()) || t.state().isTerminal() ? t
                    : t.withDesiredState(TaskState.SHUTDOWN, rm.at()).withStatus(new TaskStatus(TaskState.ORPHANED,
                            rm.at(), "node removed from the cluster", "", null, t.status().containerId())));
            return m;
        });
        return new Outcome(next, Result.ok(rm.nodeId()));
    }

    static Result checkSetViewerCredential(ClusterState s, Command.SetViewerCredential v) {
        if (v.credential().kind() != CredentialKind.VIEWER) {
            return Result.rejected(Code.INVALID, "a viewer token must be a VIEWER credential");
        }
        return s.credentials().containsKey(v.credential().id())
                ? Result.rejected(Code.CONFLICT, "credential id " + v.credential().id() + " is already in use") : null;
    }

    static Outcome setViewerCredential(ClusterState s, Command.SetViewerCredential v) {
        ClusterState next = s.withCredentials(m -> {
            m.values().removeIf(cr -> cr.kind() == CredentialKind.VIEWER);
            return put(m, v.credential());
        });
        return new Outcome(next, Result.ok(v.credential().id()));
    }

    static Result checkSetCertExpiry(Command.SetCertExpiry c) {
        if (c.certExpiryMillis() < ClusterSettings.MIN_CERT_EXPIRY.toMillis()) {
            return Result.rejected(Result.Code.INVALID, "the certificate expiry must be at least 1h, got "
                    + java.time.Duration.ofMillis(c.certExpiryMillis()));
        }
        return null;
    }

    static Outcome setCertExpiry(ClusterState s, Command.SetCertExpiry c) {
        return new Outcome(s.withSettings(s.settings().withCertExpiry(java.time.Duration.ofMillis(c.certExpiryMillis()))),
                Result.ok(Long.toString(c.certExpiryMillis())));
    }

    static Outcome rotateJoinToken(ClusterState s, Command.RotateJoinToken t) {
        return new Outcome(s.withTokens(s.tokens().with(t.role(), t.newHash())), Result.ok(t.role().name()));
    }

    static Outcome init(Command.InitCluster i) {
        TreeMap<String, CredentialRecord> creds = new TreeMap<>();
        i.credentials().forEach(c -> creds.put(c.id(), c));
        ClusterState s = new ClusterState(i.clusterId(), i.fingerprint(), i.at(), i.settings(), i.tokens(),
                Map.of(i.firstNode().id(), i.firstNode()), creds, Map.of(), Map.of());
        return new Outcome(s, Result.ok(i.clusterId()));
    }

    static Outcome restore(Command.RestoreCluster r) {
        ClusterState old = r.state();
        if (!old.isInitialized() || old.node(r.survivorNodeId()) == null) {
            return new Outcome(ClusterState.EMPTY, Result.rejected(Code.INVALID,
                    "the recovered state does not contain manager " + r.survivorNodeId()));
        }
        return new Outcome(old, Result.ok(old.clusterId(), "cluster restored from the state of " + r.survivorNodeId()));
    }

    static Result checkJoinNode(ClusterState s, Command.JoinNode j) {
        if (s.nodes().containsKey(j.node().id())) {
            return Result.rejected(Code.CONFLICT, "a node with id " + j.node().id() + " already exists");
        }
        if (s.credentials().containsKey(j.credential().id())) {
            return Result.rejected(Code.CONFLICT, "credential id " + j.credential().id() + " is already in use");
        }
        String current = s.tokens().forRole(j.node().role());
        if (current.isEmpty() || !current.equals(j.tokenHash())) {
            return Result.rejected(Code.INVALID, "the join token is no longer valid (it was rotated);"
                    + " ask a manager for the current one with `flotilla join-token " + word(j.node().role()) + "`");
        }
        return null;
    }

    static Result checkSetNodeRole(ClusterState s, Command.SetNodeRole r) {
        Result missing = exists(s, r.nodeId());
        if (missing != null) {
            return missing;
        }
        Node n = s.node(r.nodeId());
        if (r.role() == NodeRole.WORKER && n.isManager() && s.managerCount() == 1) {
            return Result.rejected(Code.CONFLICT, "cannot demote " + n.hostname() + ": it is the last manager of the"
                    + " cluster; promote another node first (flotilla node promote NODE)");
        }
        return null;
    }

    static Result checkRemoveNode(ClusterState s, Command.RemoveNode rm) {
        Result missing = exists(s, rm.nodeId());
        if (missing != null) {
            return missing;
        }
        Node n = s.node(rm.nodeId());
        if (n.isManager()) {
            return Result.rejected(Code.CONFLICT, "node " + n.hostname() + " is a manager and cannot be removed;"
                    + " demote it first (flotilla node demote " + n.hostname() + ")");
        }
        if (n.status() != NodeStatus.DOWN && !rm.force()) {
            return Result.rejected(Code.CONFLICT, "node " + n.hostname() + " is not down and can't be removed;"
                    + " stop it (flotilla leave on that node) or use --force");
        }
        return null;
    }

    static Outcome updateNodeSpec(ClusterState s, Command.UpdateNodeSpec u) {
        Node n = s.node(u.nodeId());
        Map<String, String> labels = new TreeMap<>(n.labels());
        u.labelsRemove().forEach(labels::remove);
        labels.putAll(u.labelsAdd());
        Node next = n.withLabels(labels, u.at());
        if (u.availability() != null) {
            next = next.withAvailability(u.availability(), u.at());
        }
        return new Outcome(s.withNode(next), Result.ok(n.id()));
    }

    private static Result exists(ClusterState s, String nodeId) {
        return s.nodes().containsKey(nodeId) ? null : Result.rejected(Code.NOT_FOUND, "node " + nodeId + " not found");
    }

    private static TreeMap<String, CredentialRecord> put(TreeMap<String, CredentialRecord> m, CredentialRecord c) {
        m.put(c.id(), c);
        return m;
    }

    static String word(NodeRole role) {
        return role == NodeRole.MANAGER ? "manager" : "worker";
    }
}
