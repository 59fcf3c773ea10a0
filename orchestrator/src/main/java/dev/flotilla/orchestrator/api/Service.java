package dev.flotilla.orchestrator.api;

import java.util.Objects;

/** A service as stored: its spec plus identity and a version that grows with every update. */
public record Service(String id, ServiceSpec spec, long version, long createdAt, long updatedAt) {
    public Service {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(spec, "spec");
    }
}
