package dev.flotilla.orchestrator.reconcile;

import dev.flotilla.orchestrator.api.Availability;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.api.UpdateStatus;
import dev.flotilla.orchestrator.spec.RestartSpec;
import dev.flotilla.orchestrator.spec.ServiceMode;
import dev.flotilla.orchestrator.spec.UpdatePolicy;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Brings one service's tasks toward its definition, as a list of intents (see {@link Intents}): tasks that ended
 * or whose node is gone, down, drained or no longer fits are stopped; slots are added or removed to match the
 * replicas (one slot per eligible node for a global service); an emptied slot gets a new task, after the restart
 * delay when its task failed on its own, and only once the old task has stopped while its node is reachable
 * (stop-first, also when draining: a slot never has two running tasks on reachable nodes); tasks of an older definition are replaced a batch at a time (rolling update). Running tasks are
 * never moved for balance.
 */
final class ServiceReconciler {
    /** The tasks of one slot (a replica number, or a node for a global service), newest first. */
    private record Slot(String key, int number, String nodeId, List<Task> tasks) {
        Task live() {
            return tasks.stream().filter(Task::isLive).findFirst().orElse(null);
        }

        Task latest() {
            return tasks.isEmpty() ? null : tasks.get(0);
        }
    }

    private final ClusterState state;
    private final Service service;
    private final UpdateMonitor monitor;
    private final UpdatePolicy policy;
    private UpdateStatus status;
    private final long now;
    private final IdSource ids;
    private final RestartPolicy restart;
    private final Intents out;
    private final Map<String, Task> view = new LinkedHashMap<>();

    ServiceReconciler(ClusterState state, Service service, List<Task> tasks, long now, IdSource ids,
                      RestartPolicy restart, Intents out) {
        this.state = state;
        this.service = service;
        this.monitor = new UpdateMonitor(service);
        this.policy = monitor.policy();
        this.status = service.updateStatus();
        this.now = now;
        this.ids = ids;
        this.restart = restart;
        this.out = out;
        tasks.forEach(t -> view.put(t.id(), t));
    }

    void run() {
        boolean rolledBack = failureAction();
        stopUnfit();
        if (rolledBack) {
            return;
        }
        if (service.spec().mode() == ServiceMode.GLOBAL) {
            scaleGlobal();
        } else {
            scaleReplicated();
        }
        rollingUpdate();
        reap();
    }

    // ---- step 1: tasks that must stop

    private void stopUnfit() {
        for (Task t : List.copyOf(view.values())) {
            if (t.isLive() && (t.state().isTerminal() || !keepable(t))) {
                desire(t, TaskState.SHUTDOWN);
            }
        }
        for (Slot s : slots().values()) {
            List<Task> live = s.tasks().stream().filter(Task::isLive).toList();
            if (live.size() < 2) {
                continue;
            }
            Task newest = live.get(0);
            boolean starting = newest.state() != TaskState.RUNNING && !newest.state().isTerminal();
            boolean serving = false;
            for (Task older : live.subList(1, live.size())) {
                // start-first: the latest running task serves until its replacement runs
                if (starting && !serving && older.state() == TaskState.RUNNING) {
                    serving = true;
                } else {
                    desire(older, TaskState.SHUTDOWN);
                }
            }
        }
    }

    /** A placed task may stay where it is: its node exists, is not down or drained, and still fits its constraints. */
    private boolean keepable(Task t) {
        if (t.nodeId().isEmpty()) {
            return true;
        }
        Node n = state.node(t.nodeId());
        return n != null && n.status() != NodeStatus.DOWN && n.availability() != Availability.DRAIN
                && TaskSpecs.fits(t.spec(), n);
    }

    // ---- step 2: slots

