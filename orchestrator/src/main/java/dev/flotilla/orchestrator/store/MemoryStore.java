package dev.flotilla.orchestrator.store;

import dev.flotilla.orchestrator.state.ClusterLogic;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.state.Outcome;
import dev.flotilla.orchestrator.state.Result;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * A {@link ClusterStore} of one manager with no log: a proposed command is validated and applied in place, under a
 * lock, in proposal order, and every listener hears of the new state before {@link #propose} returns. It can be
 * told to lose its quorum ({@link #setAvailable}) or its leadership ({@link #setLeader}), so the code above it can
 * be tested on those paths too. The managers' voters are the state's managers.
 */
public final class MemoryStore implements ClusterStore, Membership {
    private final String selfId;
    private final List<BiConsumer<ClusterState, Long>> listeners = new CopyOnWriteArrayList<>();
    private final List<Command> proposed = new CopyOnWriteArrayList<>();
    private volatile ClusterState state;
    private volatile long index;
    private volatile boolean leader = true;
    private volatile boolean available = true;

    public MemoryStore(String selfId, ClusterState initial) {
        this.selfId = selfId;
        this.state = initial;
    }

    /** Hears every applied state with its index (as the Raft state machine's applied events). */
    public void onApplied(BiConsumer<ClusterState, Long> listener) {
        listeners.add(listener);
    }

    public void setLeader(boolean leader) {
        this.leader = leader;
    }

    /** False: every read and write fails as without a quorum. */
    public void setAvailable(boolean available) {
        this.available = available;
    }

    /** Every command proposed so far, accepted or not, in order. */
    public List<Command> proposed() {
        return new ArrayList<>(proposed);
    }

    public long index() {
        return index;
    }

    @Override
    public String selfId() {
        return selfId;
    }

    @Override
    public ClusterState local() {
        return state;
    }

    @Override
    public ClusterState read() throws Unavailable {
        requireAvailable("read");
        return state;
    }

    @Override
    public Result propose(Command command) throws Unavailable {
        requireAvailable("write");
        ClusterState next;
        long at;
        Result result;
        synchronized (this) {
            proposed.add(command);
            Outcome o = ClusterLogic.apply(state, command);
            next = o.state();
            result = o.result();
            state = next;
            at = ++index;
        }
        listeners.forEach(l -> l.accept(next, at));
        return result;
    }

    @Override
    public RaftStatus status() {
        List<RaftEndpoint> voters = state.managers().stream()
                .map(n -> new RaftEndpoint(n.id(), n.description().raftAddress())).toList();
        return new RaftStatus(leader ? "LEADER" : "FOLLOWER", leader ? selfId : "", 1, index, index, voters);
    }

    @Override
    public String groupId() {
        return "00000000-0000-0000-0000-000000000000";
    }

    @Override
    public void addVoter(RaftEndpoint member) throws Unavailable {
        requireAvailable("membership change");
    }

    @Override
    public void removeVoter(String memberId) throws Unavailable {
        requireAvailable("membership change");
    }

    @Override
    public void transferLeadership(String target, Duration timeout) throws Unavailable {
        requireAvailable("leadership transfer");
        leader = selfId.equals(target);
    }

    @Override
    public Map<String, Object> tuning() {
        return Map.of();
    }

    private void requireAvailable(String what) throws Unavailable {
        if (!available) {
            throw new Unavailable(what + " failed: no quorum (memory store told to be unavailable)", false, null);
        }
    }
}
