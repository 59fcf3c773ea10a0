package dev.flotilla.orchestrator.agent;

import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.api.TaskStatus;
import dev.flotilla.orchestrator.runtime.ContainerHealth;
import dev.flotilla.orchestrator.runtime.ContainerRuntime;
import dev.flotilla.orchestrator.runtime.ContainerState;
import dev.flotilla.orchestrator.runtime.ContainerStatus;
import dev.flotilla.orchestrator.runtime.LaunchPlanner;
import dev.flotilla.orchestrator.runtime.PreparedContainer;
import dev.flotilla.orchestrator.runtime.RegistryAuth;
import dev.flotilla.orchestrator.runtime.RuntimeFailure;
import dev.flotilla.orchestrator.runtime.TaskLaunch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The container steps of one task, each reporting the state it reaches: launch (PREPARING, STARTING, RUNNING, or
 * REJECTED / FAILED with the reason; a container with a health check stays STARTING until it is healthy), stop
 * (SHUTDOWN, after the grace period the engine kills), the report of an exit (COMPLETE, or FAILED with the exit
 * code), and the stop of an unhealthy container (FAILED). A missing image is pulled while the task is PREPARING; a
 * registry's refusal rejects the task with the registry's words, as {@code service ps} shows them.
 */
final class TaskRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    /** Receives each new status of a task. */
    interface Reports {
        void report(LocalTask local, TaskStatus status);
    }

    private final AgentSettings settings;
    private final ContainerRuntime runtime;
    private final Reports reports;

    TaskRunner(AgentSettings settings, ContainerRuntime runtime, Reports reports) {
        this.settings = settings;
        this.runtime = runtime;
        this.reports = reports;
    }

    /**
     * Pulls the image when the node lacks it (with {@code auth}, the service's registry credential, or none), then
     * creates and starts the task's container; {@code stillWanted} is asked again right before starting.
     */
    void launch(Task t, LocalTask local, BooleanSupplier stillWanted, RegistryAuth auth) {
        try {
            report(local, TaskStatus.of(TaskState.PREPARING, now(), "preparing"));
            runtime.pullIfMissing(t.spec().image(), auth, settings.nodeHostname());
            TaskLaunch launch = LaunchPlanner.plan(t.spec(), t.serviceId(), t.id(), t.slot(), t.hostname(),
                    new LaunchPlanner.Node(settings.nodeId(), settings.nodeHostname(), settings.advertiseHost()),
                    settings.extraLabels());
            PreparedContainer c = runtime.create(launch);
            local.containerId = c.containerId();
            local.container = ContainerState.CREATED;
            report(local, new TaskStatus(TaskState.STARTING, now(), "starting", "", null, c.containerId()));
            if (!stillWanted.getAsBoolean()) {
                return;
            }
            runtime.start(c.containerId());
            if (!local.exited) {
                local.container = ContainerState.RUNNING;
            }
            started(t, local, c);
        } catch (RuntimeFailure f) {
            TaskState state = f.kind() == RuntimeFailure.Kind.REJECTED ? TaskState.REJECTED : TaskState.FAILED;
            LOG.atWarn().addKeyValue("node", settings.nodeId()).addKeyValue("task", t.id())
                    .addKeyValue("service", t.serviceName()).log("task " + state.display().toLowerCase() + ": "
                            + f.getMessage());
            report(local, new TaskStatus(state, now(), state == TaskState.REJECTED ? "rejected" : "failed",
                    f.getMessage(), null, local.containerId));
        }
    }

    /**
     * The container was started: RUNNING unless it has a health check, in which case the task stays STARTING until
     * the engine says it is healthy (an inspect that fails leaves it there until the next listing says).
     */
    private void started(Task t, LocalTask local, PreparedContainer c) {
        ContainerHealth health;
        try {
            health = runtime.inspect(c.containerId()).map(ContainerStatus::health).orElse(ContainerHealth.NONE);
        } catch (RuntimeFailure f) {
            health = ContainerHealth.STARTING;
            LOG.atWarn().addKeyValue("node", settings.nodeId()).addKeyValue("task", t.id())
                    .log("cannot inspect the started container; it counts as running once a listing shows it: "
                            + f.getMessage());
        }
        local.health = health;
        boolean waits = health == ContainerHealth.STARTING || health == ContainerHealth.UNHEALTHY;
        if (!waits) {
            report(local, new TaskStatus(TaskState.RUNNING, now(), "started", "", null, c.containerId()));
        }
        LOG.atInfo().addKeyValue("node", settings.nodeId()).addKeyValue("task", t.id())
                .addKeyValue("service", t.serviceName()).addKeyValue("container", shortId(c.containerId()))
                .addKeyValue("hostname", c.hostname())
                .log(waits ? "task started; it counts as running once its health check passes" : "task running");
    }

    /** Stops the container (SIGTERM, then SIGKILL after the grace period) and reports SHUTDOWN. */
    void stop(Task t, LocalTask local) {
        Integer exit = null;
        try {
            if (local.hasContainer() && !local.ended()) {
                runtime.stop(local.containerId, graceOf(t));
            }
            if (local.hasContainer()) {
                Optional<ContainerStatus> st = runtime.inspect(local.containerId);
                exit = st.filter(s -> s.state().ended()).map(ContainerStatus::exitCode).orElse(null);
                local.container = st.map(ContainerStatus::state).orElse(ContainerState.DEAD);
            }
            local.exited = local.hasContainer();
            report(local, new TaskStatus(TaskState.SHUTDOWN, now(), "shutdown", "", exit, local.containerId));
            LOG.atInfo().addKeyValue("node", settings.nodeId()).addKeyValue("task", t.id())
                    .addKeyValue("service", t.serviceName()).log("task stopped");
        } catch (RuntimeFailure f) {
            LOG.atWarn().addKeyValue("node", settings.nodeId()).addKeyValue("task", t.id())
                    .log("stopping the task failed (retried on the next round): " + f.getMessage());
        }
    }

    /**
     * The container's health check failed: stop it (grace period, then kill), as Swarm does, and report FAILED with
     * the exit code and the last check's words, so the orchestrator replaces the task under the restart policy.
     */
    void failUnhealthy(Task t, LocalTask local) {
        try {
            String lastCheck = runtime.inspect(local.containerId).map(ContainerStatus::healthLog).orElse("");
            runtime.stop(local.containerId, graceOf(t));
            Optional<ContainerStatus> st = runtime.inspect(local.containerId);
            Integer exit = st.filter(s -> s.state().ended()).map(ContainerStatus::exitCode).orElse(null);
            local.container = st.map(ContainerStatus::state).orElse(ContainerState.DEAD);
            local.exited = true;
            String error = "task: non-zero exit (" + (exit == null ? "?" : exit) + "): unhealthy container"
                    + (lastCheck.isEmpty() ? "" : " (last health check: " + lastCheck + ")");
            report(local, new TaskStatus(TaskState.FAILED, now(), "unhealthy", error, exit, local.containerId));
            LOG.atWarn().addKeyValue("node", settings.nodeId()).addKeyValue("task", t.id())
                    .addKeyValue("service", t.serviceName()).log("task failed its health check and was stopped: "
                            + error);
        } catch (RuntimeFailure f) {
            LOG.atWarn().addKeyValue("node", settings.nodeId()).addKeyValue("task", t.id())
                    .log("stopping the unhealthy task failed (retried on the next round): " + f.getMessage());
        }
    }

    /** The container ended on its own: COMPLETE for exit 0, else FAILED with the code, as {@code service ps} shows. */
    void reportExit(LocalTask local) {
        try {
            Optional<ContainerStatus> st = runtime.inspect(local.containerId);
            if (st.isEmpty()) {
                report(local, new TaskStatus(TaskState.FAILED, now(), "failed", "the task's container "
                        + shortId(local.containerId) + " was removed outside Flotilla", null, local.containerId));
                return;
            }
            ContainerStatus s = st.get();
            if (!s.state().ended()) {
                local.exited = false;
                local.container = s.state();
                return;
            }
            local.container = s.state();
            if (s.exitCode() == 0) {
                report(local, new TaskStatus(TaskState.COMPLETE, now(), "finished", "", 0, local.containerId));
            } else {
                String error = "task: non-zero exit (" + s.exitCode() + ")" + (s.oomKilled() ? ": out of memory"
                        : "") + (s.error().isEmpty() ? "" : ": " + s.error());
                report(local, new TaskStatus(TaskState.FAILED, now(), "failed", error, s.exitCode(), local.containerId));
            }
        } catch (RuntimeFailure f) {
            LOG.atWarn().addKeyValue("node", settings.nodeId()).addKeyValue("task", local.taskId)
                    .log("could not inspect the ended container: " + f.getMessage());
        }
    }

    /** A container whose task the cluster no longer has: stop it and remove it. */
    boolean discard(String containerId, String taskId, Duration grace) {
        try {
            runtime.stop(containerId, grace);
            runtime.remove(containerId);
            LOG.atInfo().addKeyValue("node", settings.nodeId()).addKeyValue("task", taskId)
                    .addKeyValue("container", shortId(containerId)).log("removed the container of a task the cluster"
                            + " no longer has");
            return true;
        } catch (RuntimeFailure f) {
            LOG.atWarn().addKeyValue("node", settings.nodeId()).addKeyValue("container", shortId(containerId))
                    .log("could not remove a stale container (retried later): " + f.getMessage());
            return false;
        }
    }

    private void report(LocalTask local, TaskStatus status) {
        reports.report(local, status);
    }

    static Duration graceOf(Task t) {
        return t.spec().stopGracePeriod();
    }

    static String shortId(String id) {
        return id == null ? "" : id.substring(0, Math.min(12, id.length()));
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
