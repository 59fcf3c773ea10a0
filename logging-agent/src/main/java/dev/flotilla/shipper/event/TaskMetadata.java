package dev.flotilla.shipper.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The metadata file the orchestrator writes into each container's log folder, {@code .flotilla-task.json}:
 * <pre>{"service":"test-tomcat","task_id":"k3x9...","slot":3,"node":"node1","image":"registry.example/test-tomcat:0.1"}</pre>
 * Every field is optional; unknown fields are ignored so the format can grow.
 */
public final class TaskMetadata {
    public static final String FILE_NAME = ".flotilla-task.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BYTES = 64 * 1024;

    private TaskMetadata() {
    }

    /** The outcome of reading one folder's file: the info (never null) and a problem to report, or null. */
    public record Result(ContainerInfo info, String problem) {
    }

    public static Result read(Path folder) {
        String name = folder.getFileName() == null ? folder.toString() : folder.getFileName().toString();
        Path file = folder.resolve(FILE_NAME);
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                return new Result(ContainerInfo.named(name), file + " is larger than 64 KiB; ignored (expected a small JSON object)");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Result(ContainerInfo.named(name), null);
        } catch (IOException e) {
            return new Result(ContainerInfo.named(name), "cannot read " + file + ": " + e.getMessage());
        }
        return parse(name, bytes, file.toString());
    }

    public static Result parse(String containerName, byte[] bytes, String source) {
        ContainerInfo bare = ContainerInfo.named(containerName);
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            return new Result(bare, source + " is not valid JSON (" + e.getOriginalMessage() + "); events from this folder"
                    + " carry container.name only");
        } catch (IOException e) {
            return new Result(bare, "cannot read " + source + ": " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            return new Result(bare, source + " must hold a JSON object such as {\"service\":\"web\",\"task_id\":\"...\",\"slot\":1}");
        }
        JsonNode slot = n.get("slot");
        String problem = null;
        Integer slotValue = null;
        if (slot != null && !slot.isNull()) {
            if (slot.isIntegralNumber() && slot.canConvertToInt()) {
                slotValue = slot.intValue();
            } else {
                problem = source + ": slot must be a whole number, got " + slot + "; ignored";
            }
        }
        return new Result(new ContainerInfo(containerName, text(n, "service"), text(n, "task_id"), slotValue,
                text(n, "node"), text(n, "image")), problem);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }
}
