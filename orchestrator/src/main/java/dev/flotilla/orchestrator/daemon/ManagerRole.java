package dev.flotilla.orchestrator.daemon;

import dev.flotilla.orchestrator.control.Admission;
import dev.flotilla.orchestrator.control.ImagePinning;
import dev.flotilla.orchestrator.control.ManagerService;
import dev.flotilla.orchestrator.control.ServiceOps;
import dev.flotilla.orchestrator.dispatcher.AssignmentWatch;
import dev.flotilla.orchestrator.dispatcher.Dispatcher;
import dev.flotilla.orchestrator.dispatcher.HeartbeatTracker;
import dev.flotilla.orchestrator.dispatcher.PeerProbe;
import dev.flotilla.orchestrator.dispatcher.StatusIntake;
import dev.flotilla.orchestrator.http.ManagerApi;
import dev.flotilla.orchestrator.identity.DataDir;
import dev.flotilla.orchestrator.identity.LocalNode;
import dev.flotilla.orchestrator.identity.NodeIdentity;
import dev.flotilla.orchestrator.leader.LeaderLoops;
import dev.flotilla.orchestrator.leader.OrchestrationLoop;
import dev.flotilla.orchestrator.raft.Proposer;
import dev.flotilla.orchestrator.raft.RaftConfig;
import dev.flotilla.orchestrator.raft.RaftManager;
import dev.flotilla.orchestrator.raft.RaftStore;
import dev.flotilla.orchestrator.raft.StateEvents;
import dev.flotilla.orchestrator.spec.Addresses;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.store.RaftEndpoint;
import dev.flotilla.orchestrator.tls.NodeTls;
import dev.flotilla.orchestrator.tls.PeerCheck;
import dev.flotilla.orchestrator.ui.UiFeed;
import dev.flotilla.orchestrator.ui.Visualizer;
import dev.flotilla.orchestrator.ui.VisualizerServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything a node runs while it is a manager: its Raft member, the proposer, peer probes, the dispatcher, the
 * leader loops and the service the API calls. Started when the node is (or becomes) a manager, closed when it
 * stops being one.
 */