    private void scaleReplicated() {
        Map<String, Slot> slots = slots();
        List<Slot> occupied = new ArrayList<>();
        List<Slot> waiting = new ArrayList<>();
        for (Slot s : slots.values()) {
            if (s.live() != null) {
                occupied.add(s);
            } else if (s.latest().desiredState() == TaskState.SHUTDOWN) {
                waiting.add(s);
            }
        }
        int replicas = service.spec().replicas();
        int excess = occupied.size() + waiting.size() - replicas;
        waiting.sort(Comparator.comparingInt(Slot::number).reversed());
        while (excess > 0 && !waiting.isEmpty()) {
            desire(waiting.remove(0).latest(), TaskState.REMOVE);
            excess--;
        }
        if (excess > 0) {
            for (Slot s : scaleDownOrder(occupied).subList(0, excess)) {
                s.tasks().stream().filter(Task::isLive).forEach(t -> desire(t, TaskState.REMOVE));
            }
        }
        int missing = replicas - occupied.size() - waiting.size();
        for (int slot = 1; missing > 0; slot++) {
            Slot s = slots.get("slot:" + slot);
            if (s == null || (s.live() == null && s.latest().desiredState() == TaskState.REMOVE && !stillRunning(s))) {
                create(slot, "");
                missing--;
            }
        }
        waiting.forEach(this::replaceWhenDue);
    }

    /** Not yet running first, then from the nodes with the most tasks of the service, then the highest slots. */
    private List<Slot> scaleDownOrder(List<Slot> occupied) {
        Map<String, Integer> perNode = new HashMap<>();
        occupied.forEach(s -> perNode.merge(s.live().nodeId(), 1, Integer::sum));
        List<Slot> order = new ArrayList<>(occupied);
        order.sort(Comparator.comparing((Slot s) -> s.live().state() == TaskState.RUNNING)
                .thenComparing(s -> -perNode.get(s.live().nodeId()))
                .thenComparing(Comparator.comparingInt(Slot::number).reversed()));
        return order;
    }

    private void scaleGlobal() {
        Map<String, Slot> slots = slots();
        for (Node n : state.nodes().values()) {
            Slot s = slots.get("node:" + n.id());
            if (s != null && s.live() != null) {
                continue;
            }
            if (!eligibleForGlobal(n)) {
                continue;
            }
            if (s != null && s.latest().desiredState() == TaskState.SHUTDOWN) {
                replaceWhenDue(s);
            } else {
                create(0, n.id());
            }
        }
    }

    private boolean eligibleForGlobal(Node n) {
        return n.status() == NodeStatus.READY && n.availability() == Availability.ACTIVE
                && TaskSpecs.fits(service.spec(), n);
    }

    /**
     * A slot whose task was stopped gets a new one: once the old one has stopped, for as long as its node is
     * reachable (its agent confirms every stop; a node that goes down releases the slot at once). A task that ended
     * on its own is replaced only as the service's restart policy says: its condition, after its delay (doubled
     * for each further consecutive failure), and not once the slot used up its attempts for this version.
     */
    private void replaceWhenDue(Slot s) {
        Task last = s.latest();
        int restarts = 0;
        if (last.state().ordinal() >= TaskState.ASSIGNED.ordinal() && !last.state().isTerminal()) {
            Node n = state.node(last.nodeId());
            if (n != null && n.status() != NodeStatus.DOWN) {
                return;
            }
        } else if (endedOnItsOwn(last)) {
            if (givenUp(s)) {
                return;
            }
            long due = last.status().timestamp() + delayFor(service.spec().restart())
                    .delayMillis(consecutiveFailures(s));
            if (now < due) {
                out.wakeAt(due);
                return;
            }
            restarts = (last.specVersion() == service.version() ? last.restarts() : 0) + 1;
        }
        create(s.number(), s.nodeId(), restarts);
    }

    /** The service's delay, doubled per consecutive failure up to the cluster's cap (never below the delay). */
    private RestartPolicy delayFor(RestartSpec policy) {
        Duration max = policy.delay().compareTo(restart.maxDelay()) > 0 ? policy.delay() : restart.maxDelay();
        return new RestartPolicy(policy.delay(), max);
    }

    /**
     * The slot used up {@code --restart-max-attempts} for the service's current version: counted by the
     * restarts its latest task carries, or, with {@code --restart-window}, by the ends within the window among the
     * slot's kept history ({@code task history limit} tasks).
     */
    private boolean exhausted(Slot s, RestartSpec policy) {
        if (policy.maxAttempts() <= 0) {
            return false;
        }
        Task last = s.latest();
        if (policy.window().isZero()) {
            return last.specVersion() == service.version() && last.restarts() >= policy.maxAttempts();
        }
        long since = now - policy.window().toMillis();
        long ends = s.tasks().stream().filter(t -> t.specVersion() == service.version() && endedOnItsOwn(t)
                && t.status().timestamp() >= since).count();
        return ends > policy.maxAttempts();
    }

