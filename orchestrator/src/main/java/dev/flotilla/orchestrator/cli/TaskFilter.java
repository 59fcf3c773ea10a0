package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.wire.ServiceViews;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code service ps} and {@code node ps --filter KEY=VALUE}, with docker's keys: {@code desired-state} (running,
 * shutdown or accepted), {@code id} (a prefix of the task id), {@code name} (a prefix of the task name, like
 * web.1) and {@code node} (a node's hostname or id).
 */
final class TaskFilter {
    private final Filters<ServiceViews.TaskView> filters;

    private TaskFilter(Filters<ServiceViews.TaskView> filters) {
        this.filters = filters;
    }

    static TaskFilter parse(List<String> raw) {
        return new TaskFilter(Filters.<ServiceViews.TaskView>parse(raw, List.of("desired-state", "id", "name", "node"), TaskFilter::matches)
                .oneOf("desired-state", Set.of("running", "shutdown", "accepted")));
    }

    /** The values of {@code node=} terms: docker refuses a node that does not exist instead of listing nothing. */
    List<String> nodes() {
        return filters.terms().getOrDefault("node", List.of());
    }

    boolean matches(ServiceViews.TaskView view) {
        return filters.matches(view);
    }

    /** The same services with only the matching tasks. */
    List<ServiceViews.Tasks> apply(List<ServiceViews.Tasks> services) {
        if (filters.terms().isEmpty()) {
            return services;
        }
        return services.stream()
                .map(s -> new ServiceViews.Tasks(s.service(), s.desired(), filters.apply(s.tasks())))
                .toList();
    }

    private static boolean matches(String key, String value, ServiceViews.TaskView view) {
        Task t = view.task();
        return switch (key) {
            case "desired-state" -> switch (value.toLowerCase(Locale.ROOT)) {
                case "running" -> t.desiredState() == TaskState.RUNNING;
                case "accepted" -> t.desiredState() == TaskState.ACCEPTED;
                default -> t.desiredState() == TaskState.SHUTDOWN || t.desiredState() == TaskState.REMOVE;
            };
            case "id" -> t.id().startsWith(value);
            case "name" -> t.name().startsWith(value);
            default -> value.equals(view.node()) || value.equals(t.nodeId());
        };
    }
}
