package dev.flotilla.orchestrator.control;

import dev.flotilla.orchestrator.spec.ImageRef;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.state.ClusterState;

import java.util.List;
import java.util.Optional;

/**
 * Whether a service's image can be had in the cluster, from the image lists nodes report with their heartbeats (by
 * tag, and by digest for images that came from or went to a registry). An image that names a registry
 * ({@code registry.example:5000/web:0.2}) is pulled by the nodes that need it. An image with no registry in its name
 * is taken to be built or loaded on the nodes (a fleet here reaches no public registry): when no node has it, the
 * tasks could only be REJECTED, so it is refused at create and update. A pinned image ({@code web:1@sha256:...})
 * counts as present on a node that has that digest. (An image a registry just answered for is not checked here.)
 */
public final class Images {
    private Images() {
    }

    /** Why {@code image} cannot be used, or empty when a ready node (any node, if none is ready) has it. */
    public static Optional<String> problem(ClusterState s, String image) {
        if (image.contains("/") && !ImageRef.parse(image).registry().equals(ImageRef.DOCKER_HUB)) {
            return Optional.empty();
        }
        List<Node> ready = s.nodes().values().stream().filter(n -> n.status() == NodeStatus.READY).toList();
        List<Node> candidates = ready.isEmpty() ? List.copyOf(s.nodes().values()) : ready;
        String wanted = normalize(image);
        for (Node n : candidates) {
            for (String have : n.description().images()) {
                if (normalize(have).equals(wanted)) {
                    return Optional.empty();
                }
            }
        }
        int n = candidates.size();
        return Optional.of("image " + image + " is not on any node (" + n + (ready.isEmpty() ? "" : " ready")
                + (n == 1 ? " node" : " nodes") + " checked) and names no registry to pull it from: build or load the"
                + " image on the nodes first (docker build / docker load), or push it to a registry and name it there"
                + " (registry.example:5000/" + image + ", with --with-registry-auth if it needs a login); nodes report"
                + " their images with every heartbeat, so a new one is known within a few seconds");
    }

    /**
     * {@code busybox} → {@code busybox:latest}; Docker Hub's long forms are shortened the way the engine lists them;
     * a pinned reference is compared by its digest, as the engine lists digests ({@code web:1@sha256:x} →
     * {@code web@sha256:x}).
     */
    static String normalize(String ref) {
        String r = ref.strip();
        for (String prefix : new String[]{"docker.io/library/", "index.docker.io/library/", "docker.io/", "index.docker.io/"}) {
            if (r.startsWith(prefix)) {
                r = r.substring(prefix.length());
                break;
            }
        }
        int at = r.indexOf('@');
        if (at >= 0) {
            String name = r.substring(0, at);
            int tag = name.indexOf(':', name.lastIndexOf('/') + 1);
            return (tag < 0 ? name : name.substring(0, tag)) + r.substring(at);
        }
        int slash = r.lastIndexOf('/');
        return r.indexOf(':', slash + 1) < 0 ? r + ":latest" : r;
    }
}