    /** The slot's task ended on its own and the restart policy will not replace it (until the next update). */
    private boolean givenUp(Slot s) {
        Task last = s.latest();
        RestartSpec policy = service.spec().restart();
        return endedOnItsOwn(last) && (!policy.restarts(last.state() != TaskState.COMPLETE) || exhausted(s, policy));
    }

    /** Some task of the slot may still run on a reachable node (a scaled-away task not yet stopped). */
    private boolean stillRunning(Slot s) {
        for (Task t : s.tasks()) {
            Node n = state.node(t.nodeId());
            if (t.state().ordinal() >= TaskState.ASSIGNED.ordinal() && !t.state().isTerminal() && n != null
                    && n.status() != NodeStatus.DOWN) {
                return true;
            }
        }
        return false;
    }

    private static boolean endedOnItsOwn(Task t) {
        return UpdateMonitor.endedOnItsOwn(t);
    }

    private static int consecutiveFailures(Slot s) {
        int n = 0;
        for (Task t : s.tasks()) {
            if (!endedOnItsOwn(t)) {
                break;
            }
            n++;
        }
        return Math.max(1, n);
    }

    // ---- step 0: an update whose tasks fail

    /**
     * Applies the update's failure action once its failed tasks exceed the ratio the policy tolerates: pause it,
     * or roll the service back to its previous definition (then only unfit tasks are stopped in this pass: the
     * next one works from the rolled-back service). A rollback that fails, or an update with nothing to go back to, pauses.
     */
    private boolean failureAction() {
        List<Task> failed = monitor.failures(view.values());
        if (!policy.tooManyFailures(failed.size(), slotCount())) {
            return false;
        }
        String taskId = failed.get(failed.size() - 1).id();
        switch (policy.failureAction()) {
            case CONTINUE -> {
                return false;
            }
            case ROLLBACK -> {
                if (!status.rollingBack() && service.previousSpec() != null) {
                    Service back = service.withSpec(service.previousSpec(), now).withUpdateStatus(UpdateStatus
                            .rollingBack(now, "update rolled back due to failure or early termination of task "
                                    + taskId));
                    out.service(new Command.UpdateService(back));
                    return true;
                }
            }
            default -> {
            }
        }
        status = status.pausedBy(taskId);
        out.service(new Command.SetUpdateStatus(service.id(), service.version(), status));
        return false;
    }

    private int slotCount() {
        return service.spec().mode() == ServiceMode.GLOBAL ? slots().size() : service.spec().replicas();
    }

    // ---- step 3: rolling update

    /**
     * Replaces the tasks of an older definition a batch at a time, as the policy in force says (the rollback
     * policy while rolling back): {@code parallelism} slots at once, each batch once the previous one runs and
     * {@code delay} has passed, stop-first or start-first. A paused update replaces nothing more. Once every slot
     * runs the current definition and the monitor period of the last one has passed, the update is completed.
     */
    private void rollingUpdate() {
        List<Slot> dirty = new ArrayList<>();
        int inFlight = 0;
        long lastDone = Long.MIN_VALUE;
        for (Slot s : slots().values()) {
            Task live = s.live();
            if (live == null) {
                inFlight += awaitsReplacement(s) && !givenUp(s) ? 1 : 0;
            } else if (TaskSpecs.differs(live.spec(), service.spec())) {
                dirty.add(s);
            } else if (live.state() != TaskState.RUNNING) {
                inFlight++;
            } else if (live.createdAt() >= service.updatedAt()) {
                lastDone = Math.max(lastDone, live.status().timestamp());
            }
        }
        if (dirty.isEmpty()) {
            completeWhenMonitored(inFlight);
            return;
        }
        if (status != null && status.paused()) {
            return;
        }
        long delay = policy.delay().toMillis();
        if (delay > 0) {
            if (inFlight > 0) {
                return;
            }
            if (lastDone != Long.MIN_VALUE && now < lastDone + delay) {
                out.wakeAt(lastDone + delay);
                return;
            }
        }
        int parallelism = policy.parallelism();
        int room = parallelism == 0 ? dirty.size() : parallelism - inFlight;
        dirty.sort(Comparator.comparingInt(Slot::number).thenComparing(Slot::key));
        for (Slot s : dirty.subList(0, Math.max(0, Math.min(room, dirty.size())))) {
            if (policy.order() == UpdatePolicy.Order.START_FIRST) {
                startFirst(s);
            } else {
                desire(s.live(), TaskState.SHUTDOWN);
                replaceWhenDue(slots().get(s.key()));
            }
        }
    }

