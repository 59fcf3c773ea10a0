package dev.flotilla.orchestrator.api;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A node of the cluster as the replicated state knows it. Immutable: every change makes a new record.
 *
 * @param statusMessage why the node has its status ("heartbeat failure", "node left the cluster"), or empty
 */
public record Node(String id, NodeRole role, Availability availability, NodeStatus status, String statusMessage,
                   Map<String, String> labels, NodeDescription description, long createdAt, long updatedAt,
                   long statusChangedAt) {
    public Node {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(availability, "availability");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(description, "description");
        statusMessage = statusMessage == null ? "" : statusMessage;
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    public String hostname() {
        return description.hostname();
    }

    public boolean isManager() {
        return role == NodeRole.MANAGER;
    }

    public Node withRole(NodeRole r, long at) {
        return new Node(id, r, availability, status, statusMessage, labels, description, createdAt, at, statusChangedAt);
    }

    public Node withAvailability(Availability a, long at) {
        return new Node(id, role, a, status, statusMessage, labels, description, createdAt, at, statusChangedAt);
    }

    public Node withLabels(Map<String, String> l, long at) {
        return new Node(id, role, availability, status, statusMessage, l, description, createdAt, at, statusChangedAt);
    }

    public Node withStatus(NodeStatus s, String message, long at) {
        return new Node(id, role, availability, s, message, labels, description, createdAt, at, at);
    }

    public Node withDescription(NodeDescription d, long at) {
        return new Node(id, role, availability, status, statusMessage, labels, d, createdAt, at, statusChangedAt);
    }
}
