package dev.flotilla.orchestrator.runtime.docker;

import dev.flotilla.orchestrator.runtime.ContainerExit;
import dev.flotilla.orchestrator.runtime.ContainerHealth;
import dev.flotilla.orchestrator.runtime.ExitListener;
import dev.flotilla.orchestrator.runtime.OwnershipLabels;
import dev.flotilla.orchestrator.runtime.RuntimeFailure;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Follows the engine's {@code die} and {@code health_status} events for one node's containers and hands them on as
 * {@link ContainerExit}s and health changes.
 */
final class ExitWatcher extends ResultCallback.Adapter<Event> {
    private static final Logger log = LoggerFactory.getLogger(ExitWatcher.class);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    /** The engine's action is "health_status: healthy"; the filter matches the prefix. */
    private static final String HEALTH_STATUS = "health_status";

    private final String nodeId;
    private final ExitListener listener;
    private volatile boolean closing;

    private ExitWatcher(String nodeId, ExitListener listener) {
        this.nodeId = nodeId;
        this.listener = listener;
    }

    static AutoCloseable start(DockerClient docker, String nodeId, ExitListener listener) throws RuntimeFailure {
        ExitWatcher watcher = new ExitWatcher(nodeId, listener);
        docker.eventsCmd()
                .withEventTypeFilter(EventType.CONTAINER)
                .withEventFilter("die", HEALTH_STATUS)
                .withLabelFilter(Map.of(OwnershipLabels.MANAGED, "true", OwnershipLabels.NODE, nodeId))
                .exec(watcher);
        boolean started;
        try {
            started = watcher.awaitStarted(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started = false;
        }
        if (!started) {
            watcher.closing = true;
            watcher.closeQuietly();
            throw RuntimeFailure.failed("the engine's event stream did not open within " + START_TIMEOUT.toSeconds()
                    + " s; check that dockerd is responsive", true, null);
        }
        return () -> {
            watcher.closing = true;
            watcher.close();
        };
    }

    @Override
    public void onNext(Event event) {
        String action = event.getAction() == null ? "" : event.getAction();
        if (event.getActor() == null) {
            return;
        }
        if (action.startsWith(HEALTH_STATUS + ":")) {
            health(event, ContainerHealth.of(action.substring(HEALTH_STATUS.length() + 1)));
        } else if (action.equals("die")) {
            exit(event);
        }
    }

    private void health(Event event, ContainerHealth health) {
        Map<String, String> attributes = event.getActor().getAttributes() == null ? Map.of() : event.getActor().getAttributes();
        String containerId = event.getActor().getId() != null ? event.getActor().getId() : event.getId();
        try {
            listener.onHealth(containerId, attributes.get(OwnershipLabels.TASK), health);
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("node", nodeId).addKeyValue("container", containerId).setCause(e)
                    .log("health listener failed");
        }
    }

    private void exit(Event event) {
        Map<String, String> attributes = event.getActor().getAttributes() == null ? Map.of() : event.getActor().getAttributes();
        int exitCode;
        try {
            exitCode = Integer.parseInt(attributes.getOrDefault("exitCode", "-1"));
        } catch (NumberFormatException e) {
            exitCode = -1;
        }
        Long nanos = event.getTimeNano();
        Instant at = nanos == null ? Instant.now() : Instant.ofEpochSecond(0, nanos);
        String containerId = event.getActor().getId() != null ? event.getActor().getId() : event.getId();
        try {
            listener.onExit(new ContainerExit(containerId, attributes.get(OwnershipLabels.TASK), exitCode, at));
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("node", nodeId).addKeyValue("container", containerId).setCause(e)
                    .log("exit listener failed");
        }
    }

    @Override
    public void onError(Throwable error) {
        if (!closing) {
            log.atWarn().addKeyValue("node", nodeId).setCause(error).log("engine event stream broke");
            listener.onStreamBroken(error);
        }
        closeQuietly();
    }

    @Override
    public void onComplete() {
        if (!closing) {
            listener.onStreamBroken(new EOFException("the engine closed the event stream"));
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            log.atDebug().setCause(e).log("closing the event stream");
        }
    }
}
