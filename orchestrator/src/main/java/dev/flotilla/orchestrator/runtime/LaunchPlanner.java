package dev.flotilla.orchestrator.runtime;

import dev.flotilla.orchestrator.spec.EnvVar;
import dev.flotilla.orchestrator.spec.MountSpec;
import dev.flotilla.orchestrator.spec.PortSpec;
import dev.flotilla.orchestrator.spec.ServiceDefinition;
import dev.flotilla.orchestrator.template.Hostnames;
import dev.flotilla.orchestrator.template.TaskTemplates;
import dev.flotilla.orchestrator.template.TemplateContext;
import dev.flotilla.orchestrator.template.TemplateException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a service definition, a task and the node it was assigned to into a {@link TaskLaunch}: the hostname is
 * the one the manager stored with the task, the other templates are expanded for this task on this node, and
 * published ports are bound on the node's advertise address. A template whose result is not usable here (a
 * hostname that is not one, a source that leaves its folder) rejects the task with the reason.
 */
public final class LaunchPlanner {
    private LaunchPlanner() {
    }

    /** The node a task runs on, as templates and port bindings need it. */
    public record Node(String id, String hostname, String advertiseAddress) {
    }

    /**
     * Plans a task's container with the hostname the manager stored when it placed the task ({@code Task.hostname},
     * set by {@code AssignTask}): that stored value is the one source of the hostname, so the container, its log
     * folder and what the manager shows can never disagree. The template is expanded here only when the task has
     * no stored hostname: state written by a version that did not store one, or a template that gave no valid
     * hostname on this node (the manager stores "" then, and the expansion rejects the task saying why).
     *
     * @param storedHostname the task's stored hostname; {@code null} or empty when it has none
     */
    public static TaskLaunch plan(ServiceDefinition service, String serviceId, String taskId, int slot,
                                  String storedHostname, Node node, Map<String, String> extraLabels)
            throws RuntimeFailure {
        TemplateContext ctx = TemplateContext.forTask(service.name(), serviceId, slot, taskId, node.hostname(), node.id());
        try {
            String hostname = storedHostname == null || storedHostname.isEmpty()
                    ? TaskTemplates.hostname(service.hostnameTemplate(), ctx) : usable(storedHostname);
            Map<String, String> env = new LinkedHashMap<>();
            for (EnvVar e : service.env()) {
                env.put(e.name(), TaskTemplates.envValue(e.name(), e.valueTemplate(), ctx));
            }
            List<BindMount> mounts = new ArrayList<>();
            for (MountSpec m : service.mounts()) {
                mounts.add(new BindMount(TaskTemplates.mountSource(m.sourceTemplate(), ctx), m.target(), m.readOnly()));
            }
            List<PublishedPort> ports = new ArrayList<>();
            for (PortSpec p : service.ports()) {
                ports.add(new PublishedPort(node.advertiseAddress(), p.published(), p.target(), p.protocol()));
            }
            return new TaskLaunch(node.id(), node.hostname(), serviceId, service.name(), taskId, slot, service.image(),
                    service.command(), hostname, env, mounts, service.logDir(), ports, service.limits().nanoCpus(),
                    service.limits().memoryBytes(), service.reservations().nanoCpus(),
                    service.reservations().memoryBytes(), service.stopGracePeriod(), extraLabels, service.health());
        } catch (TemplateException e) {
            throw RuntimeFailure.rejected(e.getMessage());
        }
    }

    private static String usable(String stored) throws RuntimeFailure {
        if (Hostnames.problem(stored).isPresent()) {
            throw RuntimeFailure.rejected("the task's hostname \"" + stored + "\" cannot be used: "
                    + Hostnames.problem(stored).get());
        }
        return stored;
    }
}
