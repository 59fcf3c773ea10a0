package dev.flotilla.orchestrator.agent;

import dev.flotilla.orchestrator.runtime.ContainerRuntime;
import dev.flotilla.orchestrator.runtime.OwnedContainer;
import dev.flotilla.orchestrator.runtime.RuntimeFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's engine calls, off its converging thread: at most one operation per task at a time (the task is busy
 * meanwhile) and one removal per container; each wakes the agent when it ends. Threads are made when work comes.
 */
final class AgentWorkers {
    private static final Logger LOG = LoggerFactory.getLogger(AgentWorkers.class);
    private final String nodeId;
    private final Runnable done;
    private final ThreadPoolExecutor pool;
    private final Set<String> discarding = ConcurrentHashMap.newKeySet();

    AgentWorkers(String nodeId, int threads, Runnable done) {
        this.nodeId = nodeId;
        this.done = done;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000),
                r -> {
                    Thread t = new Thread(r, "flotilla-agent-" + nodeId + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Runs one step of a task's lifecycle; the task is busy until it ends. */
    void submit(LocalTask l, Runnable step) {
        l.busy = true;
        try {
            pool.execute(() -> {
                try {
                    step.run();
                } finally {
                    l.busy = false;
                    done.run();
                }
            });
        } catch (RejectedExecutionException e) {
            l.busy = false;
        }
    }

    /** Removes a container, unless its removal is already under way. */
    void discard(String containerId, Runnable removal) {
        if (!discarding.add(containerId)) {
            return;
        }
        try {
            pool.execute(() -> {
                try {
                    removal.run();
                } finally {
                    discarding.remove(containerId);
                    done.run();
                }
            });
        } catch (RejectedExecutionException e) {
            discarding.remove(containerId);
        }
    }

    /** Stops and removes every container of the node, in parallel, for at most {@code bound}. */
    void removeAll(ContainerRuntime runtime, TaskRunner runner, Duration bound) {
        List<Future<?>> pending = new ArrayList<>();
        try {
            for (OwnedContainer c : runtime.listOwned(nodeId)) {
                pending.add(pool.submit(() -> runner.discard(c.containerId(), c.taskId(), Duration.ofSeconds(10))));
            }
            long deadline = System.nanoTime() + bound.toNanos();
            for (Future<?> f : pending) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            LOG.atInfo().addKeyValue("node", nodeId).addKeyValue("containers", pending.size())
                    .log("the node left the cluster: its containers were removed");
        } catch (RuntimeFailure f) {
            LOG.atWarn().addKeyValue("node", nodeId).log("cannot list this node's containers to remove them: "
                    + f.getMessage());
        } catch (TimeoutException | ExecutionException e) {
            LOG.atWarn().addKeyValue("node", nodeId).log("some containers of the node that left may remain: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RejectedExecutionException e) {
            LOG.atWarn().addKeyValue("node", nodeId).log("the agent is already stopping; containers remain");
        }
    }

    void close() {
        pool.shutdownNow();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