    /**
     * Start-first: the slot gets its new task while the old one runs (step 1 stops the old one once the new one
     * runs). After a new task of the slot failed, the next one waits for the restart delay.
     */
    private void startFirst(Slot s) {
        Task latest = s.latest();
        if (latest != s.live() && endedOnItsOwn(latest) && !TaskSpecs.differs(latest.spec(), service.spec())) {
            long due = latest.status().timestamp() + delayFor(service.spec().restart()).delayMillis(1);
            if (now < due) {
                out.wakeAt(due);
                return;
            }
        }
        // a replacement of an outdated definition that does not run yet gives way to this one
        s.tasks().stream().filter(t -> t.isLive() && t.state() != TaskState.RUNNING)
                .forEach(t -> desire(t, TaskState.SHUTDOWN));
        create(s.number(), s.nodeId());
    }

    private void completeWhenMonitored(int inFlight) {
        if (status == null || !status.inProgress() || inFlight > 0) {
            return;
        }
        long until = monitor.monitoredUntil(view.values());
        if (now < until) {
            out.wakeAt(until);
            return;
        }
        status = status.completed(now);
        out.service(new Command.SetUpdateStatus(service.id(), service.version(), status));
    }

    /** The slot lost its task and will get a new one (for a global service: its node still qualifies). */
    private boolean awaitsReplacement(Slot s) {
        if (s.latest().desiredState() != TaskState.SHUTDOWN) {
            return false;
        }
        if (s.number() > 0) {
            return true;
        }
        Node n = state.node(s.nodeId());
        return n != null && eligibleForGlobal(n);
    }

    // ---- step 4: forget what is done

    /**
     * Tasks removed by a scale down, and the history of slots that no longer exist, go once they have stopped. A
     * global service's slot lives as long as its node is in the cluster: drained, down or no longer fitting, the
     * node keeps its stopped tasks in the history (as in Swarm), and gets the next task of the same slot.
     */
    private void reap() {
        for (Slot s : slots().values()) {
            boolean nodeKeepsSlot = !s.nodeId().isEmpty() && state.node(s.nodeId()) != null;
            boolean dead = s.live() == null && !awaitsReplacement(s) && !nodeKeepsSlot;
            for (Task t : s.tasks()) {
                if (!t.isLive() && done(t) && (dead || t.desiredState() == TaskState.REMOVE)) {
                    out.remove(t.id());
                }
            }
        }
    }

    private boolean done(Task t) {
        return t.state().isTerminal() || t.state().ordinal() < TaskState.ASSIGNED.ordinal()
                || state.node(t.nodeId()) == null;
    }

    // ---- helpers

    private Map<String, Slot> slots() {
        Map<String, List<Task>> groups = new TreeMap<>();
        for (Task t : view.values()) {
            groups.computeIfAbsent(t.slotKey(), k -> new ArrayList<>()).add(t);
        }
        Map<String, Slot> slots = new LinkedHashMap<>();
        groups.forEach((key, list) -> {
            list.sort(Comparator.comparingLong(Task::createdAt).thenComparing(Task::id).reversed());
            Task any = list.get(0);
            slots.put(key, new Slot(key, any.slot(), any.slot() > 0 ? "" : any.nodeId(), list));
        });
        return slots;
    }

    private void desire(Task t, TaskState desired) {
        if (t.desiredState().ordinal() >= desired.ordinal()) {
            return;
        }
        Task changed = t.withDesiredState(desired, now);
        view.put(t.id(), changed);
        out.desire(t.id(), desired);
    }

    private void create(int slot, String nodeId) {
        create(slot, nodeId, 0);
    }

    private void create(int slot, String nodeId, int restarts) {
        Task t = Task.create(ids.next(), service, slot, nodeId, now).withRestarts(restarts);
        view.put(t.id(), t);
        out.create(t);
    }
}
