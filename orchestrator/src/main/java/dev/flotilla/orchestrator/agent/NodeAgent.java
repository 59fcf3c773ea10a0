package dev.flotilla.orchestrator.agent;

import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.api.TaskStatus;
import dev.flotilla.orchestrator.runtime.ContainerHealth;
import dev.flotilla.orchestrator.runtime.ContainerRuntime;
import dev.flotilla.orchestrator.runtime.OwnedContainer;
import dev.flotilla.orchestrator.runtime.RuntimeFailure;
import dev.flotilla.orchestrator.wire.AgentWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The node agent every daemon runs: it follows its node's assignments ({@link AssignmentPoller}) and converges the
 * engine to them, one {@link Convergence#decide decision} per task and round. It starts what should run, stops
 * (grace period, then kill) what should not, reports every state with its time, and touches only the containers
 * labelled with its own node id. After a restart it first lists those containers and adopts them: a task whose
 * container runs is not started again, and a container whose task the cluster no longer has is removed
 * ({@link StaleContainers}). It acts only on assignments it has received, so a node cut off from the managers
 * leaves its containers alone. A container with a health check counts as running once the engine says it is
 * healthy (a {@code health_status} event, or a listing); an unhealthy one is stopped and its task fails.
 */
public final class NodeAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
    private static final long CONVERGE_TICK_MILLIS = 2000;
    static final long STALE_AFTER_MILLIS = 5000;

    private final AgentSettings settings;
    private final Connector connect;
    private final Runnable imagesChanged;
    private final StatusReporter reporter;
    private final AssignmentPoller poller;
    private final AgentWorkers workers;
    private final Map<String, LocalTask> locals = new ConcurrentHashMap<>();
    private final StaleContainers stale = new StaleContainers(STALE_AFTER_MILLIS);
    private final Inventory inventory = new Inventory();
    private final EngineOutage outage;
    private final AtomicLong rounds = new AtomicLong();
    private final Object signal = new Object();
    private volatile ContainerRuntime runtime;
    private volatile TaskRunner runner;
    private volatile AutoCloseable exitWatch;
    private volatile boolean adopted;
    private volatile boolean closed;
    private volatile long lastResync;
    private Thread converger;
    private boolean poked;

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
        this(settings, new ManagerLink(settings.managers(), settings.tls()), connect, imagesChanged);
    }

    NodeAgent(AgentSettings settings, ManagerChannel link, Connector connect, Runnable imagesChanged) {
        this.settings = settings;
        this.connect = connect;
        this.imagesChanged = imagesChanged;
        this.reporter = new StatusReporter(settings.nodeId(), link);
        this.poller = new AssignmentPoller(settings.nodeId(), link, this::poke);
        this.workers = new AgentWorkers(settings.nodeId(), settings.workers(), this::poke);
        this.outage = new EngineOutage(settings.nodeId(), settings.nodeHostname());
    }

    /** Starts following the node's assignments and converging the engine to them. */
    public synchronized NodeAgent start() {
        if (converger == null) {
            reporter.start();
            poller.start();
            converger = new Thread(this::convergeLoop, "flotilla-agent-" + settings.nodeId());
            converger.setDaemon(true);
            converger.start();
        }
        return this;
    }

    /** The image references of the node's engine, as last listed (empty until the engine answers). */
    public List<String> images() {
        return inventory.images();
    }

    /**
     * The node's engine, once the agent is connected to it: a manager asks it for registry digests. Empty while the
     * engine does not answer.
     */
    public java.util.Optional<ContainerRuntime> engine() {
        return java.util.Optional.ofNullable(closed ? null : runtime);
    }

    /** How many convergence rounds ran since the agent adopted its containers: a probe for tests. */
    public long rounds() {
        return rounds.get();
    }

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
                AgentWorkers.sleep(1000);
            }
        }
    }

    /** Connects to the engine, then adopts the node's containers before anything else happens. */
    private boolean ensureRuntime() {
        if (runtime != null) {
            return true;
        }
        try {
            ContainerRuntime r = connect.connect();
            runner = new TaskRunner(settings, r, this::report);
            runtime = r;
        } catch (RuntimeFailure f) {
            AgentWire.Assignments a = poller.latest();
            outage.reject(f.getMessage(), a == null ? List.of() : a.tasks(), System.currentTimeMillis(),
                    (id, status) -> report(local(id), status));
            AgentWorkers.sleep(3000);
            return false;
        }
        lastResync = 0;
        resyncIfDue();
        return adopted;
    }

    /** Follows the engine's exit events (again, after the stream broke); until then resyncs catch the exits. */
    private void watchExits() {
        if (exitWatch != null || closed) {
            return;
        }
        try {
            exitWatch = runtime.watchExits(settings.nodeId(), new ExitEvents(this::local, this::poke, () -> {
                lastResync = 0;
                exitWatch = null;
            }));
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
            Inventory.Listing listing = Inventory.list(runtime, settings.nodeId());
            for (OwnedContainer dup : listing.duplicates()) {
                LOG.atWarn().addKeyValue("node", settings.nodeId()).addKeyValue("task", dup.taskId())
                        .log("two containers for one task; the second is removed");
                discard(dup.containerId(), dup.taskId());
            }
            listing.byTask().values().forEach(c -> local(c.taskId()).found(c.containerId(), c.state(), c.health()));
            if (inventory.update(listing)) {
                imagesChanged.run();
            }
            if (!adopted) {
                adopted = true;
                LOG.atInfo().addKeyValue("node", settings.nodeId()).addKeyValue("containers", listing.byTask().size())
                        .log("agent ready; adopted this node's containers");
            }
        } catch (RuntimeFailure f) {
            LOG.atWarn().addKeyValue("node", settings.nodeId()).log("cannot list this node's containers: " + f.getMessage());
        }
    }

    private void converge() {
        AgentWire.Assignments a = poller.latest();
        if (a == null || !adopted) {
            return;
        }
        for (Task t : a.tasks()) {
            converge(t, local(t.id()));
        }
        Map<String, String> containers = new HashMap<>();
        inventory.owned().values().forEach(c -> containers.put(c.taskId(), c.containerId()));
        locals.values().stream().filter(LocalTask::hasContainer).forEach(l -> containers.put(l.taskId, l.containerId));
        Set<String> assigned = a.tasks().stream().map(Task::id).collect(Collectors.toSet());
        for (String taskId : stale.round(assigned, a.index(), containers, id -> locals.getOrDefault(id, LocalTask.NONE).busy, System.currentTimeMillis())) {
            discard(containers.get(taskId), taskId);
        }
        locals.entrySet().removeIf(e -> !assigned.contains(e.getKey()) && !e.getValue().hasContainer()
                && !e.getValue().busy);
        rounds.incrementAndGet();
    }

    private void converge(Task t, LocalTask l) {
        l.advance(t.state());
        long now = System.currentTimeMillis();
        switch (Convergence.decide(t.state(), t.isLive(), l.view())) {
            case STOP -> workers.submit(l, () -> runner.stop(t, l));
            case REPORT_SHUTDOWN -> report(l, new TaskStatus(TaskState.SHUTDOWN, now, "shutdown", "", null, l.containerId));
            case REPORT_EXIT -> workers.submit(l, () -> runner.reportExit(l));
            case REPORT_RUNNING -> report(l, new TaskStatus(TaskState.RUNNING, now,
                    l.health == ContainerHealth.HEALTHY ? "healthy" : "adopted", "", null, l.containerId));
            case REPORT_STARTING -> report(l, new TaskStatus(TaskState.STARTING, now, "starting: waiting for the"
                    + " health check to pass", "", null, l.containerId));
            case STOP_UNHEALTHY -> workers.submit(l, () -> runner.failUnhealthy(t, l));
            case LAUNCH -> workers.submit(l, () -> runner.launch(t, l, () -> poller.stillWanted(t.id()),
                    poller.registryAuth(t.serviceId())));
            case REPORT_GONE -> report(l, new TaskStatus(TaskState.FAILED, now, "failed", "the task's container is gone"
                    + " from node " + settings.nodeHostname() + " (removed outside Flotilla)", null, ""));
            case NONE -> {
            }
        }
    }

    private LocalTask local(String taskId) {
        return locals.computeIfAbsent(taskId, LocalTask::new);
    }

    private void discard(String containerId, String taskId) {
        workers.discard(containerId, () -> {
            if (runner.discard(containerId, taskId, Duration.ofSeconds(10))) {
                locals.remove(taskId);
                stale.forget(taskId);
            }
            lastResync = 0;
        });
    }

    private void report(LocalTask l, TaskStatus status) {
        if (l.advance(status.state())) {
            reporter.report(l.taskId, status);
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
        workers.removeAll(r, run, bound);
    }

    /** Stops following the cluster; the containers keep running and are adopted by the next agent. */
    @Override
    public void close() {
        closed = true;
        poller.close();
        synchronized (this) {
            if (converger != null) {
                converger.interrupt();
            }
        }
        reporter.close();
        workers.close();
        for (AutoCloseable c : new AutoCloseable[] {exitWatch, runtime}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                LOG.atDebug().addKeyValue("node", settings.nodeId()).log("closing the engine connection: " + e);
            }
        }
    }
}
