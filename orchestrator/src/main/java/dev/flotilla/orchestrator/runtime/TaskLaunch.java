package dev.flotilla.orchestrator.runtime;

import dev.flotilla.orchestrator.spec.HealthSpec;
import dev.flotilla.orchestrator.template.Hostnames;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to run one task's container on one node, with templates already expanded: the agent builds
 * it from the service definition, the task and the node.
 *
 * @param slot            the replica slot; 0 for a global service's task
 * @param hostname        the container hostname (also the name of its log folder)
 * @param env             the user's variables, in order; the image's own are kept by the engine
 * @param logDir          the folder inside the container that holds logs, or {@code null}
 * @param nanoCpuLimit    {@code --limit-cpu} in billionths of a CPU; 0 for none
 * @param memoryLimit     {@code --limit-memory} in bytes; 0 for none
 * @param nanoCpuReserve  {@code --reserve-cpu}, turned into a CPU-shares weight; 0 for none
 * @param memoryReserve   {@code --reserve-memory}, the engine's soft limit; 0 for none
 * @param extraLabels     more container labels (tests mark theirs), never overriding the ownership labels
 * @param health          the service's health check, or {@code null} for the image's
 */
public record TaskLaunch(String nodeId, String nodeHostname, String serviceId, String serviceName, String taskId,
                         int slot, String image, List<String> command, String hostname, Map<String, String> env,
                         List<BindMount> mounts, String logDir, List<PublishedPort> ports, long nanoCpuLimit,
                         long memoryLimit, long nanoCpuReserve, long memoryReserve, Duration stopGracePeriod,
                         Map<String, String> extraLabels, HealthSpec health) {
    public TaskLaunch {
        for (String s : new String[]{nodeId, nodeHostname, serviceId, serviceName, taskId, image, hostname}) {
            Objects.requireNonNull(s, "nodeId, nodeHostname, serviceId, serviceName, taskId, image and hostname are required");
        }
        Hostnames.problem(hostname).ifPresent(p -> {
            throw new IllegalArgumentException("hostname \"" + hostname + "\" cannot be used: " + p);
        });
        command = List.copyOf(command);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        mounts = List.copyOf(mounts);
        ports = List.copyOf(ports);
        extraLabels = Map.copyOf(extraLabels);
        Objects.requireNonNull(stopGracePeriod, "stopGracePeriod");
        if (logDir != null && !logDir.startsWith("/")) {
            throw new IllegalArgumentException("logDir must be an absolute path in the container: " + logDir);
        }
    }

    /** A launch that keeps the image's health check. */
    public TaskLaunch(String nodeId, String nodeHostname, String serviceId, String serviceName, String taskId,
                      int slot, String image, List<String> command, String hostname, Map<String, String> env,
                      List<BindMount> mounts, String logDir, List<PublishedPort> ports, long nanoCpuLimit,
                      long memoryLimit, long nanoCpuReserve, long memoryReserve, Duration stopGracePeriod,
                      Map<String, String> extraLabels) {
        this(nodeId, nodeHostname, serviceId, serviceName, taskId, slot, image, command, hostname, env, mounts, logDir,
                ports, nanoCpuLimit, memoryLimit, nanoCpuReserve, memoryReserve, stopGracePeriod, extraLabels, null);
    }

    /** The container's name, like Swarm's task names: {@code service.slot.taskId} (or {@code service.nodeId.taskId}). */
    public String containerName() {
        String raw = serviceName + "." + (slot > 0 ? Integer.toString(slot) : nodeId) + "." + taskId;
        return raw.replaceAll("[^a-zA-Z0-9_.-]", "_");
    }
}
