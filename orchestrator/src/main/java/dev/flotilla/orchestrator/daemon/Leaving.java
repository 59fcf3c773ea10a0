package dev.flotilla.orchestrator.daemon;

import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.client.ApiClient;
import dev.flotilla.orchestrator.identity.NodeIdentity;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.store.RaftEndpoint;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ApiWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * What a node does on {@code flotilla leave}: a manager (forced) gives up its role and its Raft vote if the rest
 * of the group can take it; every node then tells the leader it left, so it shows as Down. Each step is bounded
 * and best effort: a node can always leave, even a broken cluster.
 */
final class Leaving {
    private static final Logger LOG = LoggerFactory.getLogger(Leaving.class);
    private final Daemon daemon;
    private final NodeIdentity me;
    private final ManagerRole manager;

    Leaving(Daemon daemon, NodeIdentity me, ManagerRole manager) {
        this.daemon = daemon;
        this.me = me;
        this.manager = manager;
    }

    void run() {
        if (manager != null && manager.state().managerCount() > 1) {
            giveUpManagerRole();
        }
        try {
            new ApiClient(me.managers().isEmpty() ? java.util.List.of(me.apiAddress()) : me.managers(), daemon.managersTls(), null,
                    Duration.ofSeconds(3)).post("/v1/session/left", new ApiWire.Leave(true), ApiWire.Message.class);
        } catch (ApiProblem p) {
            LOG.warn("{}: could not tell the cluster this node left: {}", me.nodeId(), p.getMessage());
        }
        daemon.markLeft();
        LOG.info("{}: node left the cluster", me.nodeId());
    }

    private void giveUpManagerRole() {
        try {
            manager.service.write(new Command.SetNodeRole(me.nodeId(), NodeRole.WORKER, System.currentTimeMillis()));
            var st = manager.raft.status();
            if (me.nodeId().equals(st.leaderId())) {
                st.voters().stream().map(RaftEndpoint::id).filter(v -> !v.equals(me.nodeId())).findFirst()
                        .ifPresent(heir -> {
                            try {
                                manager.raft.transferLeadership(heir, Duration.ofSeconds(3));
                            } catch (Exception e) {
                                LOG.warn("{}: leadership transfer before leaving failed: {}", me.nodeId(), e.getMessage());
                            }
                        });
            }
            manager.raft.removeVoter(me.nodeId());
        } catch (Exception e) {
            LOG.warn("{}: leaving the manager group failed ({}); leaving anyway (--force)", me.nodeId(), e.getMessage());
        }
    }
}
