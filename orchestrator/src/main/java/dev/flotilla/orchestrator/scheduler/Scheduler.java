package dev.flotilla.orchestrator.scheduler;

import dev.flotilla.orchestrator.scheduler.Decisions.Assignment;
import dev.flotilla.orchestrator.scheduler.Decisions.Pending;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Places tasks on nodes, purely: nodes and tasks in, decisions out. Each node passes the filter pipeline (ready,
 * availability active, constraints, resources, host ports, max per node); among those that pass, the next task
 * goes to the node with the fewest tasks of its service, then the fewest tasks overall, then the smallest node
 * id. Identical tasks of a service are placed as one batch: the static filters run once per node, the others
 * become a per-node capacity, and a heap keeps the spread order, so a batch of T tasks on N nodes costs
 * O(N + T log N); a batch of one task usually finds its node by walking nodes in load order. A placement is never
 * revisited. A task that fits nowhere gets Swarm's message,
 * {@code no suitable node (insufficient CPU on 3 nodes)}.
 */
public final class Scheduler {
    /** How far a one-task batch walks {@link #loadOrder} before it falls back to scanning every node. */
    private static final int WALK_LIMIT = 64;

    private final NodeState[] states;
    private final Map<String, Integer> indexById;
    private final int[] rank;
    private final List<Assignment> assignments = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();
    // scratch space for one batch, reused across batches (only candidates' entries are meaningful)
    private final int[] candidates;
    private final int[] service;
    private final int[] total;
    private final long[] capacity;
    private final int[] placed;
    private final SpreadHeap heap;
    /** Built on the first one-task batch, then kept up to date by {@link #place}. */
    private LoadOrder loadOrder;

    private Scheduler(List<NodeInfo> nodes) {
        states = new NodeState[nodes.size()];
        indexById = new HashMap<>(nodes.size() * 2);
        for (int i = 0; i < states.length; i++) {
            states[i] = new NodeState(nodes.get(i));
            if (indexById.put(nodes.get(i).id(), i) != null) {
                throw new IllegalArgumentException("node " + nodes.get(i).id() + " is listed twice");
            }
        }
        Integer[] byId = new Integer[states.length];
        Arrays.setAll(byId, i -> i);
        Arrays.sort(byId, Comparator.comparing(i -> states[i].info.id()));
        rank = new int[states.length];
        for (int r = 0; r < byId.length; r++) {
            rank[byId[r]] = r;
        }
        int n = states.length;
        candidates = new int[n];
        service = new int[n];
        total = new int[n];
        capacity = new long[n];
        placed = new int[n];
        heap = new SpreadHeap(n, service, total, rank);
    }

    /**
     * Places as many of {@code tasks} as fit. Batches are taken in the order of their first task, and the tasks
     * of a batch in their order, so earlier tasks win when capacity runs out.
     */
    public static Decisions schedule(List<NodeInfo> nodes, List<TaskRequest> tasks) {
        Scheduler s = new Scheduler(nodes);
        Map<TaskRequest.Batch, List<TaskRequest>> batches = new LinkedHashMap<>();
        for (TaskRequest t : tasks) {
            batches.computeIfAbsent(t.batchKey(), k -> new ArrayList<>()).add(t);
        }
        batches.forEach((batch, members) -> {
            if (batch.pinnedNodeId() != null) {
                s.placePinned(batch, members);
            } else {
                s.placeSpread(batch, members);
            }
        });
        List<NodeInfo> after = new ArrayList<>(s.states.length);
        for (NodeState n : s.states) {
            after.add(n.toInfo());
        }
        return new Decisions(s.assignments, s.pending, after);
    }

    /** Why {@code node} cannot take {@code task} right now, if it cannot. */
    public static Optional<NodeRefusal> refusal(NodeInfo node, TaskRequest task) {
        return Optional.ofNullable(Filter.firstRefusal(new NodeState(node), task.batchKey()));
    }

    private void placePinned(TaskRequest.Batch batch, List<TaskRequest> members) {
        Integer index = indexById.get(batch.pinnedNodeId());
        for (TaskRequest t : members) {
            if (index == null) {
                pending.add(new Pending(t.taskId(), "no suitable node (node " + batch.pinnedNodeId()
                        + " is not in the cluster)"));
                continue;
            }
            NodeState n = states[index];
            NodeRefusal r = Filter.firstRefusal(n, batch);
            if (r == null) {
                place(index, batch, 1);
                assignments.add(new Assignment(t.taskId(), n.info.id()));
            } else {
                pending.add(new Pending(t.taskId(), "no suitable node (" + r.explain(1) + ")"));
            }
        }
    }

