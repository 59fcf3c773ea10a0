package dev.flotilla.orchestrator.agent;

import dev.flotilla.orchestrator.api.NodeDescription;
import dev.flotilla.orchestrator.client.ApiClient;
import dev.flotilla.orchestrator.tls.ClientTls;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ApiWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The node side of heartbeats: every period (±10 % jitter) reports to the leader, trying the last known leader
 * first and then every manager it knows; a follower's answer names the leader. Each reply goes to a consumer that
 * reconciles the node with what the cluster says it should be.
 */
public final class HeartbeatSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSender.class);
    private static final Duration ATTEMPT = Duration.ofMillis(1500);

    private final String nodeId;
    private final ClientTls tls;
    private final Supplier<List<String>> managers;
    private final Supplier<NodeDescription> description;
    private final Consumer<ApiWire.HeartbeatReply> onReply;
    private final Consumer<ApiProblem> onRefused;
    private Thread thread;
    private volatile long periodMillis;
    private volatile String leader;
    private volatile boolean closed;
    private int failures;

    public HeartbeatSender(String nodeId, ClientTls tls, long initialPeriodMillis, Supplier<List<String>> managers,
                           Supplier<NodeDescription> description, Consumer<ApiWire.HeartbeatReply> onReply,
                           Consumer<ApiProblem> onRefused) {
        this.nodeId = nodeId;
        this.tls = tls;
        this.periodMillis = initialPeriodMillis;
        this.managers = managers;
        this.description = description;
        this.onReply = onReply;
        this.onRefused = onRefused;
    }

    /** Starts sending heartbeats, one per period, from a thread of its own. */
    public synchronized HeartbeatSender start() {
        if (thread == null) {
            thread = new Thread(this::loop, "flotilla-heartbeat-" + nodeId);
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    private void loop() {
        while (!closed) {
            long started = System.nanoTime();
            beat();
            long jitter = (long) (periodMillis * (ThreadLocalRandom.current().nextDouble(0.2) - 0.1));
            long sleep = periodMillis + jitter - (System.nanoTime() - started) / 1_000_000;
            try {
                Thread.sleep(Math.max(50, sleep));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Sends one heartbeat now. */
    public void beat() {
        List<String> targets = new ArrayList<>();
        if (leader != null) {
            targets.add(leader);
        }
        targets.addAll(managers.get());
        if (targets.isEmpty()) {
            return;
        }
        ApiWire.Heartbeat hb = new ApiWire.Heartbeat(description.get());
        try {
            ApiWire.HeartbeatReply reply = send(targets, hb);
            failures = 0;
            periodMillis = Math.max(100, reply.heartbeatPeriodMillis());
            leader = reply.leaderApi();
            onReply.accept(reply);
        } catch (ApiProblem p) {
            if (p.kind() == ApiProblem.Kind.UNAUTHORIZED || p.kind() == ApiProblem.Kind.NOT_FOUND) {
                onRefused.accept(p);
            } else if (failures++ == 0) {
                // one miss is routine (a daemon starting before its first election, a leader change): say it quietly
                LOG.info("{}: heartbeat not taken ({}); retrying", nodeId, p.getMessage());
            } else if (failures % 10 == 2) {
                LOG.warn("{}: heartbeat failed {} times in a row: {}", nodeId, failures, p.getMessage());
            }
            leader = null;
        } catch (RuntimeException e) {
            LOG.warn("{}: heartbeat failed: {}", nodeId, e.toString());
        }
    }

    private ApiWire.HeartbeatReply send(List<String> targets, ApiWire.Heartbeat hb) {
        return new ApiClient(targets, tls, null, ATTEMPT).post("/v1/heartbeat", hb, ApiWire.HeartbeatReply.class);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
