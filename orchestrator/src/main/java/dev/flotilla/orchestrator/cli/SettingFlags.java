package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.spec.ServiceSettings;
import picocli.CommandLine.Mixin;

/**
 * Every flag that sets one value of a service ({@link ServiceSettings}), declared once and mixed into both
 * {@code service create} and {@code service update}: on create a missing one takes its default, on update it
 * keeps the service's current value. The values go to the manager as typed, which checks them all at once.
 */
final class SettingFlags {
    @Mixin
    ReplicaFlags replicas;
    @Mixin
    ResourceFlags resources;
    @Mixin
    ContainerFlags container;
    @Mixin
    UpdatePolicyFlags updatePolicy;
    @Mixin
    RestartPolicyFlags restartPolicy;
    @Mixin
    HealthFlags health;

    void fill(ServiceSettings.Builder<?> b) {
        replicas.fill(b);
        resources.fill(b);
        container.fill(b);
        updatePolicy.fill(b);
        restartPolicy.fill(b);
        health.fill(b);
    }
}
