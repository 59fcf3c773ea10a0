package dev.flotilla.orchestrator.raft;

import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.state.ClusterLogic;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.state.Outcome;
import dev.flotilla.orchestrator.state.Result;
import dev.flotilla.orchestrator.store.RaftEndpoint;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Ratis side of the cluster state: decodes commands, validates them on the leader before they are replicated,
 * applies them in log order through the pure {@link ClusterLogic}, and keeps JSON snapshots.
 *
 * <p>{@link BaseStateMachine} never moves its lifecycle, which makes a snapshot install from the leader fail; this
 * class moves it through STARTING/RUNNING on initialize, RUNNING to PAUSED on pause and back on reinitialize.
 */
public final class ClusterStateMachine extends BaseStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterStateMachine.class);
    static final String REJECTED_MARK = "FLOTILLA-REJECTED ";

    /** The state and the log position it reflects, swapped together. */
    private record Applied(ClusterState state, TermIndex at) {
    }

    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final AtomicReference<Applied> applied =
            new AtomicReference<>(new Applied(ClusterState.EMPTY, TermIndex.INITIAL_VALUE));
    private final StateEvents events;
    private final long quorumWindowMillis;
    private volatile String name = "state-machine";
    private volatile long quorumCheckedAt;
    private volatile boolean quorumSeen = true;

    /**
     * @param quorumWindowMillis the leader refuses new writes when fewer than a majority of voters have answered it
     *                           within this window (the election timeout): it has likely lost its majority, and a
     *                           write it appended now could be reported as failed yet committed later
     */
    private volatile java.util.Set<String> confPeers;

    public ClusterStateMachine(StateEvents events, long quorumWindowMillis) {
        this.events = events;
        this.quorumWindowMillis = quorumWindowMillis;
    }

    public ClusterState state() {
        return applied.get().state();
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        getLifeCycle().startAndTransition(() -> {
            super.initialize(server, groupId, raftStorage);
            name = server.getId() + "@" + groupId.getUuid();
            storage.init(raftStorage);
            load(storage.getLatestSnapshot());
        }, IOException.class);
    }

    @Override
    public void pause() {
        if (getLifeCycle().getCurrentState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    @Override
    public void reinitialize() throws IOException {
        LifeCycle lc = getLifeCycle();
        if (lc.getCurrentState() == LifeCycle.State.PAUSED) {
            lc.transition(LifeCycle.State.STARTING);
        }
        load(storage.loadLatestSnapshot());
        if (lc.getCurrentState() == LifeCycle.State.STARTING) {
            lc.transition(LifeCycle.State.RUNNING);
        }
    }

    private void load(SingleFileSnapshotInfo info) throws IOException {
        if (info == null) {
            LOG.info("{}: no snapshot, starting from the empty state", name);
            return;
        }
        SnapshotFiles.Loaded loaded = SnapshotFiles.read(info);
        applied.set(new Applied(loaded.state(), TermIndex.valueOf(loaded.term(), loaded.index())));
        setLastAppliedTermIndex(TermIndex.valueOf(loaded.term(), loaded.index()));
        LOG.info("{}: loaded snapshot at index {} (cluster {}, {} nodes)", name, loaded.index(),
                loaded.state().clusterId(), loaded.state().nodes().size());
        events.applied(loaded.state(), loaded.index());
    }

    @Override
    public long takeSnapshot() throws IOException {
        Applied a = applied.get();
        if (a.at().getIndex() <= 0) {
            return a.at().getIndex();
        }
        var file = storage.getSnapshotFile(a.at().getTerm(), a.at().getIndex());
        storage.updateLatestSnapshot(SnapshotFiles.write(file, a.state(), a.at().getTerm(), a.at().getIndex()));
        LOG.info("{}: snapshot taken at index {}", name, a.at().getIndex());
        return a.at().getIndex();
    }

    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        TransactionContext.Builder trx = TransactionContext.newBuilder().setServerRole(RaftProtos.RaftPeerRole.LEADER)
                .setStateMachine(this).setClientRequest(request).setLogData(request.getMessage().getContent());
        Command command;
        try {
            command = Json.read(request.getMessage().getContent().toByteArray(), Command.class);
        } catch (IOException e) {
            return trx.build().setException(new IOException(REJECTED_MARK + Json.text(
                    Result.rejected(Result.Code.INVALID, "malformed command: " + Json.problem(e)))));
        }
        if (!leaderHasQuorum()) {
            return trx.build().setException(new IOException("the leader has not heard from a majority of the managers"
                    + " for " + quorumWindowMillis + "ms"));
        }
        var rejection = ClusterLogic.validate(state(), command);
        if (rejection.isPresent()) {
            return trx.build().setException(new IOException(REJECTED_MARK + Json.text(rejection.get())));
        }
        return trx.setStateMachineContext(command).build();
    }

    /** CheckQuorum: a majority of voters (this leader included) answered within the window. Cached for 20 ms. */
    private boolean leaderHasQuorum() {
        long now = System.nanoTime();
        if (now - quorumCheckedAt < 20_000_000L) {
            return quorumSeen;
        }
        try {
            RaftServer.Division d = getServer().join().getDivision(getGroupId());
            RaftProtos.RoleInfoProto role = d.getInfo().getRoleInfoProto();
            if (!role.hasLeaderInfo()) {
                return true;
            }
            int voters = d.getRaftConf().getCurrentPeers().size();
            long fresh = 1 + role.getLeaderInfo().getFollowerInfoList().stream()
                    .filter(f -> f.getLastRpcElapsedTimeMs() < quorumWindowMillis).count();
            quorumSeen = fresh > voters / 2;
        } catch (IOException | RuntimeException e) {
            quorumSeen = true;
        }
        quorumCheckedAt = now;
        return quorumSeen;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        RaftProtos.LogEntryProto entry = trx.getLogEntry();
        Command command = trx.getStateMachineContext() instanceof Command c ? c : decode(entry);
        Applied before = applied.get();
        Outcome outcome = command == null
                ? new Outcome(before.state(), Result.rejected(Result.Code.INVALID, "undecodable log entry " + entry.getIndex()))
                : ClusterLogic.apply(before.state(), command);
        TermIndex at = TermIndex.valueOf(entry.getTerm(), entry.getIndex());
        applied.set(new Applied(outcome.state(), at));
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        if (outcome.state() != before.state()) {
            events.applied(outcome.state(), entry.getIndex());
        }
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(Json.bytes(outcome.result()))));
    }

    private Command decode(RaftProtos.LogEntryProto entry) {
        try {
            return Json.read(entry.getStateMachineLogEntry().getLogData().toByteArray(), Command.class);
        } catch (IOException e) {
            LOG.error("{}: log entry {} cannot be decoded ({}); it is skipped on every manager alike", name,
                    entry.getIndex(), Json.problem(e));
            return null;
        }
    }

    /** Linearizable reads go through Ratis only as a barrier; the caller then reads {@link #state()}. */
    @Override
    public CompletableFuture<Message> query(Message request) {
        long index = applied.get().at().getIndex();
        return CompletableFuture.completedFuture(Message.valueOf(Long.toString(index)));
    }

    static Message barrierMessage() {
        return Message.valueOf(ByteString.copyFrom("read", StandardCharsets.US_ASCII));
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId memberId, RaftPeerId newLeaderId) {
        boolean self = newLeaderId != null && newLeaderId.equals(memberId.getPeerId());
        events.leaderChanged(newLeaderId == null ? null : newLeaderId.toString(), self);
    }

    @Override
    public void notifyLeaderReady() {
        events.leaderReady();
    }

    @Override
    public void notifyConfigurationChanged(long term, long index, RaftProtos.RaftConfigurationProto conf) {
        java.util.Set<String> peers = new java.util.HashSet<>();
        conf.getPeersList().forEach(p -> peers.add(p.getId().toStringUtf8()));
        conf.getOldPeersList().forEach(p -> peers.add(p.getId().toStringUtf8()));
        confPeers = java.util.Set.copyOf(peers);
        List<RaftEndpoint> voters = conf.getPeersList().stream()
                .filter(p -> p.getStartupRole() != RaftProtos.RaftPeerRole.LISTENER)
                .map(p -> new RaftEndpoint(p.getId().toStringUtf8(), p.getAddress())).toList();
        events.votersChanged(voters);
    }

    /**
     * Whether node {@code nodeId} may take part in Raft traffic: a member of the group's configuration as last seen
     * (a demoted manager hands over and leaves through it), or a node the state does not list as a worker.
     */
    boolean mayTalk(String nodeId) {
        java.util.Set<String> conf = confPeers;
        if (conf != null && conf.contains(nodeId)) {
            return true;
        }
        dev.flotilla.orchestrator.api.Node n = state().node(nodeId);
        return n == null || n.isManager();
    }

    @Override
    public String toString() {
        return "ClusterStateMachine[" + name + "]";
    }
}
