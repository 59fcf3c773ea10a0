package dev.flotilla.orchestrator.agent;

import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.api.TaskStatus;
import dev.flotilla.orchestrator.runtime.ContainerExit;
import dev.flotilla.orchestrator.runtime.ContainerRuntime;
import dev.flotilla.orchestrator.runtime.ContainerState;
import dev.flotilla.orchestrator.runtime.ExitListener;
import dev.flotilla.orchestrator.runtime.OwnedContainer;
import dev.flotilla.orchestrator.runtime.RuntimeFailure;
import dev.flotilla.orchestrator.wire.AgentWire;
import dev.flotilla.orchestrator.wire.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node agent every daemon runs: it follows its node's assignments (a long poll to the managers) and converges
 * the engine to them. It starts what should run, stops (grace period, then kill) what should not, reports every
 * state with its time, and touches only the containers labelled with its own node id. After a restart it first
 * lists those containers and adopts them: a task whose container runs is not started again, and a container whose
 * task the cluster no longer has is stopped and removed. It acts only on assignments it has received, so a node
 * cut off from the managers leaves its containers alone.
 */
public final class NodeAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
    private static final long CONVERGE_TICK_MILLIS = 2000;
    static final long STALE_AFTER_MILLIS = 5000;

    private final AgentSettings settings;
    private final Connector connect;
    private final Runnable imagesChanged;
    private final ManagerLink link;
    private final StatusReporter reporter;
    private final Map<String, LocalTask> locals = new ConcurrentHashMap<>();
    /** For each task, the highest log index of assignments that listed it (views of unknown index left out). */
    private final Map<String, Long> seenAt = new ConcurrentHashMap<>();
    private final Set<String> discarding = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> missingSince = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final Thread poller;
    private final Thread converger;
    private final Object signal = new Object();
    private volatile ContainerRuntime runtime;
    private volatile TaskRunner runner;
    private volatile AutoCloseable exitWatch;
    private volatile AgentWire.Assignments assignments;
    private volatile Map<String, OwnedContainer> owned = Map.of();
    private volatile List<String> images = List.of();
    private volatile boolean adopted;
    private volatile boolean closed;
    private boolean poked;
    private long lastResync;
    private long lastEngineWarning;

    /** Connects to the node's container engine. */
    @FunctionalInterface
    public interface Connector {
        ContainerRuntime connect() throws RuntimeFailure;
    }

    /**
     * @param connect       connects to the engine; retried while it fails, and the node's new tasks are rejected meanwhile
     * @param imagesChanged called (on the agent's thread) when the engine's image list changed, to report it now
     */
    public NodeAgent(AgentSettings settings, Connector connect, Runnable imagesChanged) {
        this.settings = settings;
        this.connect = connect;
        this.imagesChanged = imagesChanged;
        this.link = new ManagerLink(settings.managers(), settings.credential());
        this.reporter = new StatusReporter(settings.nodeId(), link);
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(10_000), r -> {
                    Thread t = new Thread(r, "flotilla-agent-" + settings.nodeId() + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.poller = new Thread(this::pollLoop, "flotilla-agent-poll-" + settings.nodeId());
        this.converger = new Thread(this::convergeLoop, "flotilla-agent-" + settings.nodeId());
        poller.setDaemon(true);
        converger.setDaemon(true);
    }

    /** Starts following the node's assignments and converging the engine to them. */
    public NodeAgent start() {
        reporter.start();
        poller.start();
        converger.start();
        return this;
    }

    /** The image references of the node's engine, as last listed (empty until the engine answers). */
    public List<String> images() {
        return images;
    }

    // ---- assignments

    private void pollLoop() {
        int failures = 0;
        while (!closed) {
            try {
                AgentWire.Assignments current = assignments;
                long asked = System.nanoTime();
                AgentWire.Assignments next = link.poll(current == null ? null : current.digest());
                failures = 0;
                if (current == null || !next.digest().equals(current.digest())) {
                    assignments = next;
                    poke();
                } else if (System.nanoTime() - asked < 1_000_000_000L) {
                    sleep(1000);
                }
            } catch (ApiProblem | IllegalArgumentException e) {
                if (failures++ == 0) {
                    LOG.atInfo().addKeyValue("node", settings.nodeId())
                            .log("assignments not available yet (retrying; containers are left as they are): " + e.getMessage());
                } else if (failures % 30 == 2) {
                    LOG.atWarn().addKeyValue("node", settings.nodeId())
                            .log("cannot get this node's assignments (containers are left as they are): " + e.getMessage());
                }
                sleep(Math.min(3000, 200L * failures));
            } catch (RuntimeException e) {
                LOG.atWarn().addKeyValue("node", settings.nodeId()).setCause(e).log("assignment poll failed");
                sleep(1000);
            }
        }
    }

    // ---- convergence

    private void poke() {
        synchronized (signal) {
            poked = true;
            signal.notifyAll();
        }
    }

    private void convergeLoop() {
        while (!closed) {
            try {
                synchronized (signal) {
                    if (!poked) {
                        signal.wait(CONVERGE_TICK_MILLIS);
                    }
                    poked = false;
                }
                if (ensureRuntime()) {
                    watchExits();
                    resyncIfDue();
                    converge();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.atWarn().addKeyValue("node", settings.nodeId()).setCause(e).log("convergence round failed");
                sleep(1000);
            }
        }
    }

    /** Connects to the engine, then adopts the node's containers before anything else happens. */
    private boolean ensureRuntime() {
        if (runtime != null) {
            return true;
        }
        ContainerRuntime r;
        try {
            r = connect.connect();
        } catch (RuntimeFailure f) {
            engineDown(f.getMessage());
            sleep(3000);
            return false;
        }
        runner = new TaskRunner(settings, r, this::report);
        runtime = r;
        lastResync = 0;
        resyncIfDue();
        return adopted;
    }

    /**
     * The engine does not answer: tasks newly assigned here cannot start, so they are rejected with the reason
     * (and replaced by the cluster, after its restart delay); running containers are left alone.
     */
    private void engineDown(String why) {
        long now = System.currentTimeMillis();
        if (now - lastEngineWarning > 60_000) {
            lastEngineWarning = now;
            LOG.atError().addKeyValue("node", settings.nodeId()).log("the node agent cannot run tasks: " + why);
        }
        AgentWire.Assignments a = assignments;
        if (a == null) {
            return;
        }
        for (Task t : a.tasks()) {
            if (t.isLive() && t.state() == TaskState.ASSIGNED) {
                report(locals.computeIfAbsent(t.id(), LocalTask::new), new TaskStatus(TaskState.REJECTED, now,
                        "rejected", "node " + settings.nodeHostname() + " cannot reach its container engine: " + why,
                        null, ""));
            }
        }
    }

    /** Follows the engine's exit events (again, after the stream broke); until then resyncs catch the exits. */
    private void watchExits() {
        if (exitWatch != null || closed) {
            return;
        }
        try {
            exitWatch = runtime.watchExits(settings.nodeId(), new Exits());
        } catch (RuntimeFailure f) {
            LOG.atWarn().addKeyValue("node", settings.nodeId()).log("cannot follow container exits yet: " + f.getMessage());
            lastResync = 0;
        }
    }

    /** Lists the node's containers and images again: adoption at start, and a safety net for missed events. */
    private void resyncIfDue() {
        long now = System.currentTimeMillis();
        if (now - lastResync < settings.resync().toMillis()) {
            return;
        }
        lastResync = now;
        try {
            Map<String, OwnedContainer> byTask = new HashMap<>();
            for (OwnedContainer c : runtime.listOwned(settings.nodeId())) {
                if (c.taskId() == null) {
                    continue;
                }
                OwnedContainer seen = byTask.putIfAbsent(c.taskId(), c);
                if (seen != null) {
                    LOG.atWarn().addKeyValue("node", settings.nodeId()).addKeyValue("task", c.taskId())
                            .log("two containers for one task; the second is removed");
                    discard(c.containerId(), c.taskId(), Duration.ofSeconds(10));
                    continue;
                }
                LocalTask l = locals.computeIfAbsent(c.taskId(), LocalTask::new);
                if (!l.busy) {
                    l.containerId = c.containerId();
                    l.container = c.state();
                    l.exited = l.exited || c.state().ended();
                }
            }
            owned = byTask;
            List<String> listed = runtime.localImages();
            if (!listed.equals(images)) {
                images = listed;
                imagesChanged.run();
            }
            if (!adopted) {
                adopted = true;
                LOG.atInfo().addKeyValue("node", settings.nodeId()).addKeyValue("containers", byTask.size())
                        .log("agent ready; adopted this node's containers");
            }
        } catch (RuntimeFailure f) {
            LOG.atWarn().addKeyValue("node", settings.nodeId()).log("cannot list this node's containers: " + f.getMessage());
        }
    }

    private void converge() {
        AgentWire.Assignments a = assignments;
        if (a == null || !adopted) {
            return;
        }
        Map<String, Task> tasks = new HashMap<>();
        for (Task t : a.tasks()) {
            tasks.put(t.id(), t);
            if (a.index() > 0) {
                seenAt.merge(t.id(), a.index(), Math::max);
            }
            converge(t, locals.computeIfAbsent(t.id(), LocalTask::new));
        }
        discardStale(tasks, a.index());
    }

    private void converge(Task t, LocalTask l) {
        if (l.busy) {
            return;
        }
        l.advance(t.state());
        TaskState known = l.reported;
        if (known.isTerminal()) {
            return;
        }
        if (!t.isLive()) {
            if (l.hasContainer() && !l.ended()) {
                submit(l, () -> runner.stop(t, l));
            } else {
                report(l, new TaskStatus(TaskState.SHUTDOWN, System.currentTimeMillis(), "shutdown", "", null,
                        l.containerId));
            }
        } else if (l.hasContainer() && l.ended()) {
            submit(l, () -> runner.reportExit(l));
        } else if (known.ordinal() < TaskState.RUNNING.ordinal()) {
            if (l.hasContainer() && l.container == ContainerState.RUNNING) {
                report(l, new TaskStatus(TaskState.RUNNING, System.currentTimeMillis(), "adopted", "", null,
                        l.containerId));
            } else {
                submit(l, () -> runner.launch(t, l, () -> stillWanted(t.id())));
            }
        } else if (!l.hasContainer()) {
            report(l, new TaskStatus(TaskState.FAILED, System.currentTimeMillis(), "failed", "the task's container"
                    + " is gone from node " + settings.nodeHostname() + " (removed outside Flotilla)", null, ""));
        }
    }

    private boolean stillWanted(String taskId) {
        AgentWire.Assignments a = assignments;
        return a != null && a.tasks().stream().anyMatch(t -> t.id().equals(taskId) && t.isLive());
    }

    /**
     * Containers of tasks that are no longer this node's (removed with their service, or never its) are removed.
     * At once when the assignments that lack the task are newer (a higher log index) than the last ones that had
     * it: the cluster removed it. Otherwise only once it has been missing for {@link #STALE_AFTER_MILLIS}: a
     * manager that lags a little behind the one asked before must not cost a container its life.
     */
    private void discardStale(Map<String, Task> tasks, long index) {
        long now = System.currentTimeMillis();
        Set<String> keep = new HashSet<>(tasks.keySet());
        Map<String, String> containers = new HashMap<>();
        owned.values().forEach(c -> containers.put(c.taskId(), c.containerId()));
        locals.values().stream().filter(LocalTask::hasContainer).forEach(l -> containers.put(l.taskId, l.containerId));
        containers.forEach((taskId, containerId) -> {
            if (keep.contains(taskId)) {
                return;
            }
            long since = missingSince.computeIfAbsent(taskId, id -> now);
            LocalTask l = locals.get(taskId);
            boolean removed = index > 0 && index > seenAt.getOrDefault(taskId, Long.MAX_VALUE);
            if ((removed || now - since >= STALE_AFTER_MILLIS) && (l == null || !l.busy)) {
                discard(containerId, taskId, Duration.ofSeconds(10));
            }
        });
        missingSince.keySet().removeIf(id -> keep.contains(id) || !containers.containsKey(id));
        seenAt.keySet().removeIf(id -> !keep.contains(id) && !containers.containsKey(id));
        locals.entrySet().removeIf(e -> !keep.contains(e.getKey()) && !e.getValue().hasContainer() && !e.getValue().busy);
    }

    private void discard(String containerId, String taskId, Duration grace) {
        if (!discarding.add(containerId)) {
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    if (runner.discard(containerId, taskId, grace)) {
                        locals.remove(taskId);
                        missingSince.remove(taskId);
                    }
                    lastResync = 0;
                } finally {
                    discarding.remove(containerId);
                    poke();
                }
            });
        } catch (RejectedExecutionException e) {
            discarding.remove(containerId);
        }
    }

    private void submit(LocalTask l, Runnable step) {
        l.busy = true;
        try {
            workers.execute(() -> {
                try {
                    step.run();
                } finally {
                    l.busy = false;
                    poke();
                }
            });
        } catch (RejectedExecutionException e) {
            l.busy = false;
        }
    }

    private void report(LocalTask l, TaskStatus status) {
        if (l.advance(status.state())) {
            reporter.report(l.taskId, status);
        }
    }

    /** Exit events: mark the task's container ended and converge. */
    private final class Exits implements ExitListener {
        @Override
        public void onExit(ContainerExit exit) {
            if (exit.taskId() == null) {
                return;
            }
            LocalTask l = locals.computeIfAbsent(exit.taskId(), LocalTask::new);
            if (l.containerId == null || l.containerId.equals(exit.containerId())) {
                l.exited = true;
                poke();
            }
        }

        @Override
        public void onStreamBroken(Throwable cause) {
            lastResync = 0;
            exitWatch = null;
            poke();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The node left the cluster: stops and removes every container of this node (as Swarm does on leave), in
     * parallel, for at most {@code bound}.
     */
    public void removeAllContainers(Duration bound) {
        ContainerRuntime r = runtime;
        TaskRunner run = runner;
        if (r == null || run == null) {
            return;
        }
        closed = true;
        List<java.util.concurrent.Future<?>> pending = new java.util.ArrayList<>();
        try {
            for (OwnedContainer c : r.listOwned(settings.nodeId())) {
                pending.add(workers.submit(() -> run.discard(c.containerId(), c.taskId(), Duration.ofSeconds(10))));
            }
            long deadline = System.nanoTime() + bound.toNanos();
            for (java.util.concurrent.Future<?> f : pending) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            LOG.atInfo().addKeyValue("node", settings.nodeId()).addKeyValue("containers", pending.size())
                    .log("the node left the cluster: its containers were removed");
        } catch (RuntimeFailure f) {
            LOG.atWarn().addKeyValue("node", settings.nodeId()).log("cannot list this node's containers to remove them: "
                    + f.getMessage());
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            LOG.atWarn().addKeyValue("node", settings.nodeId()).log("some containers of the node that left may remain: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RejectedExecutionException e) {
            LOG.atWarn().addKeyValue("node", settings.nodeId()).log("the agent is already stopping; containers remain");
        }
    }

    /** Stops following the cluster; the containers keep running and are adopted by the next agent. */
    @Override
    public void close() {
        closed = true;
        poller.interrupt();
        converger.interrupt();
        reporter.close();
        workers.shutdownNow();
        AutoCloseable w = exitWatch;
        if (w != null) {
            try {
                w.close();
            } catch (Exception e) {
                LOG.atDebug().addKeyValue("node", settings.nodeId()).log("closing the exit watch: " + e);
            }
        }
        ContainerRuntime r = runtime;
        if (r != null) {
            r.close();
        }
    }
}
