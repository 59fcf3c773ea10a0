package dev.flotilla.orchestrator.runtime.docker;

import dev.flotilla.orchestrator.runtime.BindMount;
import dev.flotilla.orchestrator.runtime.ContainerEnv;
import dev.flotilla.orchestrator.runtime.ImageInfo;
import dev.flotilla.orchestrator.runtime.OwnershipLabels;
import dev.flotilla.orchestrator.runtime.PublishedPort;
import dev.flotilla.orchestrator.runtime.TaskLaunch;
import dev.flotilla.orchestrator.spec.HealthSpec;
import dev.flotilla.orchestrator.spec.Protocol;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Maps a {@link TaskLaunch} onto docker-java's create command. docker-java types stay in this package. */
final class ContainerSpecs {
    private static final long NANOS_PER_CPU = 1_000_000_000L;

    private ContainerSpecs() {
    }

    static Map<String, String> labels(TaskLaunch l) {
        Map<String, String> labels = new HashMap<>(l.extraLabels());
        labels.put(OwnershipLabels.MANAGED, "true");
        labels.put(OwnershipLabels.NODE, l.nodeId());
        labels.put(OwnershipLabels.SERVICE, l.serviceName());
        labels.put(OwnershipLabels.SERVICE_ID, l.serviceId());
        labels.put(OwnershipLabels.TASK, l.taskId());
        labels.put(OwnershipLabels.SLOT, Integer.toString(l.slot()));
        labels.put(OwnershipLabels.HOSTNAME, l.hostname());
        return labels;
    }

    static CreateContainerCmd fill(CreateContainerCmd cmd, TaskLaunch l, ImageInfo image) {
        cmd.withName(l.containerName())
                .withHostName(l.hostname())
                .withEnv(ContainerEnv.build(l.env(), image.env(), l.hostname(), l.logDir() != null))
                .withLabels(labels(l))
                .withStopTimeout(stopSeconds(l))
                .withHostConfig(hostConfig(l));
        if (!l.command().isEmpty()) {
            cmd.withCmd(l.command());
        }
        if (l.health() != null) {
            cmd.withHealthcheck(healthCheck(l.health()));
        }
        List<ExposedPort> exposed = new ArrayList<>();
        for (PublishedPort p : l.ports()) {
            exposed.add(exposed(p));
        }
        if (!exposed.isEmpty()) {
            cmd.withExposedPorts(exposed);
        }
        return cmd;
    }

    private static HostConfig hostConfig(TaskLaunch l) {
        HostConfig host = HostConfig.newHostConfig().withInit(true);
        List<Bind> binds = new ArrayList<>();
        for (BindMount m : l.mounts()) {
            binds.add(new Bind(m.source(), new Volume(m.target()), m.readOnly() ? AccessMode.ro : AccessMode.rw));
        }
        host.withBinds(binds);
        if (!l.ports().isEmpty()) {
            Ports ports = new Ports();
            for (PublishedPort p : l.ports()) {
                ports.bind(exposed(p), Ports.Binding.bindIpAndPort(p.hostIp(), p.published()));
            }
            host.withPortBindings(ports);
        }
        // NanoCPUs only: the engine refuses it together with CpuQuota
        if (l.nanoCpuLimit() > 0) {
            host.withNanoCPUs(l.nanoCpuLimit());
        }
        if (l.memoryLimit() > 0) {
            host.withMemory(l.memoryLimit());
        }
        if (l.memoryReserve() > 0) {
            host.withMemoryReservation(l.memoryReserve());
        }
        if (l.nanoCpuReserve() > 0) {
            host.withCpuShares((int) Math.max(2, l.nanoCpuReserve() * 1024 / NANOS_PER_CPU));
        }
        return host;
    }

    /**
     * The service's health check in the engine's terms (durations in nanoseconds). What it leaves at zero or empty
     * the engine takes from the image's HEALTHCHECK, as Docker does for a service.
     */
    static HealthCheck healthCheck(HealthSpec h) {
        HealthCheck check = new HealthCheck().withInterval(h.interval().toNanos()).withTimeout(h.timeout().toNanos())
                .withRetries(h.retries()).withStartPeriod(h.startPeriod().toNanos());
        return h.test().isEmpty() ? check : check.withTest(h.test());
    }

    private static ExposedPort exposed(PublishedPort p) {
        return new ExposedPort(p.target(), p.protocol() == Protocol.UDP ? InternetProtocol.UDP : InternetProtocol.TCP);
    }

    /** The engine's stop timeout is whole seconds; round a fractional grace period up. */
    static int stopSeconds(TaskLaunch l) {
        return seconds(l.stopGracePeriod());
    }

    static int seconds(java.time.Duration grace) {
        long ms = grace.toMillis();
        return (int) Math.min(Integer.MAX_VALUE, (ms + 999) / 1000);
    }
}
