package dev.flotilla.orchestrator.dispatcher;

import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.raft.RaftManager;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.store.RaftStatus;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ApiWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The leader's side of node sessions: records heartbeats in memory, writes a status change only when a node comes
 * back (DOWN or UNKNOWN to READY) or describes itself differently, and tells each node what it should be.
 */
public final class Dispatcher implements AutoCloseable {
    /** The status message of a node that left on purpose ({@code flotilla leave}). */
    public static final String LEFT = "node left the cluster";
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private final String selfId;
    private final RaftManager raft;
    private final HeartbeatTracker tracker;
    private final Function<Command, Boolean> writer;
    private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
    private final ExecutorService writes;

    /** @param writer replicates a command, true when it was applied (used off the request thread) */
    public Dispatcher(String selfId, RaftManager raft, HeartbeatTracker tracker, Function<Command, Boolean> writer) {
        this.selfId = selfId;
        this.raft = raft;
        this.tracker = tracker;
        this.writer = writer;
        this.writes = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "flotilla-status-writer-" + selfId);
            t.setDaemon(true);
            return t;
        });
    }

    private ClusterState readLinearizably() {
        try {
            return raft.read();
        } catch (dev.flotilla.orchestrator.store.Unavailable u) {
            throw new ApiProblem(ApiProblem.Kind.UNAVAILABLE, "NO_LEADER", "this manager could not confirm the"
                    + " cluster's state: " + u.getMessage());
        }
    }

    public ApiWire.HeartbeatReply heartbeat(String nodeId, ApiWire.Heartbeat hb) {
        RaftStatus st = raft.status();
        ClusterState s = raft.localState();
        if (!st.isLeader()) {
            Node leader = s.node(st.leaderId());
            throw ApiProblem.notLeader(leader == null ? null : leader.description().apiAddress());
        }
        Node n = s.node(nodeId);
        if (n == null) {
            // a new leader's applied state can trail its commit for a moment: ask once more, linearizably, before
            // telling a node it was removed
            s = readLinearizably();
            n = s.node(nodeId);
        }
        if (n == null && !s.isInitialized()) {
            throw new ApiProblem(ApiProblem.Kind.UNAVAILABLE, "STARTING", "the cluster is still being created;"
                    + " retry in a moment");
        }
        if (n == null) {
            throw ApiProblem.notFound("node " + nodeId + " is not part of the cluster (it was removed);"
                    + " join it again with a join token");
        }
        if (n.status() == NodeStatus.DOWN && LEFT.equals(n.statusMessage())) {
            throw new ApiProblem(ApiProblem.Kind.CONFLICT, "LEFT", "node " + nodeId + " left the cluster; join it"
                    + " again with a join token");
        }
        tracker.seen(nodeId);
        long now = System.currentTimeMillis();
        if (n.status() != NodeStatus.READY) {
            async(nodeId + "/status", new Command.SetNodeStatus(nodeId, NodeStatus.READY, "", now));
        }
        if (hb.description() != null && !n.description().equals(hb.description())) {
            async(nodeId + "/description", new Command.UpdateNodeDescription(nodeId, hb.description(), now));
        }
        Node self = s.node(selfId);
        return new ApiWire.HeartbeatReply(nodeId, n.role(), n.status(), raft.config().groupId().toString(),
                st.voters().stream().map(v -> new ApiWire.Voter(v.id(), v.address())).toList(),
                s.managers().stream().map(m -> m.description().apiAddress()).toList(),
                self == null ? "" : self.description().apiAddress(), s.settings().heartbeatPeriodMillis());
    }

    private void async(String key, Command c) {
        if (inFlight.putIfAbsent(key, Boolean.TRUE) != null) {
            return;
        }
        writes.execute(() -> {
            try {
                writer.apply(c);
            } catch (RuntimeException e) {
                LOG.warn("{}: could not record {}: {}", selfId, key, e.getMessage());
            } finally {
                inFlight.remove(key);
            }
        });
    }

    @Override
    public void close() {
        writes.shutdownNow();
    }
}
