package dev.flotilla.orchestrator.control;

import dev.flotilla.orchestrator.api.Availability;
import dev.flotilla.orchestrator.api.Labels;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.dispatcher.PeerProbe;
import dev.flotilla.orchestrator.pki.CertificateAuthority;
import dev.flotilla.orchestrator.security.ClusterKey;
import dev.flotilla.orchestrator.security.JoinToken;
import dev.flotilla.orchestrator.security.Secrets;
import dev.flotilla.orchestrator.spec.GoDuration;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.state.Result;
import dev.flotilla.orchestrator.store.ClusterStore;
import dev.flotilla.orchestrator.store.Membership;
import dev.flotilla.orchestrator.store.RaftEndpoint;
import dev.flotilla.orchestrator.store.RaftStatus;
import dev.flotilla.orchestrator.store.Unavailable;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ApiWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The manager's cluster operations behind the HTTP API: linearizable reads, validated writes through the
 * {@link ClusterStore}, membership changes. Every failure is an {@link ApiProblem} with a message for the user; a lost
 * quorum becomes the no-leader message.
 */
public final class ManagerService {
    private static final Logger LOG = LoggerFactory.getLogger(ManagerService.class);
    private final String selfId;
    private final String version;
    private final ClusterStore store;
    private final Membership members;
    private final PeerProbe probe;
    private final Supplier<Optional<ClusterKey>> clusterKey;
    private final CertificateIssuer certificates;

    public ManagerService(String version, ClusterStore store, Membership members, PeerProbe probe,
                          Supplier<Optional<ClusterKey>> clusterKey) {
        this(version, store, members, probe, clusterKey, Optional::empty);
    }

    /** @param authority the cluster CA with its key, when this manager holds it */
    public ManagerService(String version, ClusterStore store, Membership members, PeerProbe probe,
                          Supplier<Optional<ClusterKey>> clusterKey, Supplier<Optional<CertificateAuthority>> authority) {
        this.clusterKey = clusterKey;
        this.certificates = new CertificateIssuer(store.selfId(), authority, () -> store.local().ca(),
                () -> store.local().settings().certExpiry());
        this.selfId = store.selfId();
        this.version = version;
        this.store = store;
        this.members = members;
        this.probe = probe;
    }

    public ClusterStore store() {
        return store;
    }

    /** The managers' cluster key, when this manager holds it (it gets it at join, or with its first heartbeat). */
    public Optional<ClusterKey> clusterKey() {
        return clusterKey.get();
    }

    public CertificateIssuer certificates() {
        return certificates;
    }

    /** A node renews its certificate (before expiry, or after a role change): issued for its role in the state. */
    public ApiWire.IssuedCertificate renewCertificate(String nodeId, ApiWire.CertificateRequest req) {
        Node n = read().node(nodeId);
        if (n == null) {
            throw ApiProblem.notFound("node " + nodeId + " is not in the cluster");
        }
        if (req == null || req.certificateRequest() == null) {
            throw ApiProblem.badRequest("a renewal needs a certificate request");
        }
        return certificates.renew(n, req.certificateRequest());
    }

