package dev.flotilla.orchestrator.state;

import dev.flotilla.orchestrator.api.Node;

import java.util.List;

/** Finds a node by what a user typed: a full id, a hostname, or an unambiguous id prefix (as Docker does). */
public final class NodeRefs {
    private NodeRefs() {
    }

    /** The outcome of a lookup: exactly one of {@code node} or {@code error} is set. */
    public record Lookup(Node node, String error, boolean ambiguous) {
        public boolean found() {
            return node != null;
        }
    }

    public static Lookup resolve(ClusterState state, String ref) {
        if (ref == null || ref.isBlank()) {
            return new Lookup(null, "a node name or id is required", false);
        }
        Node exact = state.node(ref);
        if (exact != null) {
            return new Lookup(exact, null, false);
        }
        List<Node> byName = state.nodes().values().stream().filter(n -> n.hostname().equals(ref)).toList();
        if (byName.size() == 1) {
            return new Lookup(byName.get(0), null, false);
        }
        if (byName.size() > 1) {
            return new Lookup(null, "node " + ref + " is ambiguous (" + byName.size() + " nodes have that hostname);"
                    + " use the node id", true);
        }
        List<Node> byPrefix = state.nodes().values().stream().filter(n -> n.id().startsWith(ref)).toList();
        if (byPrefix.size() == 1) {
            return new Lookup(byPrefix.get(0), null, false);
        }
        if (byPrefix.size() > 1) {
            return new Lookup(null, "node " + ref + " is ambiguous (" + byPrefix.size() + " matches found);"
                    + " type more of the id", true);
        }
        return new Lookup(null, "node " + ref + " not found; list the nodes with `flotilla node ls`", false);
    }
}
