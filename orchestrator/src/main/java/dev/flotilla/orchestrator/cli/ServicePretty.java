package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.UpdateStatus;
import dev.flotilla.orchestrator.spec.Constraint;
import dev.flotilla.orchestrator.spec.EnvVar;
import dev.flotilla.orchestrator.spec.GoDuration;
import dev.flotilla.orchestrator.spec.HealthSpec;
import dev.flotilla.orchestrator.spec.MountSpec;
import dev.flotilla.orchestrator.spec.PortSpec;
import dev.flotilla.orchestrator.spec.Quantities;
import dev.flotilla.orchestrator.spec.Resources;
import dev.flotilla.orchestrator.spec.ServiceDefinition;
import dev.flotilla.orchestrator.spec.ServiceMode;
import dev.flotilla.orchestrator.spec.UpdatePolicy;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.stream.Collectors;

/** {@code service inspect --pretty}: the service as a short report in docker's layout. */
final class ServicePretty {
    private ServicePretty() {
    }

    static void print(PrintWriter out, Service s) {
        ServiceDefinition d = s.spec();
        out.println();
        out.println("ID:\t\t" + s.id());
        out.println("Name:\t\t" + d.name());
        if (!d.labels().isEmpty()) {
            out.println("Labels:");
            d.labels().forEach((k, v) -> out.println(" " + k + "=" + v));
        }
        out.println("Version:\t" + s.version());
        out.println("Created at:\t" + Instant.ofEpochMilli(s.createdAt()));
        out.println("Updated at:\t" + Instant.ofEpochMilli(s.updatedAt()));
        out.println("Service Mode:\t" + (d.mode() == ServiceMode.GLOBAL ? "Global" : "Replicated"));
        if (d.mode() == ServiceMode.REPLICATED) {
            out.println(" Replicas:\t" + d.replicas());
            if (d.maxReplicasPerNode() > 0) {
                out.println(" Max per node:\t" + d.maxReplicasPerNode());
            }
        }
        if (!d.constraints().isEmpty()) {
            out.println("Placement:");
            out.println(" Constraints:\t[" + d.constraints().stream().map(Constraint::format)
                    .collect(Collectors.joining(" ")) + "]");
        }
        if (s.updateStatus() != null) {
            UpdateStatus u = s.updateStatus();
            out.println("UpdateStatus:");
            out.println(" State:\t\t" + u.state().word());
            out.println(" Started:\t" + Instant.ofEpochMilli(u.startedAt()));
            if (u.completedAt() > 0) {
                out.println(" Completed:\t" + Instant.ofEpochMilli(u.completedAt()));
            }
            out.println(" Message:\t" + u.message());
        }
        policy(out, "UpdateConfig:", "Update order:", d.update());
        if (d.forceUpdate() > 0) {
            out.println(" Forced:\t" + d.forceUpdate() + " time(s)");
        }
        policy(out, "RollbackConfig:", "Rollback order:", d.rollback());
        out.println("ContainerSpec:");
        out.println(" Image:\t\t" + d.image());
        if (!d.command().isEmpty()) {
            out.println(" Args:\t\t" + String.join(" ", d.command()));
        }
        if (!d.env().isEmpty()) {
            out.println(" Env:\t\t" + d.env().stream().map(EnvVar::format).collect(Collectors.joining(" ")));
        }
        out.println(" Hostname:\t" + (d.hostname() == null ? "(12 hex characters from the task id)" : d.hostname()));
        out.println(" StopGracePeriod: " + GoDuration.format(d.stopGracePeriod()));
        if (d.logDir() != null) {
            out.println(" Log dir:\t" + d.logDir() + " (one folder per task, named by its hostname)");
        }
        if (!d.mounts().isEmpty()) {
            out.println("Mounts:");
            for (MountSpec m : d.mounts()) {
                out.println(" Target:\t" + m.target());
                out.println("  Source:\t" + m.source());
                out.println("  ReadOnly:\t" + m.readOnly());
                out.println("  Type:\t\tbind");
            }
        }
        if (!d.reservations().equals(Resources.NONE) || !d.limits().equals(Resources.NONE)) {
            out.println("Resources:");
            resources(out, "Reservations", d.reservations());
            resources(out, "Limits", d.limits());
        }
        if (!d.ports().isEmpty()) {
            out.println("Ports:");
            for (PortSpec p : d.ports()) {
                out.println(" PublishedPort = " + p.published());
                out.println("  Protocol = " + p.protocol().lowerName());
                out.println("  TargetPort = " + p.target());
                out.println("  PublishMode = host (each node's advertise address)");
            }
        }
        health(out, d.health());
        out.flush();
    }

    /** Docker's block, where 0 stands for the image's value (Docker's default when the image has none). */
    private static void health(PrintWriter out, HealthSpec h) {
        if (h == null) {
            return;
        }
        out.println(" Healthcheck:");
        out.println("  Interval = " + GoDuration.format(h.interval()));
        out.println("  Retries = " + h.retries());
        out.println("  StartPeriod =\t" + GoDuration.format(h.startPeriod()));
        out.println("  Timeout =\t" + GoDuration.format(h.timeout()));
        if (!h.test().isEmpty()) {
            out.println("  Tests:");
            h.test().forEach(t -> out.println("\t Test = " + t));
        }
    }

    private static void resources(PrintWriter out, String what, Resources r) {
        if (r.equals(Resources.NONE)) {
            return;
        }
        out.println(" " + what + ":");
        if (r.nanoCpus() > 0) {
            out.println("  CPU:\t\t" + Quantities.formatCpus(r.nanoCpus()));
        }
        if (r.memoryBytes() > 0) {
            out.println("  Memory:\t" + Quantities.formatMemory(r.memoryBytes()));
        }
    }

    private static void policy(PrintWriter out, String title, String orderLabel, UpdatePolicy p) {
        out.println(title);
        out.println(" Parallelism:\t" + p.parallelism());
        if (!p.delay().isZero()) {
            out.println(" Delay:\t\t" + GoDuration.format(p.delay()));
        }
        out.println(" On failure:\t" + p.failureAction().word());
        out.println(" Monitoring Period: " + GoDuration.format(p.monitor()));
        out.println(" Max failure ratio: " + BigDecimal.valueOf(p.maxFailureRatio()).stripTrailingZeros().toPlainString());
        out.println(" " + orderLabel + "    " + p.order().word());
    }
}
