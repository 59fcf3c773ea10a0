package dev.flotilla.orchestrator.reconcile;

import dev.flotilla.orchestrator.api.Availability;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.spec.RestartSpec;
import dev.flotilla.orchestrator.spec.ServiceMode;
import dev.flotilla.orchestrator.state.ClusterState;

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
    private final long now;
    private final IdSource ids;
    private final RestartPolicy restart;
    private final Intents out;
    private final Map<String, Task> view = new LinkedHashMap<>();

    ServiceReconciler(ClusterState state, Service service, List<Task> tasks, long now, IdSource ids,
                      RestartPolicy restart, Intents out) {
        this.state = state;
        this.service = service;
        this.now = now;
        this.ids = ids;
        this.restart = restart;
        this.out = out;
        tasks.forEach(t -> view.put(t.id(), t));
    }

    void run() {
        stopUnfit();
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
            live.stream().skip(1).forEach(t -> desire(t, TaskState.SHUTDOWN));
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
                desire(s.live(), TaskState.REMOVE);
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
            RestartSpec policy = service.spec().restart();
            if (!policy.restarts(last.state() != TaskState.COMPLETE) || exhausted(s, policy)) {
                return;
            }
            long due = last.status().timestamp() + delayFor(policy).delayMillis(consecutiveFailures(s));
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
        TaskState st = t.state();
        return st == TaskState.FAILED || st == TaskState.REJECTED || st == TaskState.COMPLETE;
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

    // ---- step 3: rolling update

    private void rollingUpdate() {
        List<Slot> dirty = new ArrayList<>();
        int inFlight = 0;
        long lastDone = Long.MIN_VALUE;
        for (Slot s : slots().values()) {
            Task live = s.live();
            if (live == null) {
                inFlight += awaitsReplacement(s) ? 1 : 0;
            } else if (TaskSpecs.differs(live.spec(), service.spec())) {
                dirty.add(s);
            } else if (live.state() != TaskState.RUNNING) {
                inFlight++;
            } else if (live.createdAt() >= service.updatedAt()) {
                lastDone = Math.max(lastDone, live.status().timestamp());
            }
        }
        if (dirty.isEmpty()) {
            return;
        }
        int parallelism = service.spec().update().parallelism();
        long delay = service.spec().update().delay().toMillis();
        if (delay > 0) {
            if (inFlight > 0) {
                return;
            }
            if (lastDone != Long.MIN_VALUE && now < lastDone + delay) {
                out.wakeAt(lastDone + delay);
                return;
            }
        }
        int room = parallelism == 0 ? dirty.size() : parallelism - inFlight;
        dirty.sort(Comparator.comparingInt(Slot::number).thenComparing(Slot::key));
        for (Slot s : dirty.subList(0, Math.max(0, Math.min(room, dirty.size())))) {
            desire(s.live(), TaskState.SHUTDOWN);
            replaceWhenDue(slots().get(s.key()));
        }
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
