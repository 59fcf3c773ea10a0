package dev.flotilla.orchestrator.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The {@value #FILE_NAME} file the agent writes into each task's log folder, for the log shipper: it maps
 * {@code <root>/<hostname>/} to the service, task and node. The logging-agent reads exactly these fields.
 */
@JsonPropertyOrder({"service", "service_id", "task_id", "slot", "node", "node_id", "image", "hostname", "created"})
public record TaskMetadata(@JsonProperty("service") String service,
                           @JsonProperty("service_id") String serviceId,
                           @JsonProperty("task_id") String taskId,
                           @JsonProperty("slot") int slot,
                           @JsonProperty("node") String node,
                           @JsonProperty("node_id") String nodeId,
                           @JsonProperty("image") String image,
                           @JsonProperty("hostname") String hostname,
                           @JsonProperty("created") String created) {
    public static final String FILE_NAME = ".flotilla-task.json";
}
