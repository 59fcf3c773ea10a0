package dev.flotilla.shipper.event;

/**
 * Who wrote a folder: {@code container.name} is the folder's name; the rest comes from the orchestrator's metadata
 * file ({@value TaskMetadata#FILE_NAME}) when present, otherwise it is null.
 */
public record ContainerInfo(String name, String service, String taskId, Integer slot, String node, String image) {
    public static ContainerInfo named(String name) {
        return new ContainerInfo(name, null, null, null, null, null);
    }
}
