package dev.flotilla.orchestrator.raft;

import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.state.Result;
import dev.flotilla.orchestrator.store.RaftEndpoint;
import dev.flotilla.orchestrator.store.RaftStatus;
import dev.flotilla.orchestrator.store.Rejected;
import dev.flotilla.orchestrator.store.Unavailable;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One manager's member of the Raft group: the Ratis server with its {@link ClusterStateMachine}, and the clients
 * this manager uses to write, to read linearizably and to change membership. Every call is bounded by the
 * configured deadline. Ratis types stay in this package.
 */
public final class RaftManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RaftManager.class);
    private static final Duration ADMIN_DEADLINE = Duration.ofSeconds(15);

    /** How the member starts: a brand-new group of itself, an empty member waiting to be added, or from storage. */
    public enum Start { NEW_GROUP, JOIN, RECOVER }

    private final RaftConfig config;
    private final RaftGroupId groupId;
    private final RaftPeerId self;
    private final ClusterStateMachine stateMachine;
    private final RaftServer server;
    private final Object clientLock = new Object();
    private final Object membershipLock = new Object();
    private static final int MEMBERSHIP_ATTEMPTS = 8;
    private RaftClient client;
    private RaftClient adminClient;
    private List<RaftEndpoint> clientPeers = List.of();

    private RaftManager(RaftConfig config, ClusterStateMachine sm, RaftServer server) {
        this.config = config;
        this.groupId = RaftGroupId.valueOf(config.groupId());
        this.self = RaftPeerId.valueOf(config.peerId());
        this.stateMachine = sm;
        this.server = server;
    }

    /** Starts the member; a corrupt snapshot or log makes this fail with an IOException that says so. */
    public static RaftManager start(RaftConfig config, Start mode, StateEvents events) throws IOException {
        ClusterStateMachine sm = new ClusterStateMachine(events, config.settings().electionTimeoutMax().toMillis());
        RaftGroupId gid = RaftGroupId.valueOf(config.groupId());
        RaftGroup group = switch (mode) {
            case NEW_GROUP -> RaftGroup.valueOf(gid, peer(new RaftEndpoint(config.peerId(), config.address())));
            // a restarted member reads its configuration from its own storage (raft-meta.conf and the log)
            case JOIN, RECOVER -> RaftGroup.valueOf(gid);
        };
        RaftServer server = RaftServer.newBuilder()
                .setParameters(RaftTls.parameters(config.tls(), sm::mayTalk))
                .setServerId(RaftPeerId.valueOf(config.peerId()))
                .setGroup(group)
                .setStateMachine(sm)
                .setProperties(RaftProps.server(config))
                .setOption(RaftStorage.StartupOption.RECOVER)
                .build();
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            closeQuietly(server);
            throw new IOException("the Raft member " + config.peerId() + " could not start on " + config.address()
                    + ": " + rootMessage(e), e);
        }
        LOG.info("{}: Raft member started on {} ({}, group {})", config.peerId(), config.address(), mode, config.groupId());
        return new RaftManager(config, sm, server);
    }

    static RaftPeer peer(RaftEndpoint e) {
        return RaftPeer.newBuilder().setId(e.id()).setAddress(e.address()).build();
    }

    public String peerId() {
        return config.peerId();
    }

    /** The state as applied on this manager, possibly behind the leader: for display and loops, not for decisions. */
    public ClusterState localState() {
        return stateMachine.state();
    }

    /**
     * Replicates a command; returns its result once committed and applied. The retry policy stops retrying at the
     * operation deadline, so a call never lasts longer than the deadline plus one request timeout.
     */
    public Result submit(Command command) throws Rejected, Unavailable {
        Message msg = Message.valueOf(ByteString.copyFrom(Json.bytes(command)));
        try {
            RaftClientReply reply = client().io().send(msg);
            return Json.read(reply.getMessage().getContent().toByteArray(), Result.class);
        } catch (StateMachineException e) {
            Rejected r = rejection(e);
            if (r != null) {
                throw r;
            }
            throw unavailable("write", e);
        } catch (IOException e) {
            throw unavailable("write", e);
        } catch (RuntimeException e) {
            // Ratis's client fails this way when this member has just left the group (demoted)
            throw new Unavailable("write failed on this member: " + rootMessage(e), !status().leaderId().isEmpty(), e);
        }
    }

    /** A linearizable read: waits until this manager has applied everything committed before the call. */
    public ClusterState read() throws Unavailable {
        try {
            client().io().sendReadOnly(ClusterStateMachine.barrierMessage(), self);
            return stateMachine.state();
        } catch (IOException e) {
            throw unavailable("read", e);
        } catch (RuntimeException e) {
            // e.g. "Server <self> not found": this member has just left the group (demoted)
            throw new Unavailable("read failed on this member: " + rootMessage(e), !status().leaderId().isEmpty(), e);
        }
    }

    public RaftStatus status() {
        try {
            RaftServer.Division d = server.getDivision(groupId);
            var info = d.getInfo();
            RaftPeerId leader = info.getLeaderId();
            return new RaftStatus(info.getCurrentRole().name(), leader == null ? "" : leader.toString(),
                    info.getCurrentTerm(), d.getRaftLog().getLastCommittedIndex(), info.getLastAppliedIndex(), voters(d));
        } catch (IOException | RuntimeException e) {
            return new RaftStatus("NONE", "", 0, 0, 0, List.of());
        }
    }

    public boolean isLeader() {
        return status().isLeader();
    }

    private static List<RaftEndpoint> voters(RaftServer.Division d) {
        return d.getRaftConf().getCurrentPeers().stream()
                .map(p -> new RaftEndpoint(p.getId().toString(), p.getAddress())).toList();
    }

    /**
     * Adds a voter; returns once the new member has caught up and the new configuration is committed. Membership
     * changes on this manager run one at a time and each reads the voters inside the lock: two joins at once would
     * otherwise each compute a list without the other's member, and the second would drop the first.
     */
    public void addVoter(RaftEndpoint member) throws Unavailable {
        synchronized (membershipLock) {
            addVoterLocked(member);
        }
    }

    private void addVoterLocked(RaftEndpoint member) throws Unavailable {
        changeVoters("add " + member.id(), current -> {
            if (current.stream().anyMatch(v -> v.id().equals(member.id()) && v.address().equals(member.address()))) {
                return null;
            }
            List<RaftEndpoint> next = new ArrayList<>(current.stream().filter(v -> !v.id().equals(member.id())).toList());
            next.add(member);
            return next;
        });
    }

    /** Removes a voter (the removed member shuts its division down by itself). */
    public void removeVoter(String memberId) throws Unavailable {
        synchronized (membershipLock) {
            changeVoters("remove " + memberId, current -> current.stream().noneMatch(v -> v.id().equals(memberId))
                    ? null : current.stream().filter(v -> !v.id().equals(memberId)).toList());
        }
    }

    /**
     * Compare-and-set on the group's configuration: the leader applies {@code change(current)} only if its voters
     * are still the ones this manager read, so changes sent through different managers at once cannot undo each
     * other; on a mismatch (another change landed first, or this member's view trailed) it reads again and retries.
     * A change that returns null is already done.
     */
    private void changeVoters(String what, java.util.function.UnaryOperator<List<RaftEndpoint>> change)
            throws Unavailable {
        String lastError = "";
        for (int attempt = 1; attempt <= MEMBERSHIP_ATTEMPTS; attempt++) {
            List<RaftEndpoint> current = status().voters();
            List<RaftEndpoint> next = change.apply(current);
            if (next == null) {
                return;
            }
            SetConfigurationRequest.Arguments args = SetConfigurationRequest.Arguments.newBuilder()
                    .setServersInCurrentConf(current.stream().map(RaftManager::peer).toList())
                    .setServersInNewConf(next.stream().map(RaftManager::peer).toList())
                    .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET).build();
            try {
                RaftClientReply reply = adminClient().admin().setConfiguration(args);
                if (reply.isSuccess()) {
                    LOG.info("{}: membership change done: {}", config.peerId(), what);
                    return;
                }
                lastError = String.valueOf(reply.getException());
            } catch (IOException e) {
                lastError = rootMessage(e);
            }
            LOG.info("{}: membership change ({}) not applied on attempt {}: {}", config.peerId(), what, attempt,
                    lastError);
            try {
                Thread.sleep(100L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new Unavailable("membership change (" + what + ") failed after " + MEMBERSHIP_ATTEMPTS + " attempts: "
                + lastError, !status().leaderId().isEmpty(), null);
    }

    /** Asks the leader to hand leadership to {@code target}; bounded by {@code timeout}. */
    public void transferLeadership(String target, Duration timeout) throws Unavailable {
        try {
            adminClient().admin().transferLeadership(RaftPeerId.valueOf(target), timeout.toMillis());
        } catch (IOException e) {
            throw unavailable("leadership transfer to " + target, e);
        }
    }

    private RaftClient client() {
        synchronized (clientLock) {
            refreshClients();
            return client;
        }
    }

    private RaftClient adminClient() {
        synchronized (clientLock) {
            refreshClients();
            return adminClient;
        }
    }

    /** (Re)builds the clients when the voters changed, so they never aim at a stale group. */
    private void refreshClients() {
        List<RaftEndpoint> voters = status().voters();
        if (client != null && voters.equals(clientPeers)) {
            return;
        }
        closeQuietly(client);
        closeQuietly(adminClient);
        RaftGroup group = RaftGroup.valueOf(groupId, voters.stream().map(RaftManager::peer).toList());
        RaftSettings s = config.settings();
        client = RaftClient.newBuilder().setClientId(ClientId.randomId()).setRaftGroup(group)
                .setParameters(RaftTls.parameters(config.tls(), stateMachine::mayTalk))
                .setProperties(RaftProps.client(new RaftProperties(), s.requestTimeout()))
                .setRetryPolicy(RaftProps.retryUntil(s.operationDeadline())).build();
        adminClient = RaftClient.newBuilder().setClientId(ClientId.randomId()).setRaftGroup(group)
                .setParameters(RaftTls.parameters(config.tls(), stateMachine::mayTalk))
                .setProperties(RaftProps.client(new RaftProperties(), ADMIN_DEADLINE.dividedBy(3)))
                .setRetryPolicy(RaftProps.retryUntil(ADMIN_DEADLINE)).build();
        clientPeers = voters;
    }

    private static Rejected rejection(StateMachineException e) {
        String msg = String.valueOf(e.getMessage());
        int at = msg.indexOf(ClusterStateMachine.REJECTED_MARK);
        if (at >= 0) {
            try {
                return new Rejected(Json.read(msg.substring(at + ClusterStateMachine.REJECTED_MARK.length()), Result.class));
            } catch (IOException parse) {
                return new Rejected(Result.rejected(Result.Code.INVALID, msg));
            }
        }
        return null;
    }

    private Unavailable unavailable(String what, IOException e) {
        RaftStatus st = status();
        boolean leaderKnown = !st.leaderId().isEmpty();
        Throwable cause = e instanceof RaftRetryFailureException && e.getCause() != null ? e.getCause() : e;
        return new Unavailable(what + " did not complete within " + config.settings().operationDeadline().toMillis()
                + "ms (" + (leaderKnown ? "leader " + st.leaderId() + " did not answer" : "no leader") + "): "
                + rootMessage(cause), leaderKnown, e);
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c == t ? String.valueOf(t.getMessage()) : t.getMessage() + " <- " + c.getMessage();
    }

    @Override
    public void close() {
        synchronized (clientLock) {
            closeQuietly(client);
            closeQuietly(adminClient);
            client = null;
        }
        closeQuietly(server);
        LOG.info("{}: Raft member stopped", config.peerId());
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
        }
    }

    @Override
    public String toString() {
        return "RaftManager[" + config.peerId() + "@" + config.address() + "]";
    }

    public RaftConfig config() {
        return config;
    }
}
