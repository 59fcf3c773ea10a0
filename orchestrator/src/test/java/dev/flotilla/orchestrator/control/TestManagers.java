package dev.flotilla.orchestrator.control;

import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.dispatcher.PeerProbe;
import dev.flotilla.orchestrator.pki.CertRole;
import dev.flotilla.orchestrator.runtime.FakeContainerRuntime;
import dev.flotilla.orchestrator.security.ClusterKey;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.store.MemoryStore;
import dev.flotilla.orchestrator.store.TestClusters;
import dev.flotilla.orchestrator.tls.PeerCheck;
import dev.flotilla.orchestrator.tls.TestTls;

import java.util.List;
import java.util.Optional;

/**
 * Clusters for the tests of the manager's operations: {@link TestClusters}' nodes, each reporting the images
 * {@link #IMAGES} (a service is refused when no node has its image), with a fingerprint of the real shape (join
 * tokens generated from it parse), and a {@link ManagerService} over a {@link MemoryStore} whose peer probe was never
 * started: every other manager counts as unreachable, this one as reachable.
 */
public final class TestManagers implements AutoCloseable {
    public static final List<String> IMAGES = List.of("img:1", "img:2");
    public static final String FINGERPRINT = TestTls.FINGERPRINT;

    public final MemoryStore store;
    public final PeerProbe probe;
    public final ManagerService service;
    public final ServiceOps ops;
    /** The managers' cluster key these operations seal secrets with. */
    public final ClusterKey key = ClusterKey.generate();
    /**
     * The manager's engine, asked for registry digests: it knows none until a test says what a registry serves
     * ({@link FakeContainerRuntime#serveDigest}), so images keep their tags, with a warning.
     */
    public final FakeContainerRuntime engine = new FakeContainerRuntime();

    public TestManagers(MemoryStore store) {
        this.store = store;
        this.probe = new PeerProbe(store.selfId(), store::local, TestTls.node(store.selfId(), CertRole.MANAGER)
                .client(PeerCheck.anyNode()));
        this.service = new ManagerService("test-version", store, store, probe, () -> Optional.of(key),
                () -> Optional.of(TestTls.CA));
        this.ops = new ServiceOps(store.selfId(), service::read, service::write, () -> Optional.of(key),
                engine::registryDigest);
    }

    /** Manager m1 and {@code workers}, all with the test images; {@code m1Api} is m1's API address. */
    public static ClusterState clusterAt(String m1Api, String... workers) {
        ClusterState s = TestClusters.of("m1", workers);
        s = new ClusterState(s.clusterId(), FINGERPRINT, s.createdAt(), s.settings(), s.tokens(), s.nodes(),
                s.credentials(), s.services(), s.tasks());
        for (Node n : List.copyOf(s.nodes().values())) {
            var d = n.description().withImages(IMAGES);
            if (n.id().equals("m1")) {
                d = new dev.flotilla.orchestrator.api.NodeDescription(d.hostname(), m1Api, d.raftAddress(),
                        d.version(), d.resources(), d.os(), d.arch(), d.images());
            }
            s = TestClusters.apply(s, new Command.UpdateNodeDescription(n.id(), d, 1));
        }
        return s;
    }

    public static ClusterState cluster(String... workers) {
        return clusterAt("127.0.0.1:4242", workers);
    }

    /** {@code nodes} made managers (in the state only: no Raft group behind them). */
    public static ClusterState promoted(ClusterState s, String... nodes) {
        for (String id : nodes) {
            s = TestClusters.apply(s, new Command.SetNodeRole(id, NodeRole.MANAGER, 1));
        }
        return s;
    }

    @Override
    public void close() {
        probe.close();
    }
}
