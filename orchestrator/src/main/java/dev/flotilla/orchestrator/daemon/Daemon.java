package dev.flotilla.orchestrator.daemon;

import dev.flotilla.orchestrator.agent.HeartbeatSender;
import dev.flotilla.orchestrator.agent.NodeAgent;
import dev.flotilla.orchestrator.runtime.ContainerRuntime;
import dev.flotilla.orchestrator.runtime.RegistryAuth;
import dev.flotilla.orchestrator.runtime.RuntimeFailure;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.client.ApiClient;
import dev.flotilla.orchestrator.dispatcher.HeartbeatTracker;
import dev.flotilla.orchestrator.http.ApiServer;
import dev.flotilla.orchestrator.http.DaemonRoutes;
import dev.flotilla.orchestrator.http.NodeApi;
import dev.flotilla.orchestrator.identity.DataDir;
import dev.flotilla.orchestrator.identity.DataDirException;
import dev.flotilla.orchestrator.identity.LocalNode;
import dev.flotilla.orchestrator.identity.NodeIdentity;
import dev.flotilla.orchestrator.raft.RaftManager;
import dev.flotilla.orchestrator.spec.Addresses;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.store.RaftEndpoint;
import dev.flotilla.orchestrator.store.RaftStatus;
import dev.flotilla.orchestrator.tls.ClientTls;
import dev.flotilla.orchestrator.tls.NodeTls;
import dev.flotilla.orchestrator.tls.PeerCheck;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ApiWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A running node: its API, its heartbeats, and (while it is a manager) its {@link ManagerRole}. It reconciles
 * itself with what the leader says on every heartbeat reply: a promoted node starts a Raft member and asks to be
 * added; a demoted one stops its member once it has left the group.
 */
