package dev.flotilla.orchestrator.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Test helper: a {@link TaskLaunch} with defaults, changed through the record's copy methods below. */
public final class Launches {
    private Launches() {
    }

    public static TaskLaunch launch(String nodeId, String taskId, int slot, String image, List<BindMount> mounts,
                                    String logDir, Map<String, String> env, List<String> command,
                                    Map<String, String> extraLabels) {
        return new TaskLaunch(nodeId, "host-" + nodeId, "svc-id-1", "web", taskId, slot, image, command,
                dev.flotilla.orchestrator.template.Hostnames.defaultFor(taskId), env, mounts, logDir, List.of(),
                0, 0, 0, 0, Duration.ofSeconds(10), extraLabels);
    }

    public static TaskLaunch simple(String nodeId, String taskId, List<BindMount> mounts, String logDir) {
        return launch(nodeId, taskId, 1, "img:1", mounts, logDir, Map.of(), List.of(), Map.of());
    }
}
