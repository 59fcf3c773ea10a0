package dev.flotilla.orchestrator.reconcile;

import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.spec.Constraint;
import dev.flotilla.orchestrator.spec.RestartSpec;
import dev.flotilla.orchestrator.spec.ServiceDefinition;
import dev.flotilla.orchestrator.spec.UpdatePolicy;

import java.util.Locale;
import java.util.Map;

/** What of a service definition a running task embodies, and where a task's definition lets it run. */
public final class TaskSpecs {
    private TaskSpecs() {
    }

    /**
     * True when a task created from {@code task} must be replaced to follow {@code service}: anything that shapes
     * the container (its health check included) or its placement changed, or {@code update --force} was used. Replicas, the update policy and
     * the service's own labels do not touch running tasks.
     */
    public static boolean differs(ServiceDefinition task, ServiceDefinition service) {
        return !taskPart(task).equals(taskPart(service));
    }

    private static ServiceDefinition taskPart(ServiceDefinition d) {
        return new ServiceDefinition(d.name(), d.image(), d.command(), d.mode(), 0, d.maxReplicasPerNode(), d.ports(),
                d.mounts(), d.env(), Map.of(), d.constraints(), d.reservations(), d.limits(), d.stopGracePeriod(),
                d.hostname(), d.logDir(), UpdatePolicy.DEFAULT, d.forceUpdate(), RestartSpec.DEFAULT,
                UpdatePolicy.DEFAULT, d.health());
    }

    /** Whether {@code node} satisfies every placement constraint of {@code spec}. */
    public static boolean fits(ServiceDefinition spec, Node node) {
        String role = node.role().name().toLowerCase(Locale.ROOT);
        for (Constraint c : spec.constraints()) {
            if (!c.matches(node.id(), node.hostname(), role, node.labels())) {
                return false;
            }
        }
        return true;
    }
}
