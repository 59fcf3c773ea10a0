package dev.flotilla.orchestrator.agent;

import dev.flotilla.orchestrator.tls.ClientTls;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a node agent needs to know about its node and its cluster.
 *
 * @param advertiseHost the node's address: published ports are bound there
 * @param managers      the managers' API addresses, freshest first (from the node's heartbeats)
 * @param extraLabels   more labels for every container it creates (tests mark theirs)
 * @param workers       how many container operations run at once
 * @param resync        how often the node's containers and images are listed again (missed events, new images)
 */
public record AgentSettings(String nodeId, String nodeHostname, String advertiseHost, ClientTls tls,
                            Supplier<List<String>> managers, Map<String, String> extraLabels, int workers,
                            Duration resync) {
    /** {@code FLOTILLA_CONTAINER_LABELS=k=v,k2=v2}: labels added to every container the agent creates. */
    public static final String LABELS_ENV = "FLOTILLA_CONTAINER_LABELS";

    public AgentSettings {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(managers, "managers");
        extraLabels = Map.copyOf(extraLabels);
        if (workers < 1) {
            throw new IllegalArgumentException("an agent needs at least one worker");
        }
    }

    /** Parses {@link #LABELS_ENV}; a malformed entry is an error that says how to write it. */
    public static Map<String, String> labelsFromEnv(String value) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return labels;
        }
        for (String entry : value.split(",")) {
            int eq = entry.indexOf('=');
            String key = eq < 0 ? "" : entry.substring(0, eq).strip();
            if (key.isEmpty() || key.startsWith("dev.flotilla.managed") || key.startsWith("dev.flotilla.node")) {
                throw new IllegalArgumentException(LABELS_ENV + " entry \"" + entry + "\" is not usable: write"
                        + " key=value pairs separated by commas (the dev.flotilla.managed and dev.flotilla.node"
                        + " labels are Flotilla's own)");
            }
            labels.put(key, entry.substring(eq + 1).strip());
        }
        return labels;
    }
}
