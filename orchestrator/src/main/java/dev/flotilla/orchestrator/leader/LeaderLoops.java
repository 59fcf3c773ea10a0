package dev.flotilla.orchestrator.leader;

import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.dispatcher.HeartbeatTracker;
import dev.flotilla.orchestrator.dispatcher.PeerProbe;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.state.Result;
import dev.flotilla.orchestrator.store.ClusterStore;
import dev.flotilla.orchestrator.store.Membership;
import dev.flotilla.orchestrator.store.RaftEndpoint;
import dev.flotilla.orchestrator.store.RaftStatus;
import dev.flotilla.orchestrator.store.Unavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The loops only the leader runs, started when it is ready (it has committed an entry of its term) and stopped when
 * it loses leadership: creating the cluster from the bootstrap command, marking silent nodes DOWN, and keeping the
 * Raft voters in line with the managers of the state (a demoted or removed manager leaves the group).
 */
public final class LeaderLoops implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderLoops.class);

    /** Where the first command of a new cluster waits until it is committed. */
    public interface Bootstrap {
        Optional<Command> pending();

        void committed();
    }

    private final String selfId;
    private final ClusterStore store;
    private final Membership members;
    private final HeartbeatTracker tracker;
    private final PeerProbe probe;
    private final Bootstrap bootstrap;
    private final ScheduledExecutorService timer;
    private final List<ScheduledFuture<?>> running = new ArrayList<>();

    public LeaderLoops(ClusterStore store, Membership members, HeartbeatTracker tracker, PeerProbe probe,
                       Bootstrap bootstrap) {
        this.selfId = store.selfId();
        this.store = store;
        this.members = members;
        this.tracker = tracker;
        this.probe = probe;
        this.bootstrap = bootstrap;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flotilla-leader-" + selfId);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the loops (idempotent); called from the leader-ready event. */
    public synchronized void start() {
        if (!running.isEmpty()) {
            return;
        }
        tracker.reset();
        LOG.info("{}: this manager is the leader; starting the leader loops", selfId);
        running.add(timer.scheduleWithFixedDelay(guard("bootstrap", this::bootstrapOnce), 0, 200, TimeUnit.MILLISECONDS));
        running.add(timer.scheduleWithFixedDelay(guard("node health", this::nodeHealth), 500, 500, TimeUnit.MILLISECONDS));
        running.add(timer.scheduleWithFixedDelay(guard("raft membership", this::voters), 1000, 1000, TimeUnit.MILLISECONDS));
    }

    public synchronized void stop() {
        if (!running.isEmpty()) {
            LOG.info("{}: no longer the leader; stopping the leader loops", selfId);
        }
        running.forEach(f -> f.cancel(false));
        running.clear();
    }

    private Runnable guard(String name, Runnable r) {
        return () -> {
            if (!store.isLeader()) {
                return;
            }
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("{}: leader loop '{}' failed: {}", selfId, name, e.toString());
            }
        };
    }

    private void bootstrapOnce() {
        if (store.local().isInitialized()) {
            return;
        }
        Optional<Command> cmd = bootstrap.pending();
        if (cmd.isEmpty()) {
            return;
        }
        try {
            Result r = store.propose(cmd.get());
            if (r.ok() || store.local().isInitialized()) {
                bootstrap.committed();
                LOG.info("{}: cluster {} created", selfId, store.local().clusterId());
            } else {
                LOG.error("{}: the bootstrap command was rejected: {}", selfId, r.message());
            }
        } catch (Unavailable u) {
            LOG.warn("{}: bootstrap not committed yet: {}", selfId, u.getMessage());
        }
    }

    /** Marks nodes DOWN after the configured number of missed heartbeats. */
    private void nodeHealth() {
        ClusterState s = store.local();
        if (!s.isInitialized()) {
            return;
        }
        long limit = s.settings().downAfterMillis();
        long now = System.currentTimeMillis();
        List<Command> changes = new ArrayList<>();
        for (Node n : s.nodes().values()) {
            boolean settled = now - n.statusChangedAt() > limit;
            // the leader is alive by definition, even while its own heartbeats chase a stale leader hint
            boolean self = n.id().equals(selfId);
            if (!self && n.status() != NodeStatus.DOWN && settled && tracker.silenceMillis(n.id()) > limit) {
                changes.add(new Command.SetNodeStatus(n.id(), NodeStatus.DOWN, "heartbeat failure", now));
                LOG.info("{}: node {} ({}) missed its heartbeats for {}ms: marking it down", selfId, n.id(),
                        n.hostname(), tracker.silenceMillis(n.id()));
            }
        }
        if (changes.isEmpty()) {
            return;
        }
        try {
            store.propose(changes.size() == 1 ? changes.get(0) : new Command.Batch(changes));
        } catch (Unavailable u) {
            LOG.warn("{}: could not mark nodes down: {}", selfId, u.getMessage());
        }
    }

    /** Voters that the state no longer lists as managers leave the group (the leader hands over first). */
    private void voters() {
        ClusterState s = store.local();
        if (!s.isInitialized()) {
            return;
        }
        RaftStatus st = store.status();
        for (RaftEndpoint v : st.voters()) {
            Node n = s.node(v.id());
            if (n != null && n.isManager()) {
                continue;
            }
            try {
                if (v.id().equals(selfId)) {
                    String heir = st.voters().stream().map(RaftEndpoint::id)
                            .filter(id -> !id.equals(selfId) && probe.reachable(id)).findFirst().orElse(null);
                    if (heir != null) {
                        LOG.info("{}: this leader is no longer a manager; handing leadership to {}", selfId, heir);
                        members.transferLeadership(heir, Duration.ofSeconds(3));
                    }
                    return;
                }
                LOG.info("{}: removing {} from the Raft group (no longer a manager)", selfId, v.id());
                members.removeVoter(v.id());
            } catch (Unavailable u) {
                LOG.warn("{}: membership change for {} failed: {}", selfId, v.id(), u.getMessage());
            }
            return;
        }
    }

    @Override
    public void close() {
        stop();
        timer.shutdownNow();
    }
}
