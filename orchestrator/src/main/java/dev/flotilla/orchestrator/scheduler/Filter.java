package dev.flotilla.orchestrator.scheduler;

import dev.flotilla.orchestrator.api.Availability;
import dev.flotilla.orchestrator.spec.Constraint;

/**
 * The filter pipeline, in order. The first three depend only on the node and the task's service, so a batch
 * evaluates them once per node; the others depend on what is already placed and bound how many tasks of the
 * batch a node can still take ({@link #capacity}).
 */
enum Filter {
    READY {
        @Override
        NodeRefusal check(NodeState n, TaskRequest.Batch t) {
            return n.info.ready() ? null : NodeRefusal.NOT_READY;
        }
    },
    AVAILABILITY {
        @Override
        NodeRefusal check(NodeState n, TaskRequest.Batch t) {
            return n.info.availability() == Availability.ACTIVE ? null : NodeRefusal.NOT_AVAILABLE;
        }
    },
    CONSTRAINTS {
        @Override
        NodeRefusal check(NodeState n, TaskRequest.Batch t) {
            for (Constraint c : t.constraints()) {
                if (!c.matches(n.info.id(), n.info.hostname(), n.role, n.info.labels())) {
                    return NodeRefusal.CONSTRAINTS;
                }
            }
            return null;
        }
    },
    RESOURCES {
        @Override
        NodeRefusal check(NodeState n, TaskRequest.Batch t) {
            boolean cpu = t.nanoCpus() > n.freeCpu;
            boolean memory = t.memoryBytes() > n.freeMemory;
            if (cpu && memory) {
                return NodeRefusal.INSUFFICIENT_CPU_AND_MEMORY;
            }
            return cpu ? NodeRefusal.INSUFFICIENT_CPU : memory ? NodeRefusal.INSUFFICIENT_MEMORY : null;
        }
    },
    HOST_PORTS {
        @Override
        NodeRefusal check(NodeState n, TaskRequest.Batch t) {
            return n.portsFree(t.hostPorts()) ? null : NodeRefusal.HOST_PORT_IN_USE;
        }
    },
    MAX_PER_NODE {
        @Override
        NodeRefusal check(NodeState n, TaskRequest.Batch t) {
            return t.maxPerNode() > 0 && n.tasksOf(t.serviceId()) >= t.maxPerNode() ? NodeRefusal.MAX_PER_NODE : null;
        }
    };

    private static final Filter[] ALL = values();

    abstract NodeRefusal check(NodeState n, TaskRequest.Batch t);

    /** The first refusal of the whole pipeline, or {@code null} when the node can take one more task. */
    static NodeRefusal firstRefusal(NodeState n, TaskRequest.Batch t) {
        for (Filter f : ALL) {
            NodeRefusal r = f.check(n, t);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /** The first refusal among the filters that do not depend on load, or {@code null}. */
    static NodeRefusal staticRefusal(NodeState n, TaskRequest.Batch t) {
        NodeRefusal r = READY.check(n, t);
        if (r == null) {
            r = AVAILABILITY.check(n, t);
        }
        return r == null ? CONSTRAINTS.check(n, t) : r;
    }

    /** How many more tasks of the batch fit on a node that passes the static filters (0 when none). */
    static long capacity(NodeState n, TaskRequest.Batch t) {
        long cap = Long.MAX_VALUE;
        if (t.nanoCpus() > 0) {
            cap = Math.min(cap, Math.max(0, n.freeCpu) / t.nanoCpus());
        }
        if (t.memoryBytes() > 0) {
            cap = Math.min(cap, Math.max(0, n.freeMemory) / t.memoryBytes());
        }
        if (!t.hostPorts().isEmpty()) {
            cap = Math.min(cap, n.portsFree(t.hostPorts()) ? 1 : 0);
        }
        if (t.maxPerNode() > 0) {
            cap = Math.min(cap, Math.max(0, t.maxPerNode() - n.tasksOf(t.serviceId())));
        }
        return cap;
    }
}
