package dev.flotilla.orchestrator.api;

import dev.flotilla.orchestrator.spec.ServiceDefinition;

import java.util.Objects;

/**
 * A service as stored: its checked definition plus identity and a version that grows with every update. Tasks
 * remember the version and definition they were created from, so a rolling update can tell old tasks from new.
 * {@code previousSpec} is the definition before the last update (null until the first), for {@code service
 * rollback}, as Swarm's PreviousSpec. {@code registryAuth} is the registry credential given with
 * {@code --with-registry-auth}, sealed with the managers' cluster key (null without one); it is never shown.
 * {@code updateStatus} says where the last rolling update or rollback stands (null before the first).
 */
public record Service(String id, ServiceDefinition spec, long version, long createdAt, long updatedAt,
                      ServiceDefinition previousSpec, SealedSecret registryAuth, UpdateStatus updateStatus) {
    public Service {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(spec, "spec");
    }

    /** A service that was never updated. */
    public Service(String id, ServiceDefinition spec, long version, long createdAt, long updatedAt) {
        this(id, spec, version, createdAt, updatedAt, null, null, null);
    }

    public Service(String id, ServiceDefinition spec, long version, long createdAt, long updatedAt,
                   ServiceDefinition previousSpec) {
        this(id, spec, version, createdAt, updatedAt, previousSpec, null, null);
    }

    public Service withRegistryAuth(SealedSecret sealed) {
        return new Service(id, spec, version, createdAt, updatedAt, previousSpec, sealed, updateStatus);
    }

    public Service withUpdateStatus(UpdateStatus status) {
        return new Service(id, spec, version, createdAt, updatedAt, previousSpec, registryAuth, status);
    }

    /** The service as users may see it ({@code inspect}, {@code ls}): without its sealed credential. */
    public Service withoutSecrets() {
        return registryAuth == null ? this : withRegistryAuth(null);
    }

    public String name() {
        return spec.name();
    }

    /** The next version of this service with {@code next} as its definition; the current one becomes the previous. */
    public Service withSpec(ServiceDefinition next, long at) {
        return new Service(id, next, version + 1, createdAt, at, spec, registryAuth, updateStatus);
    }
}
