package dev.flotilla.orchestrator.agent;

import dev.flotilla.orchestrator.runtime.ContainerRuntime;
import dev.flotilla.orchestrator.runtime.OwnedContainer;
import dev.flotilla.orchestrator.runtime.RuntimeFailure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the engine holds for this node, as last listed: its containers by task (adoption after a restart, and the
 * safety net for missed exit events) and its images (reported in heartbeats). The listing finds at most one
 * container per task; any other is returned as a duplicate, to be removed.
 */
final class Inventory {
    /** One listing: the node's containers by task, duplicates to remove, and the engine's images. */
    record Listing(Map<String, OwnedContainer> byTask, List<OwnedContainer> duplicates, List<String> images) {
    }

    private volatile Map<String, OwnedContainer> owned = Map.of();
    private volatile List<String> images = List.of();

    static Listing list(ContainerRuntime runtime, String nodeId) throws RuntimeFailure {
        Map<String, OwnedContainer> byTask = new HashMap<>();
        List<OwnedContainer> duplicates = new ArrayList<>();
        for (OwnedContainer c : runtime.listOwned(nodeId)) {
            if (c.taskId() != null && byTask.putIfAbsent(c.taskId(), c) != null) {
                duplicates.add(c);
            }
        }
        return new Listing(byTask, duplicates, runtime.localImages());
    }

    /** Keeps a listing; true when the images changed since the last one. */
    boolean update(Listing l) {
        owned = Map.copyOf(l.byTask());
        boolean changed = !l.images().equals(images);
        images = List.copyOf(l.images());
        return changed;
    }

    Map<String, OwnedContainer> owned() {
        return owned;
    }

    List<String> images() {
        return images;
    }
}
