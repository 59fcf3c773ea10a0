package dev.flotilla.orchestrator.raft;

import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.state.Result;
import dev.flotilla.orchestrator.store.ClusterStore;
import dev.flotilla.orchestrator.store.Membership;
import dev.flotilla.orchestrator.store.RaftEndpoint;
import dev.flotilla.orchestrator.store.RaftStatus;
import dev.flotilla.orchestrator.store.Unavailable;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The cluster store of a manager: reads from its Ratis member, writes group-committed by its {@link Proposer}. */
public final class RaftStore implements ClusterStore, Membership {
    private final RaftManager raft;
    private final Proposer proposer;

    public RaftStore(RaftManager raft, Proposer proposer) {
        this.raft = raft;
        this.proposer = proposer;
    }

    @Override
    public String selfId() {
        return raft.peerId();
    }

    @Override
    public ClusterState local() {
        return raft.localState();
    }

    @Override
    public ClusterState read() throws Unavailable {
        return raft.read();
    }

    @Override
    public Result propose(Command command) throws Unavailable {
        return proposer.propose(command);
    }

    @Override
    public RaftStatus status() {
        return raft.status();
    }

    @Override
    public String groupId() {
        return raft.config().groupId().toString();
    }

    @Override
    public void addVoter(RaftEndpoint member) throws Unavailable {
        raft.addVoter(member);
    }

    @Override
    public void removeVoter(String memberId) throws Unavailable {
        raft.removeVoter(memberId);
    }

    @Override
    public void transferLeadership(String target, Duration timeout) throws Unavailable {
        raft.transferLeadership(target, timeout);
    }

    @Override
    public Map<String, Object> tuning() {
        RaftSettings settings = raft.config().settings();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("electionTimeoutMinMillis", settings.electionTimeoutMin().toMillis());
        m.put("electionTimeoutMaxMillis", settings.electionTimeoutMax().toMillis());
        m.put("snapshotInterval", settings.snapshotThreshold());
        m.put("snapshotsRetained", settings.snapshotsRetained());
        m.put("operationDeadlineMillis", settings.operationDeadline().toMillis());
        return m;
    }
}
