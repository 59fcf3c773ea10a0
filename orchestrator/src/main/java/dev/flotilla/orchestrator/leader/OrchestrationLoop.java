package dev.flotilla.orchestrator.leader;

import dev.flotilla.orchestrator.reconcile.Reconciler;
import dev.flotilla.orchestrator.security.Secrets;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.state.Result;
import dev.flotilla.orchestrator.store.ClusterStore;
import dev.flotilla.orchestrator.store.Unavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The leader's orchestrator: on every state change, and at least every {@link #TICK_MILLIS} (or when a delayed
 * step falls due), it runs one {@link Reconciler} pass over the applied state and proposes the resulting commands
 * as one {@link Command.Batch}. One thread; passes never overlap, and the next pass sees the previous one's batch
 * applied. It only acts while this manager is the leader.
 */
public final class OrchestrationLoop implements AutoCloseable {
    static final long TICK_MILLIS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(OrchestrationLoop.class);

    private final String selfId;
    private final ClusterStore store;
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong wakeups = new AtomicLong();
    private Thread thread;
    private final Object signal = new Object();
    private boolean poked;
    private volatile boolean active;
    private volatile boolean closed;
    private long wakeAt = Long.MAX_VALUE;

    public OrchestrationLoop(ClusterStore store) {
        this.selfId = store.selfId();
        this.store = store;
    }

    /** Starts the loop's thread; it orchestrates once {@link #activate activated}. */
    public synchronized OrchestrationLoop start() {
        if (thread == null) {
            thread = new Thread(this::run, "flotilla-orchestrator-" + selfId);
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    /** How many passes ran (including those with nothing to do): a probe for tests and benchmarks. */
    public long passes() {
        return passes.get();
    }

    /** How many times the loop woke (on a change or its tick) and finished, whether or not it had to act. */
    public long wakeups() {
        return wakeups.get();
    }

    /** This manager became the leader (its state is complete): start orchestrating. */
    public void activate() {
        if (!active) {
            LOG.atInfo().addKeyValue("node", selfId).log("orchestrator active on the leader");
        }
        active = true;
        poke();
    }

    public void deactivate() {
        active = false;
    }

    /** True while this manager is the leader and its state is complete (it orchestrates). */
    public boolean isActive() {
        return active && store.isLeader();
    }

    /** The state changed: run a pass soon. */
    public void poke() {
        synchronized (signal) {
            poked = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (!closed) {
            try {
                awaitWork();
                if (active && store.isLeader()) {
                    pass();
                }
                wakeups.incrementAndGet();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.atWarn().addKeyValue("node", selfId).setCause(e).log("orchestration pass failed; retrying");
                sleepQuietly(1000);
            }
        }
    }

    private void awaitWork() throws InterruptedException {
        synchronized (signal) {
            long timeout = Math.max(1, Math.min(TICK_MILLIS, wakeAt - System.currentTimeMillis()));
            if (!poked) {
                signal.wait(timeout);
            }
            poked = false;
        }
    }

    private void pass() {
        passes.incrementAndGet();
        long now = System.currentTimeMillis();
        Reconciler.Plan plan = Reconciler.plan(store.local(), now, Secrets::newId);
        wakeAt = plan.wakeAt();
        if (plan.commands().isEmpty()) {
            return;
        }
        try {
            Result r = store.propose(new Command.Batch(plan.commands()));
            log(plan, r);
        } catch (Unavailable u) {
            LOG.atWarn().addKeyValue("node", selfId).log("orchestrator could not write its changes: " + u.getMessage());
            sleepQuietly(500);
        }
    }

    private void log(Reconciler.Plan plan, Result r) {
        Map<PlanCounter.Kind, Integer> counts = PlanCounter.count(plan.commands());
        long refused = r.items().stream().filter(i -> !i.ok()).count();
        var event = counts.keySet().equals(java.util.Set.of(PlanCounter.Kind.PENDING)) ? LOG.atDebug() : LOG.atInfo();
        event.addKeyValue("node", selfId).addKeyValue("created", counts.getOrDefault(PlanCounter.Kind.CREATE, 0))
                .addKeyValue("stopped", counts.getOrDefault(PlanCounter.Kind.DESIRE, 0))
                .addKeyValue("placed", counts.getOrDefault(PlanCounter.Kind.ASSIGN, 0))
                .addKeyValue("pending", counts.getOrDefault(PlanCounter.Kind.PENDING, 0))
                .addKeyValue("forgotten", counts.getOrDefault(PlanCounter.Kind.REMOVE, 0))
                .addKeyValue("refused", refused).log("orchestrator pass");
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        active = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
