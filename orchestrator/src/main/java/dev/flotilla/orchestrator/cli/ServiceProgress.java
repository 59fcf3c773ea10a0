package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.api.UpdateStatus;
import dev.flotilla.orchestrator.reconcile.TaskSpecs;
import dev.flotilla.orchestrator.spec.ServiceMode;
import dev.flotilla.orchestrator.wire.ServiceViews;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Follows a service until its tasks match its definition, printing progress the way {@code docker service create}
 * does ("overall progress: 2 out of 3 tasks", one line per slot when its state changes, then "verify: Service
 * converged" once the tasks have stayed up for {@link #STABLE_FOR}). The wait is bounded, and it stops early with
 * the reason when the service cannot get there on its own: a task that no node can take, or a slot whose new tasks
 * keep failing.
 */
final class ServiceProgress {
    /** How long a task may stay pending with the same reason before the wait reports it. */
    static final Duration PENDING_PATIENCE = Duration.ofSeconds(4);
    static final int FAILURES_TO_GIVE_UP = 2;
    /** How long tasks must stay running before the service counts as converged (docker's update monitor default). */
    static final Duration STABLE_FOR = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 300;

    private final PrintWriter out;
    private final Supplier<ServiceViews.Tasks> poll;
    private final Map<String, String> lastLine = new LinkedHashMap<>();
    private int lastRunning = -1;
    private String rolledBack;

    ServiceProgress(PrintWriter out, Supplier<ServiceViews.Tasks> poll) {
        this.out = out;
        this.poll = poll;
    }

    /** What the tasks say about the service's progress. */
    record Status(int running, int desired, boolean converged, String stuck, Map<String, String> slots,
                  Set<String> runningIds, long lastStarted) {
    }

    /** Waits; returns normally once converged, throws a {@link CliError} saying why when it cannot or time is up. */
    void await(Duration timeout, long since) {
        long deadline = System.nanoTime() + timeout.toNanos();
        StabilityCheck verify = new StabilityCheck(STABLE_FOR.toMillis());
        Status s;
        while (true) {
            ServiceViews.Tasks view = poll.get();
            long now = System.currentTimeMillis();
            s = status(view.service(), view.desired(), view.tasks().stream().map(ServiceViews.TaskView::task).toList(),
                    since, now);
            print(s);
            updateStatus(view.service(), since);
            switch (verify.next(s.converged(), s.runningIds(), s.lastStarted(), now)) {
                case WAITING -> out.println("verify: Waiting " + STABLE_FOR.toSeconds()
                        + " seconds to verify that tasks are stable...");
                case FAILURE -> out.println("verify: Detected task failure");
                case STABLE -> {
                    out.println("verify: Service converged");
                    out.flush();
                    if (rolledBack != null) {
                        throw new CliError(ExitCodes.FAILED, "service " + view.service().name() + " was rolled back"
                                + " to its previous definition: " + rolledBack + ". See why with `flotilla service ps "
                                + view.service().name() + "`");
                    }
                    return;
                }
                case NONE -> { }
            }
            out.flush();
            if (s.stuck() != null) {
                throw notConverged(view.service(), s, s.stuck());
            }
            if (System.nanoTime() > deadline) {
                throw notConverged(view.service(), s, "it did not converge within " + timeout.toSeconds() + "s");
            }
            DaemonRunner.sleep(POLL_MILLIS);
        }
    }

    /**
     * Reports what the leader did with this update, as docker does: a rollback by the failure action is printed
     * (the wait goes on for the rolled-back tasks, then fails); a paused update or rollback ends the wait.
     */
    private void updateStatus(Service svc, long since) {
        UpdateStatus u = svc.updateStatus();
        if (u == null || u.startedAt() < since) {
            return;
        }
        if (u.rollingBack() && !u.message().startsWith("manually") && rolledBack == null) {
            rolledBack = u.message();
            out.println("rollback: " + u.message());
        }
        if (u.paused()) {
            out.flush();
            throw new CliError(ExitCodes.FAILED, "service " + svc.name() + (u.rollingBack() ? " rollback" : " update")
                    + " paused: " + u.message() + ". Fix the definition and run `flotilla service update` again, or"
                    + " go back with `flotilla service rollback " + svc.name() + "`");
        }
    }

    private static CliError notConverged(Service svc, Status s, String why) {
        return new CliError(ExitCodes.FAILED, "service " + svc.name() + " is not converged (" + s.running() + " of "
                + s.desired() + " tasks running): " + why + ". The cluster keeps working on it; follow it with"
                + " `flotilla service ps " + svc.name() + "`, or use --detach to return at once");
    }

    private void print(Status s) {
        if (s.running() != lastRunning) {
            out.println("overall progress: " + s.running() + " out of " + s.desired() + " tasks");
            lastRunning = s.running();
        }
        s.slots().forEach((slot, line) -> {
            if (!line.equals(lastLine.get(slot))) {
                out.println(slot + ": " + line);
                lastLine.put(slot, line);
            }
        });
        out.flush();
    }

    /**
     * @param since when the command started: only tasks created since then count as failing attempts
     */
    static Status status(Service svc, int desired, List<Task> tasks, long since, long now) {
        List<Task> live = new ArrayList<>();
        for (Task t : tasks) {
            if (t.isLive()) {
                live.add(t);
            }
        }
        live.sort((a, b) -> a.slot() != b.slot() ? Integer.compare(a.slot(), b.slot()) : a.nodeId().compareTo(b.nodeId()));
        boolean global = svc.spec().mode() == ServiceMode.GLOBAL;
        int running = 0;
        Set<String> runningIds = new HashSet<>();
        long lastStarted = 0;
        Map<String, String> slots = new LinkedHashMap<>();
        String stuck = null;
        // like docker, slots are numbered 1..n in the progress: after a scale down they need not be contiguous
        int ordinal = 0;
        int lastSlot = -1;
        for (Task t : live) {
            if (t.slot() != lastSlot) {
                ordinal++;
                lastSlot = t.slot();
            }
            boolean current = !TaskSpecs.differs(t.spec(), svc.spec());
            if (current && t.state() == TaskState.RUNNING) {
                running++;
                runningIds.add(t.id());
                lastStarted = Math.max(lastStarted, t.status().timestamp());
            }
            String label = global ? t.nodeId().substring(0, Math.min(12, t.nodeId().length())) : ordinal + "/" + desired;
            slots.put(label, current ? t.state().name().toLowerCase(Locale.ROOT) : "waiting for the update");
            if (t.state() == TaskState.PENDING && now - t.status().timestamp() >= PENDING_PATIENCE.toMillis()
                    && stuck == null) {
                stuck = t.name() + " is pending: " + t.status().message();
            }
        }
        stuck = stuck != null ? stuck : failing(tasks, since);
        boolean stopping = tasks.stream().anyMatch(t -> !t.isLive() && !t.state().isTerminal()
                && t.state().ordinal() >= TaskState.ASSIGNED.ordinal());
        boolean converged = running == desired && live.size() == desired && !stopping;
        return new Status(running, desired, converged, stuck, slots, runningIds, lastStarted);
    }

    /** A slot whose tasks created since the command started failed again and again. */
    private static String failing(List<Task> tasks, long since) {
        Map<String, List<Task>> failed = new LinkedHashMap<>();
        for (Task t : tasks) {
            if (t.createdAt() >= since && (t.state() == TaskState.FAILED || t.state() == TaskState.REJECTED)) {
                failed.computeIfAbsent(t.slotKey(), k -> new ArrayList<>()).add(t);
            }
        }
        for (List<Task> f : failed.values()) {
            if (f.size() >= FAILURES_TO_GIVE_UP) {
                Task last = f.stream().max((a, b) -> Long.compare(a.createdAt(), b.createdAt())).orElseThrow();
                return "its tasks keep failing; the last one, " + last.name() + ", was "
                        + last.state().name().toLowerCase(Locale.ROOT) + ": " + last.status().error();
            }
        }
        return null;
    }
}
