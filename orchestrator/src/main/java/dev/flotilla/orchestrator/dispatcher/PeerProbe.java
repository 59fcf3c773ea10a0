package dev.flotilla.orchestrator.dispatcher;

import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.client.ApiClient;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.tls.ClientTls;
import dev.flotilla.orchestrator.wire.ApiWire;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How reachable the other managers are from this one: each is asked for its health every 300 ms, with a short
 * deadline (500 ms). "Reachable" in {@code node ls} and the count in the no-leader message come from here.
 */
public final class PeerProbe implements AutoCloseable {
    private static final long PERIOD_MS = 300;
    private static final long FRESH_MS = 1000;
    /** Room for a TLS handshake when a connection has to be made again (a peer restarted, a probe timed out). */
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

    private final String selfId;
    private final Supplier<ClusterState> state;
    private final ClientTls tls;
    private final Map<String, Long> lastOk = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final ExecutorService probes;
    private final long startedAt = System.nanoTime();

    public PeerProbe(String selfId, Supplier<ClusterState> state, ClientTls tls) {
        this.selfId = selfId;
        this.state = state;
        this.tls = tls;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "flotilla-probe-" + selfId));
        this.probes = Executors.newFixedThreadPool(4, r -> daemon(r, "flotilla-probe-call-" + selfId));
    }

    /** Starts probing the other managers every {@link #PERIOD_MS}. */
    public PeerProbe start() {
        timer.scheduleWithFixedDelay(this::round, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void round() {
        for (Node n : state.get().managers()) {
            if (!n.id().equals(selfId)) {
                probes.submit(() -> probe(n));
            }
        }
    }

    private void probe(Node n) {
        try {
            ApiWire.Health h = new ApiClient(List.of(n.description().apiAddress()), tls, null, PROBE_TIMEOUT)
                    .get("/v1/health", ApiWire.Health.class);
            if (n.id().equals(h.nodeId())) {
                lastOk.put(n.id(), System.nanoTime());
            }
        } catch (RuntimeException e) {
            // unreachable this round; the timestamp ages out
        }
    }

    /** Whether {@code nodeId} answered recently (this manager always counts itself). */
    public boolean reachable(String nodeId) {
        if (selfId.equals(nodeId)) {
            return true;
        }
        Long t = lastOk.get(nodeId);
        return t != null && (System.nanoTime() - t) / 1_000_000 < FRESH_MS;
    }

    /** True during the first probe round after start, when absence of an answer means nothing yet. */
    public boolean warmingUp() {
        return (System.nanoTime() - startedAt) / 1_000_000 < PERIOD_MS * 2;
    }

    public long reachableCount(List<String> nodeIds) {
        return nodeIds.stream().filter(this::reachable).count();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        probes.shutdownNow();
    }
}
