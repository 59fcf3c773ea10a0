package dev.flotilla.orchestrator.dispatcher;

import dev.flotilla.orchestrator.api.CaState;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.pki.Pem;
import dev.flotilla.orchestrator.security.ClusterKey;
import dev.flotilla.orchestrator.security.JoinToken;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.store.ClusterStore;
import dev.flotilla.orchestrator.store.RaftStatus;
import dev.flotilla.orchestrator.store.Unavailable;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ApiWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The leader's side of node sessions: records heartbeats in memory, writes a status change only when a node comes
 * back (DOWN or UNKNOWN to READY) or describes itself differently, and tells each node what it should be.
 */
public final class Dispatcher implements AutoCloseable {
    /** The status message of a node that left on purpose ({@code flotilla leave}). */
    public static final String LEFT = "node left the cluster";
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private final String selfId;
    private final ClusterStore store;
    private final String groupId;
    private final HeartbeatTracker tracker;
    private final Supplier<Optional<ClusterKey>> clusterKey;
    private final Supplier<Optional<String>> caKey;
    private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
    private volatile ExecutorService writes;

    /** @param groupId the Raft group's id, handed to nodes so a node that becomes a manager can join it */
    public Dispatcher(ClusterStore store, String groupId, HeartbeatTracker tracker) {
        this(store, groupId, tracker, Optional::empty);
    }

    /** @param clusterKey the managers' key, handed to nodes that are managers (a promoted node gets it so) */
    public Dispatcher(ClusterStore store, String groupId, HeartbeatTracker tracker,
                      Supplier<Optional<ClusterKey>> clusterKey) {
        this(store, groupId, tracker, clusterKey, Optional::empty);
    }

    /** @param caKey the cluster CA's key (PEM), handed to nodes that are managers so they can issue certificates */
    public Dispatcher(ClusterStore store, String groupId, HeartbeatTracker tracker,
                      Supplier<Optional<ClusterKey>> clusterKey, Supplier<Optional<String>> caKey) {
        this.clusterKey = clusterKey;
        this.caKey = caKey;
        this.selfId = store.selfId();
        this.store = store;
        this.groupId = groupId;
        this.tracker = tracker;
    }

    /** Starts the thread that records status changes off the request threads. */
    public synchronized void start() {
        if (writes == null) {
            writes = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "flotilla-status-writer-" + selfId);
                t.setDaemon(true);
                return t;
            });
        }
    }

    private ClusterState readLinearizably() {
        try {
            return store.read();
        } catch (Unavailable u) {
            throw new ApiProblem(ApiProblem.Kind.UNAVAILABLE, "NO_LEADER", "this manager could not confirm the"
                    + " cluster's state: " + u.getMessage());
        }
    }

    public ApiWire.HeartbeatReply heartbeat(String nodeId, ApiWire.Heartbeat hb) {
        RaftStatus st = store.status();
        ClusterState s = store.local();
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
        CaState ca = s.ca();
        finishCaRotationWhenAllRenewed(s, now);
        return new ApiWire.HeartbeatReply(nodeId, n.role(), n.status(), groupId,
                st.voters().stream().map(v -> new ApiWire.Voter(v.id(), v.address())).toList(),
                s.managers().stream().map(m -> m.description().apiAddress()).toList(),
                self == null ? "" : self.description().apiAddress(), s.settings().heartbeatPeriodMillis(),
                n.isManager() ? clusterKey.get().map(ClusterKey::encoded).orElse("") : "",
                // after a CA rotation, the root keys are in the state; before, the init root's key is handed over
                n.isManager() && ca == null ? caKey.get().orElse("") : "",
                ca == null ? "" : String.join("", ca.trusted()), ca == null ? "" : ca.issuing().fingerprint());
    }

    /** Once every node holds a certificate of the next root, it becomes the only one (join tokens change). */
    private void finishCaRotationWhenAllRenewed(ClusterState s, long now) {
        CaState ca = s.ca();
        if (ca == null || !ca.rotating() || !s.awaitingNextRoot().isEmpty()) {
            return;
        }
        String tokens = JoinToken.fingerprintOf(Pem.certificate(ca.next().certificate()));
        LOG.info("{}: every node holds a certificate of root CA {}: finishing the CA rotation", selfId,
                ca.next().fingerprint());
        async("ca-rotation", new Command.FinishCaRotation(ca.next().fingerprint(), tokens, now));
    }

    private void async(String key, Command c) {
        if (inFlight.putIfAbsent(key, Boolean.TRUE) != null) {
            return;
        }
        ExecutorService w = writes;
        if (w == null) {
            inFlight.remove(key);
            throw new IllegalStateException("the dispatcher is not started");
        }
        w.execute(() -> {
            try {
                store.propose(c);
            } catch (Unavailable e) {
                // no quorum: the next heartbeat asks again
                LOG.debug("{}: could not record {}: {}", selfId, key, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("{}: could not record {}: {}", selfId, key, e.getMessage());
            } finally {
                inFlight.remove(key);
            }
        });
    }

    @Override
    public void close() {
        ExecutorService w = writes;
        if (w != null) {
            w.shutdownNow();
        }
    }
}