final class ManagerRole implements ManagerApi, UiFeed.Source, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManagerRole.class);
    final RaftManager raft;
    final Proposer proposer;
    final PeerProbe probe;
    final ManagerService service;
    final Admission admission;
    final Dispatcher dispatcher;
    final LeaderLoops loops;
    final OrchestrationLoop orchestrator;
    final AssignmentWatch assignments;
    final StatusIntake statusIntake;
    final ServiceOps services;
    private final UiFeed feed;
    private volatile VisualizerServer visualizer;

    private ManagerRole(RaftManager raft, Proposer proposer, NodeIdentity id, DataDir dir, HeartbeatTracker tracker,
                        ClusterKeys keys, NodeTls tls, ImagePinning.Registry registry) {
        this.raft = raft;
        this.proposer = proposer;
        RaftStore store = new RaftStore(raft, proposer);
        this.probe = new PeerProbe(id.nodeId(), raft::localState, tls.client(PeerCheck.anyNode()));
        this.service = new ManagerService(LocalNode.version(), store, store, probe, keys::get,
                () -> keys.authority(store.local().ca()));
        this.admission = new Admission(service);
        this.dispatcher = new Dispatcher(store, store.groupId(), tracker, keys::get, keys::authorityKey);
        this.loops = new LeaderLoops(store, store, tracker, probe, new DataDirBootstrap(dir));
        this.orchestrator = new OrchestrationLoop(store);
        this.assignments = new AssignmentWatch(raft.localState());
        this.statusIntake = new StatusIntake(service::write);
        this.services = new ServiceOps(raft.peerId(), service::read, service::write, keys::get, registry);
        this.feed = new UiFeed(id.nodeId(), this);
    }

    /** The visualizer of whichever manager role the node has at the time of each request. */
    static Visualizer visualizer(String prefix, Supplier<ManagerRole> role) {
        return new Visualizer(prefix, () -> {
            ManagerRole r = role.get();
            return r == null ? null : r.feed;
        });
    }

    /** The visualizer's own port ({@code --ui-addr}), unless the node turned it off. */
    private static VisualizerServer startVisualizer(NodeIdentity id, ManagerRole role, NodeTls tls) {
        return id.tuning().visualizer(id.apiAddress()).map(addr -> VisualizerServer.start(id.nodeId(), addr,
                visualizer("/", () -> role), tls.serverContext())).orElse(null);
    }

    /** Late-bound event target: Ratis may fire events before the role is fully built. */
    private static final class Events implements StateEvents {
        volatile ManagerRole role;
        final Consumer<List<RaftEndpoint>> onVoters;

        Events(Consumer<List<RaftEndpoint>> onVoters) {
            this.onVoters = onVoters;
        }

        @Override
        public void leaderReady() {
            ManagerRole r = role;
            if (r != null) {
                r.loops.start();
                r.orchestrator.activate();
            }
        }

        @Override
        public void leaderChanged(String leaderId, boolean self) {
            ManagerRole r = role;
            if (r != null && !self) {
                r.loops.stop();
                r.orchestrator.deactivate();
            }
            if (r != null) {
                r.feed.changed(0);
            }
        }

        @Override
        public void applied(ClusterState state, long index) {
            ManagerRole r = role;
            if (r != null) {
                r.assignments.update(state, index);
                r.orchestrator.poke();
                r.feed.changed(index);
            }
        }

        @Override
        public void votersChanged(List<RaftEndpoint> voters) {
            onVoters.accept(voters);
        }
    }

    /** @param registry asks a registry for an image's digest through this node's engine, to pin service images */
    static ManagerRole start(NodeIdentity id, DataDir dir, ClusterKeys keys, NodeTls tls, RaftManager.Start mode,
                             HeartbeatTracker tracker, Consumer<List<RaftEndpoint>> onVoters,
                             ImagePinning.Registry registry) throws IOException {
        Events events = new Events(onVoters);
        RaftConfig cfg = new RaftConfig(UUID.fromString(id.raftGroupId()), id.nodeId(), bindHost(id),
                Addresses.port(id.raftAddress()), dir.raftDir(), id.voters(), id.tuning().raftSettings(), tls);
        RaftManager raft = RaftManager.start(cfg, mode, events);
        Proposer proposer = new Proposer(raft, cfg.settings().operationDeadline().toMillis()).start();
        ManagerRole role = new ManagerRole(raft, proposer, id, dir, tracker, keys, tls, registry);
        role.probe.start();
        role.dispatcher.start();
        role.orchestrator.start();
        role.feed.start();
        role.visualizer = startVisualizer(id, role, tls);
        events.role = role;
        if (raft.status().isLeader()) {
            role.loops.start();
            role.orchestrator.activate();
        }
        return role;
    }

    /** Raft binds the listen host, unless the user chose the wildcard for the API: then the advertise host. */
    private static String bindHost(NodeIdentity id) {
        String listen = Addresses.host(id.listenAddress());
        return Addresses.isWildcard(listen) ? Addresses.host(id.raftAddress()) : listen;
    }

    @Override
    public ClusterState state() {
        return raft.localState();
    }

    @Override
    public String leaderId() {
        return raft.status().leaderId();
    }

    @Override
    public boolean orchestrating() {
        return orchestrator.isActive();
    }

    @Override
    public ManagerService nodes() {
        return service;
    }

    @Override
    public Admission admission() {
        return admission;
    }

    @Override
    public ServiceOps services() {
        return services;
    }

    @Override
    public Dispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public AssignmentWatch assignments() {
        return assignments;
    }

    @Override
    public StatusIntake statusIntake() {
        return statusIntake;
    }

    @Override
    public void close() {
        if (visualizer != null) {
            visualizer.close();
        }
        feed.close();
        orchestrator.close();
        loops.close();
        dispatcher.close();
        probe.close();
        proposer.close();
        raft.close();
        LOG.info("{}: manager role stopped", raft.peerId());
    }
}
