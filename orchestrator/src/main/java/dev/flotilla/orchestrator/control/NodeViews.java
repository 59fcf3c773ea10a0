package dev.flotilla.orchestrator.control;

import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.dispatcher.PeerProbe;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.NodeRefs;
import dev.flotilla.orchestrator.state.Result;
import dev.flotilla.orchestrator.store.RaftEndpoint;
import dev.flotilla.orchestrator.store.RaftStatus;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ApiWire;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns state into what the API shows, and results into API problems. */
final class NodeViews {
    private NodeViews() {
    }

    static List<ApiWire.NodeView> nodes(ClusterState s, RaftStatus raft, PeerProbe probe, String selfId) {
        Set<String> voters = raft.voters().stream().map(RaftEndpoint::id).collect(Collectors.toSet());
        return s.nodes().values().stream().map(n -> node(n, raft, voters, probe, selfId)).toList();
    }

    static ApiWire.NodeView node(Node n, RaftStatus raft, Set<String> voters, PeerProbe probe, String selfId) {
        ApiWire.ManagerStatus ms = null;
        if (n.isManager()) {
            boolean reachable = probe.reachable(n.id()) && (voters.contains(n.id()) || voters.isEmpty());
            ms = new ApiWire.ManagerStatus(n.description().raftAddress(), reachable ? "Reachable" : "Unreachable",
                    n.id().equals(raft.leaderId()), voters.contains(n.id()));
        }
        return new ApiWire.NodeView(n, ms, n.id().equals(selfId));
    }

    static ApiWire.NodeView node(ClusterState s, Node n, RaftStatus raft, PeerProbe probe, String selfId) {
        Set<String> voters = raft.voters().stream().map(RaftEndpoint::id).collect(Collectors.toSet());
        return node(n, raft, voters, probe, selfId);
    }

    /** Finds the node a user named; {@code self} is the manager answering, as in {@code docker node inspect self}. */
    static Node resolve(ClusterState s, String ref, String selfId) {
        NodeRefs.Lookup l = NodeRefs.resolve(s, "self".equals(ref) ? selfId : ref);
        if (!l.found()) {
            throw l.ambiguous() ? new ApiProblem(ApiProblem.Kind.CONFLICT, "AMBIGUOUS", l.error()) : ApiProblem.notFound(l.error());
        }
        return l.node();
    }

    /** A rejected result as the API error it stands for. */
    static Result check(Result r) {
        if (r.ok()) {
            return r;
        }
        throw switch (r.code()) {
            case NOT_FOUND -> ApiProblem.notFound(r.message());
            case CONFLICT -> ApiProblem.conflict(r.message());
            case INVALID -> ApiProblem.badRequest(r.message());
            case NOT_INITIALIZED -> new ApiProblem(ApiProblem.Kind.UNAVAILABLE, "NOT_INITIALIZED", r.message()
                    + "; the first manager is still starting, retry in a moment");
            default -> new ApiProblem(ApiProblem.Kind.INTERNAL, r.code().name(), r.message());
        };
    }
}
