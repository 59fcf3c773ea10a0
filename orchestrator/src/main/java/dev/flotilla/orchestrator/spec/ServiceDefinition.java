package dev.flotilla.orchestrator.spec;

import dev.flotilla.orchestrator.template.Template;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checked service definition: everything {@code service create} accepted, in canonical form. Build it with
 * {@link ServiceSpecParser#parse}; {@link #toOptions()} gives back flags that parse to the same definition, which
 * is how {@link ServiceUpdater} re-checks an update as a whole.
 *
 * @param replicas           desired tasks for {@link ServiceMode#REPLICATED}; 0 for {@link ServiceMode#GLOBAL}
 * @param maxReplicasPerNode 0 when unlimited
 * @param hostname           the {@code --hostname} template, or {@code null} for the 12-hex default
 * @param logDir             the folder inside the container holding logs, or {@code null}
 * @param forceUpdate        raised by {@code service update --force} to redeploy without another change
 * @param restart            the restart policy (Swarm's defaults in states written before it existed)
 * @param rollback           how a rollback proceeds (Swarm's defaults in states written before it existed)
 * @param health             the health check, or {@code null} for the image's (also in states written before it existed)
 */
public record ServiceDefinition(String name, String image, List<String> command, ServiceMode mode, int replicas,
                                int maxReplicasPerNode, List<PortSpec> ports, List<MountSpec> mounts,
                                List<EnvVar> env, Map<String, String> labels, List<Constraint> constraints,
                                Resources reservations, Resources limits,
                                @JsonSerialize(using = DurationJson.Write.class)
                                @JsonDeserialize(using = DurationJson.Read.class) Duration stopGracePeriod,
                                String hostname, String logDir, UpdatePolicy update, long forceUpdate,
                                RestartSpec restart, UpdatePolicy rollback, HealthSpec health) {
    public static final Duration DEFAULT_STOP_GRACE_PERIOD = Duration.ofSeconds(10);

    public ServiceDefinition {
        command = List.copyOf(command);
        ports = List.copyOf(ports);
        mounts = List.copyOf(mounts);
        env = List.copyOf(env);
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        constraints = List.copyOf(constraints);
        restart = restart == null ? RestartSpec.DEFAULT : restart;
        update = update == null ? UpdatePolicy.DEFAULT : update;
        rollback = rollback == null ? UpdatePolicy.DEFAULT : rollback;
    }

    /** The {@code --hostname} template, or {@code null} when the default hostname applies. */
    public Template hostnameTemplate() {
        return hostname == null ? null : Template.parse(hostname, "--hostname");
    }

    public ServiceDefinition withImage(String value) {
        return new ServiceDefinition(name, value, command, mode, replicas, maxReplicasPerNode, ports, mounts, env,
                labels, constraints, reservations, limits, stopGracePeriod, hostname, logDir, update, forceUpdate, restart,
                rollback, health);
    }

    public ServiceDefinition withForceUpdate(long value) {
        return new ServiceDefinition(name, image, command, mode, replicas, maxReplicasPerNode, ports, mounts, env,
                labels, constraints, reservations, limits, stopGracePeriod, hostname, logDir, update, value, restart,
                rollback, health);
    }

    /** Flags that {@link ServiceSpecParser#parse} turns back into this definition (apart from {@code forceUpdate}). */
    public ServiceOptions toOptions() {
        boolean global = mode == ServiceMode.GLOBAL;
        ServiceSettings settings = new ServiceSettings(global ? null : Integer.toString(replicas),
                global ? null : Integer.toString(maxReplicasPerNode), Quantities.formatCpus(reservations.nanoCpus()),
                reservations.memoryBytes() + "b", Quantities.formatCpus(limits.nanoCpus()), limits.memoryBytes() + "b",
                GoDuration.format(stopGracePeriod), hostname, logDir, Integer.toString(update.parallelism()),
                GoDuration.format(update.delay()), restart.condition().word(), GoDuration.format(restart.delay()),
                Integer.toString(restart.maxAttempts()), GoDuration.format(restart.window()),
                update.failureAction().word(), GoDuration.format(update.monitor()),
                Double.toString(update.maxFailureRatio()), update.order().word(),
                Integer.toString(rollback.parallelism()), GoDuration.format(rollback.delay()),
                rollback.failureAction().word(), GoDuration.format(rollback.monitor()),
                Double.toString(rollback.maxFailureRatio()), rollback.order().word(),
                health == null ? HealthSettings.NONE : health.toSettings());
        return new ServiceOptions(name, image, command, mode.name().toLowerCase(java.util.Locale.ROOT), settings,
                lists(ports, mounts, env, labels, constraints));
    }

    /** The repeatable flags that give these entries, each in its canonical form. */
    static ServiceLists lists(List<PortSpec> ports, List<MountSpec> mounts, List<EnvVar> env,
                              Map<String, String> labels, List<Constraint> constraints) {
        return new ServiceLists(ports.stream().map(PortSpec::format).toList(),
                mounts.stream().map(MountSpec::format).toList(), env.stream().map(EnvVar::format).toList(),
                labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList(),
                constraints.stream().map(Constraint::format).toList());
    }
}
