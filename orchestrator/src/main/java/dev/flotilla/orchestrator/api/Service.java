package dev.flotilla.orchestrator.api;

import dev.flotilla.orchestrator.spec.ServiceDefinition;

import java.util.Objects;

/**
 * A service as stored: its checked definition plus identity and a version that grows with every update. Tasks
 * remember the version and definition they were created from, so a rolling update can tell old tasks from new.
 */
public record Service(String id, ServiceDefinition spec, long version, long createdAt, long updatedAt) {
    public Service {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(spec, "spec");
    }

    public String name() {
        return spec.name();
    }

    /** The next version of this service with {@code next} as its definition. */
    public Service withSpec(ServiceDefinition next, long at) {
        return new Service(id, next, version + 1, createdAt, at);
    }
}
