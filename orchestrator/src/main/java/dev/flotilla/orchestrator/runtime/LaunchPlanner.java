package dev.flotilla.orchestrator.runtime;

import dev.flotilla.orchestrator.spec.EnvVar;
import dev.flotilla.orchestrator.spec.MountSpec;
import dev.flotilla.orchestrator.spec.PortSpec;
import dev.flotilla.orchestrator.spec.ServiceDefinition;
import dev.flotilla.orchestrator.template.TaskTemplates;
import dev.flotilla.orchestrator.template.TemplateContext;
import dev.flotilla.orchestrator.template.TemplateException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a service definition, a task and the node it was assigned to into a {@link TaskLaunch}: templates are
 * expanded for this task on this node, and published ports are bound on the node's advertise address. A template
 * whose result is not usable here (a hostname that is not one, a source that leaves its folder) rejects the task
 * with the reason.
 */
public final class LaunchPlanner {
    private LaunchPlanner() {
    }

    /** The node a task runs on, as templates and port bindings need it. */
    public record Node(String id, String hostname, String advertiseAddress) {
    }

    public static TaskLaunch plan(ServiceDefinition service, String serviceId, String taskId, int slot, Node node,
                                  Map<String, String> extraLabels) throws RuntimeFailure {
        TemplateContext ctx = TemplateContext.forTask(service.name(), serviceId, slot, taskId, node.hostname(), node.id());
        try {
            String hostname = TaskTemplates.hostname(service.hostnameTemplate(), ctx);
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
                    service.reservations().memoryBytes(), service.stopGracePeriod(), extraLabels);
        } catch (TemplateException e) {
            throw RuntimeFailure.rejected(e.getMessage());
        }
    }
}
