package dev.flotilla.orchestrator.scheduler;

import java.util.TreeSet;

/**
 * Nodes ordered by tasks overall, then node id, kept up to date as a pass places tasks. A task of a service that
 * a node does not run yet prefers, among such nodes, the first one in this order, so a one-task batch usually
 * finds its node after a few steps instead of scanning every node.
 */
final class LoadOrder {
    private final TreeSet<Integer> order;

    LoadOrder(NodeState[] states, int[] rank) {
        order = new TreeSet<>((a, b) -> {
            int c = Integer.compare(states[a].totalTasks, states[b].totalTasks);
            return c != 0 ? c : Integer.compare(rank[a], rank[b]);
        });
        for (int i = 0; i < states.length; i++) {
            order.add(i);
        }
    }

    /** Call before a node's task count changes (the set is keyed on it). */
    void remove(int node) {
        order.remove(node);
    }

    /** Call after a node's task count changed. */
    void add(int node) {
        order.add(node);
    }

    Iterable<Integer> ascending() {
        return order;
    }
}
