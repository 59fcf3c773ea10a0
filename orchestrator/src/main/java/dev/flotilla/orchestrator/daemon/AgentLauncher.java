package dev.flotilla.orchestrator.daemon;

import dev.flotilla.orchestrator.agent.AgentSettings;
import dev.flotilla.orchestrator.agent.NodeAgent;
import dev.flotilla.orchestrator.identity.NodeIdentity;
import dev.flotilla.orchestrator.runtime.docker.DockerContainerRuntime;
import dev.flotilla.orchestrator.runtime.docker.DockerEngineConfig;
import dev.flotilla.orchestrator.spec.Addresses;
import dev.flotilla.orchestrator.tls.ClientTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Starts the node agent of a daemon on the local Docker engine ({@code /var/run/docker.sock}, or the socket named
 * by {@code FLOTILLA_DOCKER_SOCKET}). An engine that does not answer is retried; the node keeps its place in the
 * cluster meanwhile, reports no images, and rejects the tasks placed on it.
 */
final class AgentLauncher {
    static final String SOCKET_ENV = "FLOTILLA_DOCKER_SOCKET";
    /** Container operations at once: the engine, not the agent, should be the limit when many tasks start. */
    static final int WORKERS = 16;
    private static final Logger LOG = LoggerFactory.getLogger(AgentLauncher.class);

    private AgentLauncher() {
    }

    static NodeAgent start(NodeIdentity id, ClientTls tls, Supplier<List<String>> managers, Runnable imagesChanged) {
        String socket = System.getenv(SOCKET_ENV);
        DockerEngineConfig engine = socket == null || socket.isBlank() ? DockerEngineConfig.defaults()
                : DockerEngineConfig.at(Path.of(socket));
        AgentSettings settings = new AgentSettings(id.nodeId(), id.hostname(), Addresses.host(id.apiAddress()),
                tls, managers, AgentSettings.labelsFromEnv(System.getenv(AgentSettings.LABELS_ENV)), WORKERS,
                Duration.ofSeconds(5));
        LOG.atInfo().addKeyValue("node", id.nodeId()).addKeyValue("engine", engine.socket().toString())
                .log("starting the node agent");
        return new NodeAgent(settings, () -> DockerContainerRuntime.connect(engine), imagesChanged).start();
    }
}
