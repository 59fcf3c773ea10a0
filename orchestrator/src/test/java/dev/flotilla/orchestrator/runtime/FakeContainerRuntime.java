package dev.flotilla.orchestrator.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An engine in memory, for unit tests of the node agent: containers with states, exit events, images, and the
 * calls made, in order. The test makes containers exit ({@link #exit}) or fail to start, and can take the engine
 * down ({@link #setDown}).
 */
public final class FakeContainerRuntime implements ContainerRuntime {
    /** One container as the fake engine holds it. */
    public static final class Container {
        public final String id;
        public final OwnedContainer owned;
        public volatile ContainerState state = ContainerState.CREATED;
        public volatile int exitCode;
        /** Whether the container runs a health check (then it is STARTING once started). */
        volatile boolean checked;
        public volatile ContainerHealth health = ContainerHealth.NONE;

        Container(String id, OwnedContainer owned) {
            this.id = id;
            this.owned = owned;
        }
    }

    private final Map<String, Container> containers = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<ExitListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> images = ConcurrentHashMap.newKeySet();
    private final Set<String> imagesWithCheck = ConcurrentHashMap.newKeySet();
    private final Map<String, RegistryAuth> pullable = new ConcurrentHashMap<>();
    private final List<RegistryAuth> pulledWith = new CopyOnWriteArrayList<>();
    private final Map<String, String> digests = new ConcurrentHashMap<>();
    private final Map<String, RegistryAuth> digestAuth = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile String down;

    public FakeContainerRuntime(String... images) {
        this.images.addAll(List.of(images));
    }

    /** A container that was there before the agent started (as after a restart of the daemon). */
    public Container existing(String nodeId, String serviceId, String taskId, ContainerState state) {
        String id = newId();
        Container c = new Container(id, new OwnedContainer(id, "c-" + taskId, nodeId, serviceId, "svc", taskId, 1,
                "h-" + taskId, "img:1", state));
        c.state = state;
        containers.put(id, c);
        return c;
    }

    /** The process of container {@code id} ends with {@code code}; the exit event goes to the watchers. */
    public void exit(String id, int code) {
        Container c = containers.get(id);
        c.state = ContainerState.EXITED;
        c.exitCode = code;
        listeners.forEach(l -> l.onExit(new ContainerExit(id, c.owned.taskId(), code, Instant.now())));
    }

    /** {@code image} has a HEALTHCHECK: its containers run it unless their service says otherwise. */
    public void healthCheckIn(String image) {
        imagesWithCheck.add(image);
    }

    /** Container {@code id}'s check gives {@code h}; the engine's event goes to the watchers. */
    public void health(String id, ContainerHealth h) {
        Container c = containers.get(id);
        c.health = h;
        listeners.forEach(l -> l.onHealth(id, c.owned.taskId(), h));
    }

    /** As {@link #health}, but the event is lost: only a listing or an inspect shows it. */
    public void healthWithoutEvent(String id, ContainerHealth h) {
        containers.get(id).health = h;
    }

    /** A registry offers {@code image}; a pull needs exactly {@code auth} (null: no credential needed). */
    public void offer(String image, RegistryAuth auth) {
        pullable.put(image, auth == null ? new RegistryAuth("", "", "") : auth);
    }

    /**
     * A registry serves {@code digest} for {@code reference} ({@code name:tag}); asking needs exactly {@code auth}
     * (null: no credential needed). A reference never served, or served with a null digest (the registry went
     * away), is unknown to every registry.
     */
    public void serveDigest(String reference, String digest, RegistryAuth auth) {
        if (digest == null) {
            digests.remove(reference);
            return;
        }
        digests.put(reference, digest);
        digestAuth.put(reference, auth == null ? new RegistryAuth("", "", "") : auth);
    }

    /** The credentials pulls were made with, in order (null for none). */
    public List<RegistryAuth> pulledWith() {
        return new ArrayList<>(pulledWith);
    }

    /** Non-null: every call fails with this reason, as an engine that does not answer. */
    public void setDown(String reason) {
        this.down = reason;
    }

    public List<String> calls() {
        return new ArrayList<>(calls);
    }

    /** The containers that exist now, by task id. */
    public Map<String, Container> byTask() {
        Map<String, Container> m = new LinkedHashMap<>();
        containers.values().forEach(c -> m.put(c.owned.taskId(), c));
        return m;
    }

    private String newId() {
        return String.format("%064x", ids.incrementAndGet());
    }

    private void check(String call) throws RuntimeFailure {
        calls.add(call);
        if (down != null) {
            throw RuntimeFailure.failed(down, true, null);
        }
    }

    @Override
    public ImageInfo requireImage(String image, String nodeName) throws RuntimeFailure {
        check("requireImage " + image);
        if (!images.contains(image)) {
            throw RuntimeFailure.rejected("image " + image + " is not on node " + nodeName);
        }
        return new ImageInfo("sha256:" + image.hashCode(), List.of(), "");
    }

    @Override
    public ImageInfo pullIfMissing(String image, RegistryAuth auth, String nodeName) throws RuntimeFailure {
        check("pullIfMissing " + image);
        if (!images.contains(image)) {
            pulledWith.add(auth);
            RegistryAuth needed = pullable.get(image);
            if (needed == null) {
                throw RuntimeFailure.rejected("pulling " + image + " on node " + nodeName + " failed: manifest unknown");
            }
            boolean open = needed.server().isEmpty();
            if (!open && (auth == null || !auth.equals(needed))) {
                throw RuntimeFailure.rejected("pulling " + image + " on node " + nodeName + " failed: unauthorized:"
                        + " authentication required");
            }
            images.add(image);
        }
        return requireImage(image, nodeName);
    }

    @Override
    public String registryDigest(String reference, RegistryAuth auth) throws RuntimeFailure {
        check("registryDigest " + reference);
        String digest = digests.get(reference);
        if (digest == null) {
            throw RuntimeFailure.rejected("manifest unknown: " + reference);
        }
        RegistryAuth needed = digestAuth.get(reference);
        if (!needed.server().isEmpty() && !needed.equals(auth)) {
            throw RuntimeFailure.rejected("unauthorized: authentication required");
        }
        return digest;
    }

    @Override
    public PreparedContainer create(TaskLaunch launch) throws RuntimeFailure {
        check("create " + launch.taskId());
        requireImage(launch.image(), launch.nodeHostname());
        for (Container c : containers.values()) {
            if (c.owned.taskId().equals(launch.taskId())) {
                return new PreparedContainer(c.id, launch.hostname(), Path.of("/logs", launch.hostname()));
            }
        }
        String id = newId();
        Container created = new Container(id, new OwnedContainer(id, "c-" + launch.taskId(), launch.nodeId(),
                launch.serviceId(), launch.serviceName(), launch.taskId(), launch.slot(), launch.hostname(),
                launch.image(), ContainerState.CREATED));
        boolean imageChecks = imagesWithCheck.contains(launch.image());
        created.checked = launch.health() == null ? imageChecks
                : !launch.health().disabled() && (!launch.health().test().isEmpty() || imageChecks);
        containers.put(id, created);
        return new PreparedContainer(id, launch.hostname(), Path.of("/logs", launch.hostname()));
    }

    @Override
    public void start(String containerId) throws RuntimeFailure {
        check("start " + containerId);
        Container c = containers.get(containerId);
        if (c == null) {
            throw RuntimeFailure.failed("no such container " + containerId, false, null);
        }
        c.state = ContainerState.RUNNING;
        c.health = c.checked ? ContainerHealth.STARTING : ContainerHealth.NONE;
    }

    @Override
    public void stop(String containerId, Duration grace) throws RuntimeFailure {
        check("stop " + containerId);
        Container c = containers.get(containerId);
        if (c != null && !c.state.ended()) {
            c.state = ContainerState.EXITED;
            c.exitCode = 143;
        }
    }

    @Override
    public void remove(String containerId) throws RuntimeFailure {
        check("remove " + containerId);
        containers.remove(containerId);
    }

    @Override
    public Optional<ContainerStatus> inspect(String containerId) throws RuntimeFailure {
        check("inspect " + containerId);
        Container c = containers.get(containerId);
        return c == null ? Optional.empty() : Optional.of(new ContainerStatus(c.id, c.state, c.exitCode, "", false,
                Instant.EPOCH, c.state.ended() ? Instant.now() : null, c.health,
                c.health == ContainerHealth.UNHEALTHY ? "exit 1: not ready" : ""));
    }

    @Override
    public List<String> localImages() throws RuntimeFailure {
        check("localImages");
        return List.copyOf(images);
    }

    @Override
    public List<OwnedContainer> listOwned(String nodeId) throws RuntimeFailure {
        check("listOwned");
        List<OwnedContainer> out = new ArrayList<>();
        for (Container c : containers.values()) {
            if (c.owned.nodeId().equals(nodeId)) {
                OwnedContainer o = c.owned;
                out.add(new OwnedContainer(o.containerId(), o.name(), o.nodeId(), o.serviceId(), o.serviceName(),
                        o.taskId(), o.slot(), o.hostname(), o.image(), c.state, c.health));
            }
        }
        return out;
    }

    @Override
    public AutoCloseable watchExits(String nodeId, ExitListener listener) throws RuntimeFailure {
        check("watchExits");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        calls.add("close");
    }
}
