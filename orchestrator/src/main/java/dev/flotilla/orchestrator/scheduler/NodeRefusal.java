package dev.flotilla.orchestrator.scheduler;

/** Why a node cannot take a task, each with the words a user sees, counted over nodes as Swarm does. */
public enum NodeRefusal {
    NOT_READY("%s not ready", false),
    NOT_AVAILABLE("%s not available for new tasks", false),
    CONSTRAINTS("scheduling constraints not satisfied on %s", false),
    INSUFFICIENT_CPU("insufficient CPU on %s", true),
    INSUFFICIENT_MEMORY("insufficient memory on %s", true),
    INSUFFICIENT_CPU_AND_MEMORY("insufficient CPU and memory on %s", true),
    HOST_PORT_IN_USE("host port already in use on %s", true),
    MAX_PER_NODE("max replicas per node reached on %s", true);

    private final String pattern;
    private final boolean dependsOnLoad;

    NodeRefusal(String pattern, boolean dependsOnLoad) {
        this.pattern = pattern;
        this.dependsOnLoad = dependsOnLoad;
    }

    /** "insufficient CPU on 3 nodes", "1 node not available for new tasks". */
    public String explain(int nodes) {
        return String.format(pattern, nodes == 1 ? "1 node" : nodes + " nodes");
    }

    /** True when the refusal can go away as tasks leave the node, false when the node itself must change. */
    public boolean dependsOnLoad() {
        return dependsOnLoad;
    }
}
