package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.orchestration.ServiceViews;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code service ps --filter KEY=VALUE}, with docker's keys and rules: {@code desired-state} (running, shutdown or
 * accepted), {@code id} (a prefix of the task id), {@code name} (a prefix of the task name, like web.1) and
 * {@code node} (a node's hostname or id). Values of one key are alternatives; different keys must all match.
 */
record TaskFilter(Map<String, List<String>> terms) {
    private static final Set<String> KEYS = Set.of("desired-state", "id", "name", "node");
    private static final Set<String> DESIRED = Set.of("running", "shutdown", "accepted");

    static TaskFilter parse(List<String> filters) {
        Map<String, List<String>> terms = new LinkedHashMap<>();
        for (String f : filters) {
            int eq = f.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--filter \"" + f + "\": write KEY=VALUE, for example"
                        + " desired-state=running");
            }
            String key = f.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = f.substring(eq + 1).strip();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("--filter \"" + f + "\": unknown key " + key + "; use desired-state,"
                        + " id, name or node");
            }
            if (key.equals("desired-state") && !DESIRED.contains(value.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("--filter \"" + f + "\": the desired state is running, shutdown or"
                        + " accepted");
            }
            terms.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return new TaskFilter(Map.copyOf(terms));
    }

    boolean matches(ServiceViews.TaskView view) {
        return terms.entrySet().stream().allMatch(e -> e.getValue().stream().anyMatch(v -> matches(e.getKey(), v, view)));
    }

    /** The same services with only the matching tasks. */
    List<ServiceViews.Tasks> apply(List<ServiceViews.Tasks> services) {
        if (terms.isEmpty()) {
            return services;
        }
        return services.stream()
                .map(s -> new ServiceViews.Tasks(s.service(), s.desired(), s.tasks().stream().filter(this::matches).toList()))
                .toList();
    }

    private static boolean matches(String key, String value, ServiceViews.TaskView view) {
        Task t = view.task();
        return switch (key) {
            case "desired-state" -> desired(value, t.desiredState());
            case "id" -> t.id().startsWith(value);
            case "name" -> t.name().startsWith(value);
            case "node" -> value.equals(view.node()) || value.equals(t.nodeId());
            default -> false;
        };
    }

    private static boolean desired(String value, TaskState desired) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "running" -> desired == TaskState.RUNNING;
            case "accepted" -> desired == TaskState.ACCEPTED;
            default -> desired == TaskState.SHUTDOWN || desired == TaskState.REMOVE;
        };
    }
}
