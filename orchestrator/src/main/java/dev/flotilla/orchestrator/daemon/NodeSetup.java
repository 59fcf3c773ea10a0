package dev.flotilla.orchestrator.daemon;

import dev.flotilla.orchestrator.api.Availability;
import dev.flotilla.orchestrator.api.ClusterSettings;
import dev.flotilla.orchestrator.api.CredentialKind;
import dev.flotilla.orchestrator.api.JoinTokenHashes;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.client.ApiClient;
import dev.flotilla.orchestrator.identity.DaemonTuning;
import dev.flotilla.orchestrator.identity.DataDir;
import dev.flotilla.orchestrator.identity.DataDirException;
import dev.flotilla.orchestrator.identity.LocalNode;
import dev.flotilla.orchestrator.identity.NodeIdentity;
import dev.flotilla.orchestrator.pki.CertRole;
import dev.flotilla.orchestrator.pki.CertificateAuthority;
import dev.flotilla.orchestrator.pki.NodeKeys;
import dev.flotilla.orchestrator.pki.Pem;
import dev.flotilla.orchestrator.security.ClusterKey;
import dev.flotilla.orchestrator.security.Credential;
import dev.flotilla.orchestrator.security.JoinToken;
import dev.flotilla.orchestrator.security.Secrets;

import dev.flotilla.orchestrator.spec.Addresses;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.store.RaftEndpoint;
import dev.flotilla.orchestrator.tls.ClientTls;
import dev.flotilla.orchestrator.tls.PeerCheck;
import dev.flotilla.orchestrator.wire.ApiWire;

import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Prepares a data directory for a new node before its daemon starts: {@code init} creates a cluster's identities,
 * tokens and credentials and leaves the first command in {@code bootstrap.json}; {@code join} asks a manager to
 * admit the node and stores what it answers. The daemon then runs from the directory alone.
 */
public final class NodeSetup {
    private NodeSetup() {
    }

    /** What {@code init} hands back to print and to keep: the tokens and the administrator's credential. */
    public record Initialized(NodeIdentity identity, Credential admin, JoinToken workerToken, JoinToken managerToken,
                              X509Certificate caCertificate) {
    }

    public static Initialized init(NodeOptions o) throws DataDirException, IOException {
        return init(o, ClusterSettings.DEFAULT_CERT_EXPIRY);
    }

    /** @param certExpiry how long node certificates are valid ({@code --cert-expiry}) */
    public static Initialized init(NodeOptions o, Duration certExpiry) throws DataDirException, IOException {
        DataDir dir = new DataDir(o.dataDir());
        dir.requireFreshForNewNode("init");
        NodeOptions.Resolved r = o.resolve();
        String clusterId = Secrets.newId();
        String nodeId = Secrets.newId();
        CertificateAuthority ca = CertificateAuthority.create(clusterId, Instant.now());
        String fingerprint = JoinToken.fingerprintOf(ca.certificate());
        JoinToken worker = JoinToken.generate(fingerprint);
        JoinToken manager = JoinToken.generate(fingerprint);
        Credential admin = Credential.generate();
        Credential nodeCred = Credential.generate();
        long now = System.currentTimeMillis();
        DaemonTuning tuning = o.tuning() == null ? DaemonTuning.defaults() : o.tuning();
        NodeIdentity id = new NodeIdentity(NodeIdentity.FORMAT, nodeId, clusterId, fingerprint, UUID.randomUUID().toString(),
                nodeCred.toString(), NodeRole.MANAGER, r.hostname(), r.apiAddress(), r.listenAddress(), r.raftAddress(),
                List.of(r.apiAddress()), List.of(new RaftEndpoint(nodeId, r.raftAddress())), tuning, now);
        Node first = new Node(nodeId, NodeRole.MANAGER, Availability.ACTIVE, NodeStatus.READY, "", Map.of(),
                LocalNode.describe(id), now, now, now);
        ClusterSettings settings = (o.heartbeatMillis() == null ? ClusterSettings.defaults()
                : new ClusterSettings(o.heartbeatMillis(), 3, 5)).withCertExpiry(certExpiry);
        Command init = new Command.InitCluster(clusterId, fingerprint, now, settings,
                new JoinTokenHashes(worker.secretHash(), manager.secretHash()), first,
                List.of(admin.record(CredentialKind.ADMIN, "", now), nodeCred.record(CredentialKind.NODE, nodeId, now)));
        dir.writeBootstrap(init);
        dir.saveClusterKey(ClusterKey.generate());
        KeyPair keys = NodeKeys.generate();
        X509Certificate cert = ca.issue(NodeKeys.request(keys), nodeId, CertRole.MANAGER, certificateHosts(r),
                certExpiry, Instant.now());
        dir.tls().saveIdentity(keys.getPrivate(), List.of(cert), List.of(ca.certificate()));
        dir.tls().saveCaKey(ca.key());
        dir.save(id);
        return new Initialized(id, admin, worker, manager, ca.certificate());
    }

