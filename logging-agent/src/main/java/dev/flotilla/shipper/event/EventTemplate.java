package dev.flotilla.shipper.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.shipper.config.InputConfig;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The parts of an event that are the same for every line of one file, rendered to JSON bytes once: everything but
 * {@code @timestamp}, {@code message}, {@code log.offset}, {@code log.flags} and parsed access-log fields. They form
 * one {@link #suffix()} that closes every event of the file: an event travels as its own varying head plus this
 * shared array, and the two are joined only when the wire frame is written.
 */
public final class EventTemplate {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] suffix;
    final boolean parseAccessLog;
    private final ContainerInfo container;
    private final String dataset;

    private EventTemplate(byte[] suffix, boolean parseAccessLog, ContainerInfo container, String dataset) {
        this.suffix = suffix;
        this.parseAccessLog = parseAccessLog;
        this.container = container;
        this.dataset = dataset;
    }

    /**
     * What follows {@code log.offset} (and {@code log.flags}) in every event of the file, closing the event:
     * {@code log.file.path}, {@code @metadata}, input, event, host, container, service, agent, ecs and custom fields.
     * Shared: never modify it.
     */
    public byte[] suffix() {
        return suffix;
    }

    public ContainerInfo container() {
        return container;
    }

    public String dataset() {
        return dataset;
    }

    public static EventTemplate of(AgentInfo agent, InputConfig input, String path, ContainerInfo container) {
        String fileName = path.substring(path.lastIndexOf('/') + 1);
        String dataset = input.dataset() != null ? input.dataset() : Datasets.forFileName(fileName);
        ObjectNode meta = JSON.createObjectNode();
        meta.putObject("@metadata").put("beat", agent.index()).put("type", "_doc").put("version", agent.version());
        ObjectNode file = JSON.createObjectNode();
        file.putObject("file").put("path", path);
        ObjectNode rest = restOf(agent, input, container, dataset);
        String suffix = "," + inner(file) + "}," + inner(meta) + (rest.isEmpty() ? "" : "," + inner(rest)) + "}";
        return new EventTemplate(bytes(suffix), input.parseAccessLog(), container, dataset);
    }

    private static ObjectNode restOf(AgentInfo agent, InputConfig input, ContainerInfo c, String dataset) {
        ObjectNode r = JSON.createObjectNode();
        r.putObject("input").put("type", "filestream");
        r.putObject("event").put("dataset", dataset);
        r.putObject("host").put("name", agent.hostName());
        ObjectNode container = r.putObject("container").put("name", c.name());
        if (c.image() != null) {
            container.putObject("image").put("name", c.image());
        }
        if (c.service() != null) {
            r.putObject("service").put("name", c.service());
        }
        if (c.taskId() != null || c.slot() != null || c.node() != null) {
            ObjectNode flotilla = r.putObject("flotilla");
            if (c.taskId() != null || c.slot() != null) {
                ObjectNode task = flotilla.putObject("task");
                if (c.taskId() != null) {
                    task.put("id", c.taskId());
                }
                if (c.slot() != null) {
                    task.put("slot", c.slot());
                }
            }
            if (c.node() != null) {
                flotilla.putObject("node").put("name", c.node());
            }
        }
        r.putObject("agent").put("type", AgentInfo.TYPE).put("name", agent.name()).put("version", agent.version())
                .put("id", agent.id()).put("ephemeral_id", agent.ephemeralId());
        r.putObject("ecs").put("version", AgentInfo.ECS_VERSION);
        addFields(r, input);
        return r;
    }

    private static void addFields(ObjectNode r, InputConfig input) {
        if (input.fields().isEmpty()) {
            return;
        }
        ObjectNode target = input.fieldsUnderRoot() ? r : r.putObject("fields");
        for (Map.Entry<String, Object> e : input.fields().entrySet()) {
            target.set(e.getKey(), JSON.valueToTree(e.getValue()));
        }
    }

    /** The members of an object without its braces. */
    private static String inner(ObjectNode n) {
        try {
            String s = JSON.writeValueAsString(n);
            return s.substring(1, s.length() - 1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render event fields", e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
