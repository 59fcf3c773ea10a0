package dev.flotilla.orchestrator.runtime.docker;

import dev.flotilla.orchestrator.runtime.ContainerHealth;
import dev.flotilla.orchestrator.runtime.ContainerRuntime;
import dev.flotilla.orchestrator.runtime.ContainerState;
import dev.flotilla.orchestrator.runtime.ContainerStatus;
import dev.flotilla.orchestrator.runtime.ExitListener;
import dev.flotilla.orchestrator.runtime.HostPaths;
import dev.flotilla.orchestrator.runtime.ImageInfo;
import dev.flotilla.orchestrator.runtime.OwnedContainer;
import dev.flotilla.orchestrator.runtime.OwnershipLabels;
import dev.flotilla.orchestrator.runtime.PreparedContainer;
import dev.flotilla.orchestrator.runtime.RegistryAuth;
import dev.flotilla.orchestrator.runtime.RuntimeFailure;
import dev.flotilla.orchestrator.runtime.TaskLaunch;
import dev.flotilla.orchestrator.spec.ImageRef;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@link ContainerRuntime} on the local Docker engine through docker-java's zero-dependency transport on the
 * unix socket. The API version is not pinned: docker-java then sends unversioned paths and the engine answers
 * with its own version (1.41 on Docker 20.10). Images are pulled only by {@link #pullIfMissing}, by tag or, for a
 * pinned reference ({@code repo:tag@sha256:...}), by digest; the engine finds a pinned image by its digest.
 */
public final class DockerContainerRuntime implements ContainerRuntime {
    private static final Logger log = LoggerFactory.getLogger(DockerContainerRuntime.class);
    /** A pull that takes longer fails the task (retried on another attempt). */
    static final Duration PULL_LIMIT = Duration.ofMinutes(10);

    private final DockerClient docker;
    private final DistributionInspect distribution;
    private final Clock clock;

    DockerContainerRuntime(DockerClient docker, DistributionInspect distribution, Clock clock) {
        this.docker = docker;
        this.distribution = distribution;
        this.clock = clock;
    }

    /** Connects and checks that the engine answers; a FAILED failure says how to fix it when it does not. */
    public static DockerContainerRuntime connect(DockerEngineConfig config) throws RuntimeFailure {
        if (!Files.exists(config.socket())) {
            throw RuntimeFailure.failed("no Docker engine socket at " + config.socket() + "; start dockerd (or point"
                    + " the agent at the right socket)", true, null);
        }
        DockerClientConfig clientConfig = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix://" + config.socket()).build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(clientConfig.getDockerHost())
                .maxConnections(32)
                .connectionTimeout(config.connectTimeout())
                .responseTimeout(config.responseTimeout())
                .build();
        DockerClient client = DockerClientImpl.getInstance(clientConfig, http);
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw RuntimeFailure.failed("the Docker engine at " + config.socket() + " does not answer ("
                    + EngineErrors.message(e) + "); check that dockerd is running", true, e);
        }
        DistributionInspect distribution = new DistributionInspect(() -> new ZerodepDockerHttpClient.Builder()
                .dockerHost(clientConfig.getDockerHost())
                .maxConnections(1)
                .connectionTimeout(config.connectTimeout())
                .responseTimeout(config.registryTimeout())
                .build(), config.registryTimeout());
        return new DockerContainerRuntime(client, distribution, Clock.systemUTC());
    }

    @Override
    public ImageInfo requireImage(String image, String nodeName) throws RuntimeFailure {
        try {
            InspectImageResponse r = docker.inspectImageCmd(image).exec();
            var config = r.getConfig();
            List<String> env = config == null || config.getEnv() == null ? List.of() : Arrays.asList(config.getEnv());
            return new ImageInfo(r.getId(), env, config == null ? "" : config.getUser());
        } catch (NotFoundException e) {
            throw RuntimeFailure.rejected(notFound(image, nodeName));
        } catch (RuntimeException e) {
            throw EngineErrors.failed(e, "inspecting image " + image);
        }
    }

    private static String notFound(String image, String nodeName) {
        return "image " + image + " not found on node " + nodeName + "; build or load it there, or push it to a"
                + " registry the node can pull from and name it there";
    }

    @Override
    public String registryDigest(String reference, RegistryAuth auth) throws RuntimeFailure {
        return distribution.digest(reference, auth);
    }

    @Override
    public ImageInfo pullIfMissing(String image, RegistryAuth auth, String nodeName) throws RuntimeFailure {
        try {
            return requireImage(image, nodeName);
        } catch (RuntimeFailure missing) {
            if (missing.kind() != RuntimeFailure.Kind.REJECTED) {
                throw missing;
            }
        }
        ImageRef ref = ImageRef.parse(image);
        var pull = docker.pullImageCmd(ref.name()).withTag(ref.tagOrDigest())
                .withAuthConfig(auth == null ? new AuthConfig() : new AuthConfig().withRegistryAddress(auth.server())
                        .withUsername(auth.username().isEmpty() ? null : auth.username())
                        .withPassword(auth.username().isEmpty() ? null : auth.secret())
                        .withIdentityToken(auth.username().isEmpty() ? auth.secret() : null));
        try {
            if (!pull.exec(new PullImageResultCallback()).awaitCompletion(PULL_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                throw RuntimeFailure.failed("pulling " + image + " on node " + nodeName + " took longer than "
                        + PULL_LIMIT.toMinutes() + " minutes", true, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RuntimeFailure.failed("pulling " + image + " was interrupted", true, e);
        } catch (RuntimeException e) {
            throw RuntimeFailure.rejected("pulling " + image + " on node " + nodeName + " failed: "
                    + EngineErrors.message(e) + (auth == null ? " (no registry credential was sent; create or"
                    + " update the service with --with-registry-auth if the registry needs one)" : ""));
        }
        log.atInfo().addKeyValue("image", image).addKeyValue("node", nodeName).log("image pulled");
        return requireImage(image, nodeName);
    }

    @Override
    public PreparedContainer create(TaskLaunch launch) throws RuntimeFailure {
        ImageInfo image = requireImage(launch.image(), launch.nodeHostname());
        HostPaths.ensureSources(launch);
        Path logFolder = HostPaths.prepareLogFolder(launch, image, clock.instant());
        String id;
        try {
            id = ContainerSpecs.fill(docker.createContainerCmd(launch.image()), launch, image).exec().getId();
        } catch (ConflictException e) {
            id = existing(launch).orElseThrow(() -> RuntimeFailure.failed("the container name " + launch.containerName()
                    + " is taken by a container of another task: " + EngineErrors.message(e), false, e));
            log.atInfo().addKeyValue("node", launch.nodeId()).addKeyValue("task", launch.taskId())
                    .addKeyValue("container", id).log("container already created for this task; reusing it");
        } catch (NotFoundException e) {
            throw RuntimeFailure.rejected(notFound(launch.image(), launch.nodeHostname()));
        } catch (RuntimeException e) {
            throw EngineErrors.onCreate(e, "the container of task " + launch.taskId());
        }
        log.atInfo().addKeyValue("node", launch.nodeId()).addKeyValue("task", launch.taskId())
                .addKeyValue("container", id).addKeyValue("hostname", launch.hostname()).log("container created");
        return new PreparedContainer(id, launch.hostname(), logFolder);
    }

    private Optional<String> existing(TaskLaunch launch) {
        List<Container> found = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(OwnershipLabels.TASK, launch.taskId(), OwnershipLabels.NODE, launch.nodeId()))
                .exec();
        return found.stream().map(Container::getId).findFirst();
    }

    @Override
    public void start(String containerId) throws RuntimeFailure {
        try {
            docker.startContainerCmd(containerId).exec();
        } catch (NotModifiedException e) {
            log.atDebug().addKeyValue("container", containerId).log("already running");
        } catch (NotFoundException e) {
            throw RuntimeFailure.failed("container " + containerId + " no longer exists", false, e);
        } catch (RuntimeException e) {
            throw RuntimeFailure.failed("starting the container failed: " + EngineErrors.message(e), false, e);
        }
    }

    @Override
    public void stop(String containerId, Duration grace) throws RuntimeFailure {
        try {
            docker.stopContainerCmd(containerId).withTimeout(ContainerSpecs.seconds(grace)).exec();
        } catch (NotModifiedException | NotFoundException e) {
            log.atDebug().addKeyValue("container", containerId).log("already stopped or gone");
        } catch (RuntimeException e) {
            throw EngineErrors.failed(e, "stopping container " + containerId);
        }
    }

    @Override
    public void remove(String containerId) throws RuntimeFailure {
        try {
            docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            log.atDebug().addKeyValue("container", containerId).log("already removed");
        } catch (ConflictException e) {
            if (!EngineErrors.message(e).contains("already in progress")) {
                throw EngineErrors.failed(e, "removing container " + containerId);
            }
        } catch (RuntimeException e) {
            throw EngineErrors.failed(e, "removing container " + containerId);
        }
    }

    @Override
    public Optional<ContainerStatus> inspect(String containerId) throws RuntimeFailure {
        try {
            InspectContainerResponse r = docker.inspectContainerCmd(containerId).exec();
            InspectContainerResponse.ContainerState s = r.getState();
            Long exit = s.getExitCodeLong();
            HealthState health = s.getHealth();
            return Optional.of(new ContainerStatus(r.getId(), ContainerState.of(s.getStatus()),
                    exit == null ? 0 : exit.intValue(), s.getError() == null ? "" : s.getError(),
                    Boolean.TRUE.equals(s.getOOMKilled()), time(s.getStartedAt()), time(s.getFinishedAt()),
                    health == null ? ContainerHealth.NONE : ContainerHealth.of(health.getStatus()), lastCheck(health)));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw EngineErrors.failed(e, "inspecting container " + containerId);
        }
    }

    /** The latest health check's exit code and output, shortened, or "" when none ran. */
    static String lastCheck(HealthState health) {
        if (health == null || health.getLog() == null || health.getLog().isEmpty()) {
            return "";
        }
        HealthStateLog last = health.getLog().get(health.getLog().size() - 1);
        String output = last.getOutput() == null ? "" : last.getOutput().strip().replaceAll("\\s+", " ");
        if (output.length() > 200) {
            output = output.substring(0, 200) + "…";
        }
        Long code = last.getExitCodeLong();
        return "exit " + (code == null ? "?" : code) + (output.isEmpty() ? "" : ": " + output);
    }

    @Override
    public List<String> localImages() throws RuntimeFailure {
        try {
            List<String> refs = new ArrayList<>();
            for (Image i : docker.listImagesCmd().exec()) {
                for (String[] names : new String[][] {i.getRepoTags(), i.getRepoDigests()}) {
                    if (names != null) {
                        Arrays.stream(names).filter(t -> !t.startsWith("<none>")).forEach(refs::add);
                    }
                }
            }
            return refs;
        } catch (RuntimeException e) {
            throw EngineErrors.failed(e, "listing the local images");
        }
    }

    @Override
    public List<OwnedContainer> listOwned(String nodeId) throws RuntimeFailure {
        List<Container> found;
        try {
            found = docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(OwnershipLabels.MANAGED, "true", OwnershipLabels.NODE, nodeId)).exec();
        } catch (RuntimeException e) {
            throw EngineErrors.failed(e, "listing the containers of node " + nodeId);
        }
        List<OwnedContainer> owned = new ArrayList<>(found.size());
        for (Container c : found) {
            Map<String, String> l = c.getLabels() == null ? Map.of() : c.getLabels();
            String name = c.getNames() == null || c.getNames().length == 0 ? "" : c.getNames()[0].replaceFirst("^/", "");
            owned.add(new OwnedContainer(c.getId(), name, l.get(OwnershipLabels.NODE), l.get(OwnershipLabels.SERVICE_ID),
                    l.get(OwnershipLabels.SERVICE), l.get(OwnershipLabels.TASK), slot(l.get(OwnershipLabels.SLOT)),
                    l.get(OwnershipLabels.HOSTNAME), c.getImage(), ContainerState.of(c.getState()),
                    healthInStatus(c.getStatus())));
        }
        return owned;
    }

    @Override
    public AutoCloseable watchExits(String nodeId, ExitListener listener) throws RuntimeFailure {
        return ExitWatcher.start(docker, nodeId, listener);
    }

    @Override
    public void close() {
        closeQuietly(docker);
        distribution.close();
    }

    private static int slot(String text) {
        try {
            return text == null ? 0 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The health a container listing shows in its status text, as {@code docker ps} does: "Up 5 seconds
     * (health: starting)", "Up 2 minutes (healthy)", "Up 2 minutes (unhealthy)"; NONE without a check. The listing
     * of API 1.41 has no field of its own for it.
     */
    static ContainerHealth healthInStatus(String status) {
        if (status == null || !status.endsWith(")")) {
            return ContainerHealth.NONE;
        }
        int open = status.lastIndexOf('(');
        String word = open < 0 ? "" : status.substring(open + 1, status.length() - 1);
        return ContainerHealth.of(word.startsWith("health: ") ? word.substring("health: ".length()) : word);
    }

    /** The engine writes 0001-01-01T00:00:00Z for "never". */
    static Instant time(String text) {
        if (text == null || text.startsWith("0001-")) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void closeQuietly(DockerClient client) {
        try {
            client.close();
        } catch (IOException e) {
            log.atDebug().setCause(e).log("closing the docker client");
        }
    }
}