public final class Daemon implements NodeApi, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private final DataDir dir;
    private final ClusterKeys keys;
    private final NodeTls tls;
    private final CertificateRenewal renewal;
    private final AutoCloseable lock;
    private final HeartbeatTracker tracker = new HeartbeatTracker();
    private final Object roleLock = new Object();
    private final java.util.concurrent.ExecutorService identityWrites = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "flotilla-identity");
                t.setDaemon(true);
                return t;
            });
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile NodeIdentity id;
    private volatile ManagerRole manager;
    private ApiServer api;
    private volatile NodeAgent agent;
    private volatile HeartbeatSender heartbeats;
    private volatile long raftJoinRequestedAt;
    private volatile boolean closing;

    private Daemon(DataDir dir, AutoCloseable lock, NodeIdentity id, NodeTls tls) {
        this.dir = dir;
        this.keys = new ClusterKeys(dir, id.nodeId());
        this.tls = tls;
        this.renewal = new CertificateRenewal(id.nodeId(), dir.tls(), tls, this::managersTls, this::heartbeatTargets);
        this.lock = lock;
        this.id = id;
    }

    /** Starts the node stored in {@code dir}; every problem with the directory is a {@link DataDirException}. */
    public static Daemon start(DataDir dir) throws DataDirException, IOException {
        AutoCloseable lock = dir.lock();
        Daemon d;
        try {
            NodeIdentity identity = dir.load();
            d = new Daemon(dir, lock, identity, dir.tls().load());
            Files.writeString(dir.pidFile(), Long.toString(ProcessHandle.current().pid()));
            d.boot();
        } catch (DataDirException | IOException | RuntimeException e) {
            closeQuietly(lock);
            throw e;
        }
        return d;
    }

    private void boot() throws IOException, DataDirException {
        NodeIdentity me = id;
        LOG.info("{}: starting node {} ({}) of cluster {} as {}; API {} (listening on {}), Raft {}", me.nodeId(),
                me.nodeId(), me.hostname(), me.clusterId(), me.role(), me.apiAddress(), me.listenAddress(), me.raftAddress());
        if (me.role() == NodeRole.MANAGER) {
            startManager();
        }
        api = ApiServer.start(me.nodeId(), Addresses.socket(me.listenAddress()), new DaemonRoutes(this).router(),
                tls.serverContext());
        api.addContext("/ui", ManagerRole.visualizer("/ui/", () -> manager));
        agent = AgentLauncher.start(me, managersTls(), this::heartbeatTargets, () -> {
            HeartbeatSender h = heartbeats;
            if (h != null) {
                h.beat();
            }
        });
        heartbeats = new HeartbeatSender(me.nodeId(), managersTls(), 1000, this::heartbeatTargets,
                () -> LocalNode.describe(id).withImages(agent.images())
                        .withCertificate(tls.identity().notAfter().toEpochMilli(), renewal.issuer()), this::onHeartbeat,
                this::onRefused).start();
    }

    private final RemovalWatch removal = new RemovalWatch();

    private void onRefused(ApiProblem p) {
        switch (removal.refused(System.currentTimeMillis())) {
            case LOG -> LOG.error("{}: the cluster refused this node's heartbeat: {}", id.nodeId(), p.getMessage());
            case QUIET -> { }
            case REMOVED -> {
                LOG.error("{}: this node was removed from the cluster (flotilla node rm): its heartbeats have been"
                        + " refused for {} s. Its tasks run elsewhere now, so it stops and removes its containers and"
                        + " leaves; its identity is kept in {}/archive. To take part again: flotilla join --data-dir {}"
                        + " --token TOKEN MANAGER", id.nodeId(), RemovalWatch.REMOVED_AFTER_MILLIS / 1000, dir.root(),
                        dir.root());
                markLeft();
                Thread t = new Thread(this::close, "removed-from-cluster");
                t.setDaemon(false);
                t.start();
            }
        }
    }

    private void startManager() throws IOException, DataDirException {
        NodeIdentity me = id;
        RaftManager.Start mode = dir.hasRaftStorage(me.raftGroupId()) ? RaftManager.Start.RECOVER
                : dir.bootstrap().isPresent() ? RaftManager.Start.NEW_GROUP : RaftManager.Start.JOIN;
        String group = me.raftGroupId();
        manager = ManagerRole.start(me, dir, keys, tls, mode, tracker, voters -> votersChanged(group, voters),
                this::registryDigest);
    }

    /** Asks a registry for a tag's digest through this node's engine, the one its agent is connected to. */
    private String registryDigest(String reference, RegistryAuth auth) throws RuntimeFailure {
        NodeAgent a = agent;
        ContainerRuntime engine = a == null ? null : a.engine().orElse(null);
        if (engine == null) {
            throw RuntimeFailure.rejected("the Docker engine of manager " + id.hostname() + " does not answer");
        }
        return engine.registryDigest(reference, auth);
    }

    @Override
    public NodeIdentity identity() {
        return id;
    }

    @Override
    public ManagerRole manager() {
        return manager;
    }

    @Override
    public java.util.List<java.security.cert.X509Certificate> trustedCas() {
        return tls.trusted();
    }

    @Override
    public String certificateRefusal(java.util.List<java.security.cert.X509Certificate> chain) {
        return tls.refusal(chain);
    }

    /** How this node calls managers: mutual TLS with its certificate, trusting only managers of its cluster's CA. */
    ClientTls managersTls() {
        return tls.client(PeerCheck.manager());
    }

    DataDir dataDir() {
        return dir;
    }

    private List<String> heartbeatTargets() {
        ManagerRole m = manager;
        if (m != null && m.state().isInitialized()) {
            return m.state().managers().stream().map(n -> n.description().apiAddress()).toList();
        }
        return id.managers().isEmpty() ? List.of(id.apiAddress()) : id.managers();
    }

    /**
     * Ratis reports a configuration on its apply thread. The identity is written on another thread: the heartbeat
     * thread may hold {@code roleLock} while it stops this very Raft member (a demotion, or a move to the group a
     * {@code --force-new-cluster} made), and stopping waits for the apply thread, so waiting for the lock here would
     * deadlock. A report that arrives after the node moved to another group is dropped.
     */
    private void votersChanged(String group, List<RaftEndpoint> voters) {
        try {
            identityWrites.execute(() -> {
                synchronized (roleLock) {
                    if (group.equals(id.raftGroupId()) && !voters.equals(id.voters())) {
                        persist(id.withVoters(voters));
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("{}: stopping; voters not saved", id.nodeId());
        }
    }

    /** Brings this node in line with the leader's view: managers list, role, Raft membership. */
    private void onHeartbeat(ApiWire.HeartbeatReply r) {
        removal.accepted();
        synchronized (roleLock) {
            if (closing) {
                return;
            }
            NodeIdentity next = id.withManagers(r.managers());
            keys.received(r.clusterKey());
            keys.receivedCaKey(r.caKey());
            try {
                renewal.trust(r.trustedCas());
            } catch (IOException | IllegalArgumentException e) {
                LOG.error("{}: could not keep the root CAs the leader named: {}", id.nodeId(), e.getMessage());
            }
            boolean member = r.voters().stream().anyMatch(v -> v.id().equals(id.nodeId()));
            // a demoted manager keeps its manager certificate until it has left the Raft group (it may hand over):
            // no renewal meanwhile, since the managers would issue it a worker certificate its Raft peers refuse
            boolean handingOver = manager != null && member && r.role() != NodeRole.MANAGER;
            if (!handingOver && !renewal.ensure(r.role(), r.certificateIssuer())) {
                LOG.info("{}: waiting for a {} certificate before changing role", id.nodeId(), r.role());
                return;
            }
            try {
                if (r.role() == NodeRole.MANAGER) {
                    next = becomeManager(next, r, member);
                } else if (manager != null && !member) {
                    stopManager("demoted");
                    next = next.withRole(NodeRole.WORKER);
                } else if (manager == null) {
                    next = next.withRole(NodeRole.WORKER);
                }
            } catch (IOException | DataDirException | RuntimeException e) {
                LOG.error("{}: could not change role to {}: {}", id.nodeId(), r.role(), e.getMessage());
            }
            if (!next.equals(id)) {
                persist(next);
            }
        }
    }

    private NodeIdentity becomeManager(NodeIdentity next, ApiWire.HeartbeatReply r, boolean member)
            throws IOException, DataDirException {
        if (!r.raftGroupId().equals(next.raftGroupId())) {
            LOG.warn("{}: the cluster now runs Raft group {} (was {}): archiving the old Raft data and rejoining",
                    next.nodeId(), r.raftGroupId(), next.raftGroupId());
            stopManager("old-group-" + next.raftGroupId());
            next = next.withGroup(r.raftGroupId(), List.of());
        }
        next = next.withRole(NodeRole.MANAGER);
        if (manager == null) {
            persist(next);
            LOG.info("{}: this node is now a manager: starting its Raft member", next.nodeId());
            startManager();
        }
        if (!member && System.nanoTime() - raftJoinRequestedAt > 5_000_000_000L) {
            raftJoinRequestedAt = System.nanoTime();
            requestRaftJoin(r.leaderApi());
        }
        return next;
    }

    /** Asks a manager (the leader first, never this node) to add this node's Raft member as a voter. */
    private void requestRaftJoin(String leaderApi) {
        NodeIdentity me = id;
        List<String> targets = new java.util.ArrayList<>();
        if (leaderApi != null && !leaderApi.isEmpty() && !leaderApi.equals(me.apiAddress())) {
            targets.add(leaderApi);
        }
        me.managers().stream().filter(a -> !a.equals(me.apiAddress()) && !targets.contains(a)).forEach(targets::add);
        if (targets.isEmpty()) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                new ApiClient(targets, managersTls(), null, java.time.Duration.ofSeconds(20))
                        .post("/v1/raft/members", new ApiWire.RaftJoin(me.raftAddress()), ApiWire.Message.class);
                LOG.info("{}: added to the Raft group", me.nodeId());
            } catch (ApiProblem p) {
                LOG.warn("{}: could not join the Raft group yet: {}", me.nodeId(), p.getMessage());
                raftJoinRequestedAt = 0;
            }
        }, "flotilla-raft-join-" + me.nodeId());
        t.setDaemon(true);
        t.start();
    }

    private void stopManager(String why) throws IOException {
        ManagerRole m = manager;
        if (m == null) {
            return;
        }
        manager = null;
        m.close();
        java.nio.file.Path moved = dir.archive("raft", why);
        LOG.info("{}: no longer a manager ({}); its Raft data was moved to {}", id.nodeId(), why, moved);
    }

    private void persist(NodeIdentity next) {
        id = next;
        try {
            dir.save(next);
        } catch (IOException e) {
            LOG.error("{}: could not save {}: {}", next.nodeId(), dir.root().resolve("node.json"), e.getMessage());
        }
    }

    @Override
    public ApiWire.Health health() {
        ManagerRole m = manager;
        NodeIdentity me = id;
        NodeAgent a = agent;
        long rounds = a == null ? 0 : a.rounds();
        if (m == null) {
            return new ApiWire.Health(me.nodeId(), me.clusterId(), me.role(), "NONE", "", 0, true, 0, rounds);
        }
        RaftStatus st = m.raft.status();
        return new ApiWire.Health(me.nodeId(), me.clusterId(), NodeRole.MANAGER, st.role(), st.leaderId(),
                st.appliedIndex(), m.state().isInitialized(), m.orchestrator.passes(), rounds);
    }

    /** {@code flotilla leave}: leaves the cluster (a manager only with force), then stops and archives its data. */
    @Override
    public ApiWire.Message leave(boolean force) {
        NodeIdentity me = id;
        ManagerRole m = manager;
        if (m != null && !force) {
            long managers = m.state().managerCount();
            throw ApiProblem.conflict(managers <= 1
                    ? "You are attempting to leave the cluster on a node that is its last manager. Leaving erases the"
                    + " cluster's state on this node and the cluster stops. Use --force to do it anyway"
                    : "You are attempting to leave the cluster on a node that is a manager. Removing it leaves "
                    + (managers - 1) + " managers out of " + managers + "; without a majority of them the cluster"
                    + " cannot be controlled. Demote it first (flotilla node demote " + me.hostname() + "), or use"
                    + " --force to leave anyway");
        }
        heartbeats.close();
        new Leaving(this, me, m).run();
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            close();
        }, "flotilla-leave");
        t.start();
        return new ApiWire.Message("Node left the cluster.");
    }

    /** Archives this node's identity and Raft data after it left (the directory can then join again). */
    void archiveAfterLeave() {
        try {
            dir.archive("raft", "left");
            dir.archive("node.json", "left");
            dir.archive("tls", "left");
        } catch (IOException e) {
            LOG.error("{}: could not archive the data of the node that left: {}", id.nodeId(), e.getMessage());
        }
    }

    @Override
    public ClusterState stateForAccess() {
        ManagerRole m = manager;
        return m == null ? ClusterState.EMPTY : m.state();
    }

    /** Blocks until the daemon stops (SIGTERM, leave). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public boolean awaitStop(long millis) throws InterruptedException {
        return stopped.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        synchronized (roleLock) {
            if (closing) {
                return;
            }
            closing = true;
        }
        LOG.info("{}: stopping", id.nodeId());
        if (agent != null) {
            if (leftCluster) {
                agent.removeAllContainers(java.time.Duration.ofSeconds(30));
            }
            agent.close();
        }
        if (heartbeats != null) {
            heartbeats.close();
        }
        ManagerRole m = manager;
        if (m != null) {
            m.close();
        }
        identityWrites.shutdown();
        if (api != null) {
            api.close();
        }
        if (leftCluster) {
            archiveAfterLeave();
        }
        try {
            Files.deleteIfExists(dir.pidFile());
        } catch (IOException e) {
            LOG.debug("pid file: {}", e.toString());
        }
        closeQuietly(lock);
        stopped.countDown();
        LOG.info("{}: stopped", id.nodeId());
    }

    private volatile boolean leftCluster;

    void markLeft() {
        leftCluster = true;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("close: {}", e.toString());
        }
    }
}