    private void placeSpread(TaskRequest.Batch batch, List<TaskRequest> members) {
        int placedCount = 0;
        int quick = members.size() == 1 ? walkLoadOrder(batch) : -1;
        if (quick >= 0) {
            assign(members.get(0), quick, batch);
            placedCount = 1;
        } else {
            int m = candidates(batch);
            if (m > 0 && members.size() == 1) {
                assign(members.get(0), heap.min(candidates, m), batch);
                placedCount = 1;
            } else if (m > 0) {
                placedCount = placeMany(batch, members, m);
            }
        }
        if (placedCount < members.size()) {
            String reason = explain(batch);
            for (int k = placedCount; k < members.size(); k++) {
                pending.add(new Pending(members.get(k).taskId(), reason));
            }
        }
    }

    /** Fills the scratch arrays with the nodes that can take at least one task of the batch; returns how many. */
    private int candidates(TaskRequest.Batch batch) {
        int m = 0;
        for (int i = 0; i < states.length; i++) {
            NodeState s = states[i];
            if (Filter.staticRefusal(s, batch) == null) {
                long cap = Filter.capacity(s, batch);
                if (cap > 0) {
                    capacity[i] = cap;
                    service[i] = s.tasksOf(batch.serviceId());
                    total[i] = s.totalTasks;
                    candidates[m++] = i;
                }
            }
        }
        return m;
    }

    /**
     * The best node for a one-task batch when it is a node without tasks of the service: the first such node
     * that passes the filters, in load order. Returns -1 when none turns up within {@link #WALK_LIMIT} steps.
     */
    private int walkLoadOrder(TaskRequest.Batch batch) {
        if (loadOrder == null) {
            loadOrder = new LoadOrder(states, rank);
        }
        int walked = 0;
        for (int i : loadOrder.ascending()) {
            if (walked++ == WALK_LIMIT) {
                return -1;
            }
            NodeState s = states[i];
            if (s.tasksOf(batch.serviceId()) == 0 && Filter.staticRefusal(s, batch) == null
                    && Filter.capacity(s, batch) > 0) {
                return i;
            }
        }
        return -1;
    }

    private void assign(TaskRequest task, int node, TaskRequest.Batch batch) {
        assignments.add(new Assignment(task.taskId(), states[node].info.id()));
        place(node, batch, 1);
    }

    /** Counts tasks on a node, keeping {@link #loadOrder} consistent. */
    private void place(int node, TaskRequest.Batch batch, int count) {
        if (loadOrder != null) {
            loadOrder.remove(node);
        }
        states[node].place(batch, count);
        if (loadOrder != null) {
            loadOrder.add(node);
        }
    }

    /** Places the batch's tasks one by one on the top of the spread heap; returns how many were placed. */
    private int placeMany(TaskRequest.Batch batch, List<TaskRequest> members, int candidateCount) {
        heap.reset(candidates, candidateCount);
        int next = 0;
        int count = members.size();
        while (next < count && !heap.isEmpty()) {
            int i = heap.top();
            assignments.add(new Assignment(members.get(next++).taskId(), states[i].info.id()));
            placed[i]++;
            service[i]++;
            total[i]++;
            if (--capacity[i] == 0) {
                heap.removeTop();
            } else {
                heap.topIncreased();
            }
        }
        for (int j = 0; j < candidateCount; j++) {
            int i = candidates[j];
            if (placed[i] > 0) {
                place(i, batch, placed[i]);
                placed[i] = 0;
            }
        }
        return next;
    }

    private String explain(TaskRequest.Batch batch) {
        if (states.length == 0) {
            return "no suitable node (no nodes in the cluster)";
        }
        Map<NodeRefusal, Integer> counts = new EnumMap<>(NodeRefusal.class);
        for (NodeState s : states) {
            NodeRefusal r = Filter.firstRefusal(s, batch);
            if (r != null) {
                counts.merge(r, 1, Integer::sum);
            }
        }
        return "no suitable node (" + counts.entrySet().stream()
                .map(e -> e.getKey().explain(e.getValue()))
                .collect(Collectors.joining("; ")) + ")";
    }
}
