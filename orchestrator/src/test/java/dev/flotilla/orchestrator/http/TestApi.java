package dev.flotilla.orchestrator.http;

import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.control.Admission;
import dev.flotilla.orchestrator.control.ManagerService;
import dev.flotilla.orchestrator.control.ServiceOps;
import dev.flotilla.orchestrator.control.TestManagers;
import dev.flotilla.orchestrator.dispatcher.AssignmentWatch;
import dev.flotilla.orchestrator.dispatcher.Dispatcher;
import dev.flotilla.orchestrator.dispatcher.HeartbeatTracker;
import dev.flotilla.orchestrator.dispatcher.StatusIntake;
import dev.flotilla.orchestrator.identity.NodeIdentity;
import dev.flotilla.orchestrator.pki.CertRole;
import dev.flotilla.orchestrator.security.Credential;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.store.MemoryStore;
import dev.flotilla.orchestrator.tls.TestTls;
import dev.flotilla.orchestrator.wire.ApiWire;
import dev.flotilla.testkit.Ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Function;

/**
 * A node's API on 127.0.0.1 served by a real {@link ApiServer} and {@link DaemonRoutes}, with the manager side wired
 * as {@code daemon.ManagerRole} wires it, over a {@link MemoryStore} instead of Raft. Node m1 (this node) has the
 * server's address as its API address in the state. Tests may make it a worker ({@link #worker}) or a follower
 * ({@link #orchestrating}, {@link #leaderId}).
 */
public final class TestApi implements NodeApi, ManagerApi, AutoCloseable {
    public final String address;
    public final MemoryStore store;
    public final TestManagers ops;
    public final Admission admission;
    public final Dispatcher dispatcher;
    public final AssignmentWatch assignments;
    public final StatusIntake statusIntake;
    public final NodeIdentity identity;
    public volatile boolean worker;
    public volatile boolean orchestrating = true;
    public volatile String leaderId;
    private final ApiServer server;

    private TestApi(int port, Function<String, ClusterState> state) {
        this.address = "127.0.0.1:" + port;
        this.store = new MemoryStore("m1", state.apply(address));
        this.ops = new TestManagers(store);
        this.admission = new Admission(ops.service);
        this.dispatcher = new Dispatcher(store, store.groupId(), new HeartbeatTracker());
        this.assignments = new AssignmentWatch(store.local());
        this.statusIntake = new StatusIntake(ops.service::write);
        store.onApplied(assignments::update);
        dispatcher.start();
        ClusterState s = store.local();
        this.identity = new NodeIdentity(NodeIdentity.FORMAT, "m1", s.clusterId(), s.fingerprint(), store.groupId(),
                Credential.generate().toString(), NodeRole.MANAGER, "host-m1", address, address, "127.0.0.1:4243",
                List.of(address), List.of(), null, 1);
        try {
            this.server = ApiServer.start("test-api", new InetSocketAddress("127.0.0.1", port),
                    new DaemonRoutes(this).router(), TestTls.node("m1", CertRole.MANAGER).serverContext());
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    /** A manager m1 with workers w1 and w2 (see {@link TestManagers#clusterAt}). */
    public static TestApi start() {
        return start(address -> TestManagers.clusterAt(address, "w1", "w2"));
    }

    /** Serves the state {@code state} builds from this server's address. */
    public static TestApi start(Function<String, ClusterState> state) {
        return new TestApi(Ports.free(), state);
    }

    // NodeApi

    @Override
    public NodeIdentity identity() {
        return worker ? identity.withRole(NodeRole.WORKER) : identity;
    }

    @Override
    public ApiWire.Health health() {
        return new ApiWire.Health("m1", identity.clusterId(), identity().role(), worker ? "NONE" : "LEADER",
                worker ? "" : leaderId(), store.index(), true, 0, 0);
    }

    @Override
    public ApiWire.Message leave(boolean force) {
        throw new UnsupportedOperationException("leave is not part of these tests");
    }

    @Override
    public ManagerApi manager() {
        return worker ? null : this;
    }

    @Override
    public List<X509Certificate> trustedCas() {
        return List.of(TestTls.CA.certificate());
    }

    @Override
    public String certificateRefusal(List<X509Certificate> chain) {
        return TestTls.node("m1", CertRole.MANAGER).refusal(chain);
    }

    @Override
    public ClusterState stateForAccess() {
        return worker ? ClusterState.EMPTY : store.local();
    }

    // ManagerApi

    @Override
    public ClusterState state() {
        return store.local();
    }

    @Override
    public String leaderId() {
        String l = leaderId;
        return l != null ? l : store.status().leaderId();
    }

    @Override
    public boolean orchestrating() {
        return orchestrating;
    }

    @Override
    public ManagerService nodes() {
        return ops.service;
    }

    @Override
    public Admission admission() {
        return admission;
    }

    @Override
    public ServiceOps services() {
        return ops.ops;
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
        if (server != null) {
            server.close();
        }
        dispatcher.close();
        ops.close();
    }
}