    /** The names a node's certificate carries: the hosts of its advertise, Raft and (unless wildcard) listen addresses. */
    static List<String> certificateHosts(NodeOptions.Resolved r) {
        List<String> hosts = new java.util.ArrayList<>();
        for (String a : List.of(r.apiAddress(), r.raftAddress(), r.listenAddress())) {
            String h = Addresses.host(a);
            if (!h.isEmpty() && !h.equals("0.0.0.0") && !h.equals("::") && !hosts.contains(h)) {
                hosts.add(h);
            }
        }
        return hosts;
    }

    /** Asks {@code managers} to admit this node with {@code token}; stores the identity it receives. */
    public static NodeIdentity join(NodeOptions o, String token, List<String> managers) throws DataDirException, IOException {
        JoinToken parsed = JoinToken.parse(token);
        DataDir dir = new DataDir(o.dataDir());
        dir.requireFreshForNewNode("join");
        NodeOptions.Resolved r = o.resolve();
        DaemonTuning tuning = o.tuning() == null ? DaemonTuning.defaults() : o.tuning();
        NodeIdentity draft = new NodeIdentity(NodeIdentity.FORMAT, "joining", "", "", "", "", NodeRole.WORKER,
                r.hostname(), r.apiAddress(), r.listenAddress(), r.raftAddress(), managers, List.of(), tuning, 0);
        List<String> targets = managers.stream().map(m -> Addresses.withDefaultPort(m, NodeOptions.DEFAULT_API_PORT)).toList();
        List<X509Certificate> cas = CaPinning.fetch(targets, parsed);
        KeyPair keys = NodeKeys.generate();
        ApiWire.JoinReply reply = new ApiClient(targets, ClientTls.trusting(cas, PeerCheck.manager()), null,
                Duration.ofSeconds(10)).post("/v1/join", new ApiWire.JoinRequest(token.trim(), LocalNode.describe(draft),
                NodeKeys.request(keys)), ApiWire.JoinReply.class);
        List<X509Certificate> chain = Pem.certificates(reply.certificate());
        X509Certificate cert = chain.get(0);
        if (!cert.getPublicKey().equals(keys.getPublic())) {
            throw new IOException("the manager answered the join with a certificate for another key; join again");
        }
        NodeIdentity id = new NodeIdentity(NodeIdentity.FORMAT, reply.nodeId(), reply.clusterId(), reply.fingerprint(),
                reply.raftGroupId(), reply.credential(), reply.role(), r.hostname(), r.apiAddress(), r.listenAddress(),
                r.raftAddress(), reply.managers().isEmpty() ? targets : reply.managers(),
                reply.voters().stream().map(v -> new RaftEndpoint(v.id(), v.address())).toList(), tuning,
                System.currentTimeMillis());
        if (reply.clusterKey() != null && !reply.clusterKey().isEmpty()) {
            dir.saveClusterKey(ClusterKey.decode(reply.clusterKey()));
        }
        dir.tls().saveIdentity(keys.getPrivate(), chain, cas);
        if (reply.caKey() != null && !reply.caKey().isEmpty()) {
            dir.tls().saveCaKey(Pem.privateKey(reply.caKey()));
        }
        dir.save(id);
        return id;
    }
}