    /** {@code flotilla update --cert-expiry}: certificates issued and renewed from now on are valid this long. */
    public ApiWire.Message setCertExpiry(ApiWire.CertExpiry req) {
        Duration d;
        try {
            d = GoDuration.parse("--cert-expiry", req == null ? null : req.certExpiry());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        write(new Command.SetCertExpiry(d.toMillis(), now()));
        return new ApiWire.Message("Node certificates are now issued for " + GoDuration.format(d) + "; nodes pick it up"
                + " at their next renewal.");
    }

    public Membership members() {
        return members;
    }

    /** Linearizable read of the whole state. */
    public ClusterState read() {
        try {
            return store.read();
        } catch (Unavailable u) {
            throw unavailable(u);
        }
    }

    /** Replicates a command and returns its (successful) result. */
    public Result write(Command c) {
        try {
            return NodeViews.check(store.propose(c));
        } catch (Unavailable u) {
            ApiProblem p = unavailable(u);
            throw "NOT_A_MANAGER".equals(p.code()) ? p : QuorumMessages.writeOutcomeUnknown(p);
        }
    }

    ApiProblem unavailable(Unavailable u) {
        RaftStatus st = store.status();
        List<String> voters = st.voters().stream().map(RaftEndpoint::id).toList();
        if (!voters.isEmpty() && !voters.contains(selfId)) {
            // demoted a moment ago, before this daemon dropped its manager role: the client asks another manager
            return new ApiProblem(ApiProblem.Kind.FORBIDDEN, "NOT_A_MANAGER", "this node (" + selfId + ") is no"
                    + " longer a manager; run the command against one of the managers (flotilla node ls)");
        }
        if (voters.isEmpty()) {
            voters = store.local().managers().stream().map(Node::id).toList();
        }
        long reachable = probe.reachableCount(voters);
        LOG.info("{}: operation unavailable ({} of {} managers reachable): {}", selfId, reachable, voters.size(), u.getMessage());
        if (reachable > voters.size() / 2) {
            return u.leaderKnown() ? QuorumMessages.leaderSilent(st.leaderId(), u.getMessage())
                    : QuorumMessages.electing(reachable, voters.size());
        }
        return QuorumMessages.noLeader(reachable, Math.max(1, voters.size()));
    }

    /**
     * The state a write resolves names against: this manager's applied state, without a Raft round trip. The write
     * itself is validated again when applied, so a name resolved on a slightly older state cannot do harm; if the
     * state is not loaded yet the call waits for a linearizable read instead.
     */
    private ClusterState local() {
        ClusterState s = store.local();
        return s.isInitialized() ? s : read();
    }

    public List<ApiWire.NodeView> nodes() {
        return NodeViews.nodes(read(), store.status(), probe, selfId);
    }

    public ApiWire.NodeView node(String ref) {
        ClusterState s = read();
        return NodeViews.node(s, NodeViews.resolve(s, ref, selfId), store.status(), probe, selfId);
    }

    private ApiWire.NodeView fresh(String nodeId) {
        ClusterState s = store.local();
        Node n = s.node(nodeId);
        return n == null ? null : NodeViews.node(s, n, store.status(), probe, selfId);
    }

    public ApiWire.NodeView update(String ref, ApiWire.NodeUpdate u) {
        Node n = NodeViews.resolve(local(), ref, selfId);
        write(updateCommand(n, u.availability(), u.labelAdd(), u.labelRm()));
        return fresh(n.id());
    }

    /**
     * Several updates as one log entry; each is checked and applied on its own, and a bad one does not stop the
     * others. Returns one outcome per item, in order.
     */
    public List<ApiWire.UpdateOutcome> updateMany(ApiWire.NodeUpdates request) {
        if (request.updates().isEmpty() || request.updates().size() > 1000) {
            throw ApiProblem.badRequest("send between 1 and 1000 updates, got " + request.updates().size());
        }
        ClusterState s = local();
        List<ApiWire.UpdateOutcome> out = new ArrayList<>();
        List<Command> commands = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        for (ApiWire.NodeUpdateItem item : request.updates()) {
            try {
                Node n = NodeViews.resolve(s, item.node(), selfId);
                commands.add(updateCommand(n, item.availability(), item.labelAdd(), item.labelRm()));
                slots.add(out.size());
                out.add(new ApiWire.UpdateOutcome(item.node(), n.id(), null));
            } catch (ApiProblem p) {
                out.add(new ApiWire.UpdateOutcome(item.node(), null, p.getMessage()));
            }
        }
        if (!commands.isEmpty()) {
            Result r = write(new Command.Batch(commands));
            for (int i = 0; i < slots.size() && i < r.items().size(); i++) {
                Result item = r.items().get(i);
                if (!item.ok()) {
                    ApiWire.UpdateOutcome o = out.get(slots.get(i));
                    out.set(slots.get(i), new ApiWire.UpdateOutcome(o.node(), null, item.message()));
                }
            }
        }
        return out;
    }

    private static Command updateCommand(Node n, String availabilityWord, List<String> labelAdd, List<String> labelRm) {
        Availability availability = availabilityWord == null || availabilityWord.isBlank() ? null
                : parse(() -> Availability.parse(availabilityWord));
        Map<String, String> add = new LinkedHashMap<>();
        for (String l : labelAdd) {
            Map.Entry<String, String> e = parse(() -> Labels.parse(l));
            add.put(e.getKey(), e.getValue());
        }
        List<String> rm = new ArrayList<>();
        for (String k : labelRm) {
            String key = parse(() -> Labels.checkKey(k));
            if (!n.labels().containsKey(key)) {
                throw ApiProblem.conflict("node " + n.hostname() + " has no label " + key + " to remove; its labels: "
                        + (n.labels().isEmpty() ? "none" : String.join(", ", n.labels().keySet())));
            }
            rm.add(key);
        }
        return new Command.UpdateNodeSpec(n.id(), availability, add, rm, now());
    }

    private static <T> T parse(Supplier<T> s) {
        try {
            return s.get();
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
    }

    public ApiWire.RoleChange promote(String ref) {
        ClusterState s = read();
        Node n = NodeViews.resolve(s, ref, selfId);
        if (n.isManager()) {
            return new ApiWire.RoleChange(fresh(n.id()), "Node " + n.hostname() + " is already a manager.", null);
        }
        write(new Command.SetNodeRole(n.id(), NodeRole.MANAGER, now()));
        long managers = s.managerCount() + 1;
        String warning = managers % 2 == 0 ? QuorumMessages.evenManagers(managers) : null;
        return new ApiWire.RoleChange(fresh(n.id()), "Node " + n.hostname() + " promoted to a manager in the cluster.", warning);
    }

    public ApiWire.RoleChange demote(String ref) {
        ClusterState s = read();
        Node n = NodeViews.resolve(s, ref, selfId);
        if (!n.isManager()) {
            return new ApiWire.RoleChange(fresh(n.id()), "Node " + n.hostname() + " is already a worker.", null);
        }
        requireQuorumWithout(n);
        write(new Command.SetNodeRole(n.id(), NodeRole.WORKER, now()));
        leaveRaft(n.id());
        return new ApiWire.RoleChange(fresh(n.id()), "Manager " + n.hostname() + " demoted in the cluster.", null);
    }

    /** Refuses a change that would leave fewer reachable voters than a majority of the remaining group. */
    private void requireQuorumWithout(Node n) {
        List<String> remaining = store.status().voters().stream().map(RaftEndpoint::id).filter(id -> !id.equals(n.id())).toList();
        if (remaining.isEmpty()) {
            return;
        }
        long reachable = probe.reachableCount(remaining);
        if (reachable <= remaining.size() / 2) {
            throw ApiProblem.conflict("demoting " + n.hostname() + " would leave the cluster without a quorum: only "
                    + reachable + " of the " + remaining.size() + " remaining managers are reachable. Bring the other"
                    + " managers back first");
        }
    }

    /** Takes a (demoted) member out of the Raft group; the leader's loop finishes the job if this fails now. */
    private void leaveRaft(String nodeId) {
        try {
            RaftStatus st = store.status();
            if (nodeId.equals(st.leaderId())) {
                String heir = st.voters().stream().map(RaftEndpoint::id)
                        .filter(id -> !id.equals(nodeId) && probe.reachable(id)).findFirst().orElse(null);
                if (heir != null) {
                    members.transferLeadership(heir, Duration.ofSeconds(3));
                }
            }
            members.removeVoter(nodeId);
        } catch (Unavailable u) {
            LOG.warn("{}: could not remove {} from the Raft group yet ({}); the leader retries", selfId, nodeId, u.getMessage());
        }
    }

    public ApiWire.Message remove(String ref, boolean force) {
        Node n = NodeViews.resolve(local(), ref, selfId);
        write(new Command.RemoveNode(n.id(), force, now()));
        return new ApiWire.Message(n.id());
    }

    public ApiWire.TokenReply rotate(String roleWord) {
        NodeRole role = role(roleWord);
        ClusterState s = read();
        JoinToken token = JoinToken.generate(s.fingerprint());
        write(new Command.RotateJoinToken(role, token.secretHash(), now()));
        return new ApiWire.TokenReply(role.name().toLowerCase(), token.toString());
    }

    /** Whether a token the administrator kept is still the current one for its role. */
    public ApiWire.TokenValid checkToken(String roleWord, ApiWire.TokenCheck check) {
        NodeRole role = role(roleWord);
        ClusterState s = read();
        try {
            JoinToken t = JoinToken.parse(check.token());
            boolean secret = Secrets.sameHash(s.tokens().forRole(role), t.secretHash());
            boolean fingerprint = t.fingerprint().equals(s.fingerprint());
            return new ApiWire.TokenValid(secret && fingerprint,
                    secret && !fingerprint ? new JoinToken(s.fingerprint(), t.secret()).toString() : "");
        } catch (IllegalArgumentException e) {
            return new ApiWire.TokenValid(false);
        }
    }

    static NodeRole role(String word) {
        return switch (word == null ? "" : word) {
            case "worker" -> NodeRole.WORKER;
            case "manager" -> NodeRole.MANAGER;
            default -> throw ApiProblem.badRequest("unknown role '" + word + "': use worker or manager");
        };
    }

    /** Adds the calling manager (already a manager in the state) to the Raft group. */
    public ApiWire.Message raftJoin(String nodeId, ApiWire.RaftJoin join) {
        ClusterState s = read();
        Node n = s.node(nodeId);
        if (n == null || !n.isManager()) {
            throw ApiProblem.conflict("node " + nodeId + " is not a manager; promote it first (flotilla node promote)");
        }
        try {
            members.addVoter(new RaftEndpoint(nodeId, join.raftAddress()));
        } catch (Unavailable u) {
            throw unavailable(u);
        }
        return new ApiWire.Message("added " + nodeId + " to the Raft group");
    }

    public ApiWire.Message nodeLeft(String nodeId) {
        write(new Command.SetNodeStatus(nodeId, NodeStatus.DOWN,
                dev.flotilla.orchestrator.dispatcher.Dispatcher.LEFT, now()));
        return new ApiWire.Message("ok");
    }

    public ApiWire.Info info() {
        ClusterState s = read();
        RaftStatus st = store.status();
        Map<String, Object> raftInfo = new LinkedHashMap<>(members.tuning());
        raftInfo.put("term", st.term());
        raftInfo.put("commitIndex", st.commitIndex());
        raftInfo.put("voters", st.voters().size());
        Node self = s.node(selfId);
        List<String> addresses = s.managers().stream().map(m -> m.description().apiAddress()).toList();
        return new ApiWire.Info(s.clusterId(), selfId, self == null ? "" : self.description().apiAddress(), true,
                (int) s.managerCount(), s.nodes().size(), st.leaderId(), raftInfo, s.settings().heartbeatPeriodMillis(),
                s.settings().taskHistoryLimit(), addresses, s.createdAt(), version, s.managers().stream()
                .sorted(java.util.Comparator.comparing((Node m) -> !m.id().equals(selfId)))
                .map(m -> m.description().uiAddress()).filter(a -> !a.isEmpty()).map(a -> "https://" + a + "/").toList(),
                s.ca() != null ? s.ca().current().fingerprint()
                        : certificates.authorityIfHeld().map(CertificateAuthority::fingerprint).orElse(""),
                s.nodes().values().stream().map(n -> new ApiWire.CertificateView(n.id(), n.hostname(), n.role(),
                        n.description().certificateNotAfter())).toList(),
                s.ca() == null || !s.ca().rotating() ? "" : "to " + s.ca().next().fingerprint() + ", "
                        + s.caRotationProgress());
    }

    static long now() {
        return System.currentTimeMillis();
    }

    public String selfId() {
        return selfId;
    }
}
