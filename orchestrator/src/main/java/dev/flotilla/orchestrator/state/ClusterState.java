package dev.flotilla.orchestrator.state;

import dev.flotilla.orchestrator.api.CaState;
import dev.flotilla.orchestrator.api.ClusterSettings;
import dev.flotilla.orchestrator.api.CredentialRecord;
import dev.flotilla.orchestrator.api.JoinTokenHashes;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The whole replicated cluster state, immutable. Maps are sorted by id so that the JSON snapshot of a given state
 * is always the same bytes on every manager.
 *
 * @param clusterId   empty until {@link Command.InitCluster} (or {@link Command.RestoreCluster}) is applied
 * @param fingerprint the cluster fingerprint that join tokens carry: the hash of the current root CA
 * @param ca          the root CAs once a CA rotation started; null for a cluster that never rotated its CA
 */
public record ClusterState(String clusterId, String fingerprint, long createdAt, ClusterSettings settings,
                           JoinTokenHashes tokens, Map<String, Node> nodes, Map<String, CredentialRecord> credentials,
                           Map<String, Service> services, Map<String, Task> tasks, CaState ca) {

    public static final ClusterState EMPTY = new ClusterState("", "", 0, ClusterSettings.defaults(),
            new JoinTokenHashes("", ""), Map.of(), Map.of(), Map.of(), Map.of());

    public ClusterState {
        clusterId = clusterId == null ? "" : clusterId;
        fingerprint = fingerprint == null ? "" : fingerprint;
        settings = settings == null ? ClusterSettings.defaults() : settings;
        tokens = tokens == null ? new JoinTokenHashes("", "") : tokens;
        nodes = sorted(nodes);
        credentials = sorted(credentials);
        services = sorted(services);
        tasks = sorted(tasks);
    }

    /** A state of a cluster that never rotated its CA. */
    public ClusterState(String clusterId, String fingerprint, long createdAt, ClusterSettings settings,
                        JoinTokenHashes tokens, Map<String, Node> nodes, Map<String, CredentialRecord> credentials,
                        Map<String, Service> services, Map<String, Task> tasks) {
        this(clusterId, fingerprint, createdAt, settings, tokens, nodes, credentials, services, tasks, null);
    }

    /** The class of the read-only views this record makes; a map of that class is already sorted and frozen. */
    private static final Class<?> FROZEN = Collections.unmodifiableSortedMap(new TreeMap<>()).getClass();

    private static <V> Map<String, V> sorted(Map<String, V> m) {
        if (m == null || m.isEmpty()) {
            return Collections.emptySortedMap();
        }
        if (m.getClass() == FROZEN) {
            return m;
        }
        return Collections.unmodifiableSortedMap(new TreeMap<>(m));
    }

    /** Wraps a map the caller just built and gives up: the constructor then keeps it without another copy. */
    private static <V> Map<String, V> frozen(TreeMap<String, V> fresh) {
        return Collections.unmodifiableSortedMap(fresh);
    }

    public boolean isInitialized() {
        return !clusterId.isEmpty();
    }

    public Node node(String id) {
        return nodes.get(id);
    }

    public List<Node> managers() {
        return nodes.values().stream().filter(Node::isManager).toList();
    }

    /** During a CA rotation, the nodes that hold no certificate of the next root yet; empty otherwise. */
    public List<Node> awaitingNextRoot() {
        return CaRules.waitingFor(this);
    }

    /** How far a CA rotation has got: "K of N nodes renewed". */
    public String caRotationProgress() {
        return (nodes.size() - awaitingNextRoot().size()) + " of " + nodes.size() + " nodes renewed";
    }

    public long managerCount() {
        return nodes.values().stream().filter(Node::isManager).count();
    }

    public ClusterState withNodes(UnaryOperator<TreeMap<String, Node>> change) {
        return new ClusterState(clusterId, fingerprint, createdAt, settings, tokens,
                frozen(change.apply(new TreeMap<>(nodes))), credentials, services, tasks, ca);
    }

    public ClusterState withNode(Node node) {
        Objects.requireNonNull(node);
        return withNodes(m -> {
            m.put(node.id(), node);
            return m;
        });
    }

    public ClusterState withCredentials(UnaryOperator<TreeMap<String, CredentialRecord>> change) {
        return new ClusterState(clusterId, fingerprint, createdAt, settings, tokens, nodes,
                frozen(change.apply(new TreeMap<>(credentials))), services, tasks, ca);
    }

    public ClusterState withSettings(ClusterSettings next) {
        return new ClusterState(clusterId, fingerprint, createdAt, next, tokens, nodes, credentials, services, tasks, ca);
    }

    public ClusterState withTokens(JoinTokenHashes t) {
        return new ClusterState(clusterId, fingerprint, createdAt, settings, t, nodes, credentials, services, tasks, ca);
    }

    public ClusterState withServices(UnaryOperator<TreeMap<String, Service>> change) {
        return new ClusterState(clusterId, fingerprint, createdAt, settings, tokens, nodes, credentials,
                frozen(change.apply(new TreeMap<>(services))), tasks, ca);
    }

    /** The root CAs, and the fingerprint join tokens carry (it changes when a CA rotation finishes). */
    public ClusterState withCa(CaState next, String tokenFingerprint) {
        return new ClusterState(clusterId, tokenFingerprint, createdAt, settings, tokens, nodes, credentials, services,
                tasks, next);
    }

    public ClusterState withTasks(UnaryOperator<TreeMap<String, Task>> change) {
        return new ClusterState(clusterId, fingerprint, createdAt, settings, tokens, nodes, credentials, services,
                frozen(change.apply(new TreeMap<>(tasks))), ca);
    }
}
