package dev.flotilla.orchestrator.api;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the user asked for. This is the minimal shape the control plane replicates; the service commands of the
 * CLI fill in the rest.
 *
 * @param replicas wanted replicas for a replicated service; ignored when {@code global}
 */
public record ServiceSpec(String name, String image, List<String> args, int replicas, boolean global,
                          Map<String, String> labels) {
    public ServiceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        args = args == null ? List.of() : List.copyOf(args);
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
    }
}
