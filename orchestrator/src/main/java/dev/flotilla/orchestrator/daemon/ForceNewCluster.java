package dev.flotilla.orchestrator.daemon;

import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.identity.DataDir;
import dev.flotilla.orchestrator.identity.DataDirException;
import dev.flotilla.orchestrator.identity.NodeIdentity;
import dev.flotilla.orchestrator.raft.RaftConfig;
import dev.flotilla.orchestrator.raft.RaftManager;
import dev.flotilla.orchestrator.raft.StateEvents;
import dev.flotilla.orchestrator.spec.Addresses;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.store.RaftEndpoint;
import dev.flotilla.orchestrator.store.RaftStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * {@code flotilla init --force-new-cluster}: on a surviving manager of a group that lost its majority for good,
 * replays this manager's own snapshot and committed log, then starts a new single-voter group from that state. The
 * old Raft data is moved to {@code archive/}, never deleted. Managers of the old group that come back later are
 * told the new group id and rejoin it.
 */
public final class ForceNewCluster {
    private static final Logger LOG = LoggerFactory.getLogger(ForceNewCluster.class);

    private ForceNewCluster() {
    }

    public record Recovered(NodeIdentity identity, ClusterState state, Path archived) {
    }

    public static Recovered prepare(DataDir dir) throws DataDirException, IOException {
        NodeIdentity id;
        ClusterState state;
        try (AutoCloseable lock = dir.lock()) {
            id = dir.load();
            if (id.role() != NodeRole.MANAGER || !dir.hasRaftStorage(id.raftGroupId())) {
                throw new DataDirException("node " + id.nodeId() + " in " + dir.root() + " is not a manager with Raft"
                        + " data; --force-new-cluster must run on a surviving manager's data dir");
            }
            state = replay(id, dir);
        } catch (DataDirException | IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
        if (!state.isInitialized()) {
            throw new DataDirException("the Raft data in " + dir.raftDir() + " holds no committed cluster state;"
                    + " there is nothing to recover. Start a new cluster with `flotilla init` and an empty --data-dir");
        }
        Path archived = dir.archive("raft", "before-force-new-cluster");
        String group = UUID.randomUUID().toString();
        dir.writeBootstrap(new Command.RestoreCluster(state, id.nodeId(), System.currentTimeMillis()));
        NodeIdentity next = id.withGroup(group, List.of(new RaftEndpoint(id.nodeId(), id.raftAddress())));
        dir.save(next);
        LOG.info("{}: recovered cluster {} ({} nodes); new Raft group {}", id.nodeId(), state.clusterId(),
                state.nodes().size(), group);
        return new Recovered(next, state, archived);
    }

    private static dev.flotilla.orchestrator.tls.NodeTls tls(DataDir dir) throws IOException {
        try {
            return dir.tls().load();
        } catch (DataDirException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Starts the old member alone (it cannot win an election) and waits until its committed log is applied. */
    private static ClusterState replay(NodeIdentity id, DataDir dir) throws IOException, InterruptedException {
        RaftConfig cfg = new RaftConfig(UUID.fromString(id.raftGroupId()), id.nodeId(), Addresses.host(id.raftAddress()),
                Addresses.port(id.raftAddress()), dir.raftDir(), id.voters(), id.tuning().raftSettings(),
                tls(dir));
        try (RaftManager raft = RaftManager.start(cfg, RaftManager.Start.RECOVER, StateEvents.NONE)) {
            long deadline = System.nanoTime() + 20_000_000_000L;
            long stableSince = System.nanoTime();
            long lastApplied = -1;
            while (System.nanoTime() < deadline) {
                RaftStatus st = raft.status();
                if (st.appliedIndex() != lastApplied) {
                    lastApplied = st.appliedIndex();
                    stableSince = System.nanoTime();
                }
                if (st.appliedIndex() >= st.commitIndex() && System.nanoTime() - stableSince > 1_000_000_000L) {
                    break;
                }
                Thread.sleep(100);
            }
            return raft.localState();
        }
    }
}
