package dev.flotilla.orchestrator.runtime.docker;

import dev.flotilla.orchestrator.runtime.BindMount;
import dev.flotilla.orchestrator.runtime.PublishedPort;
import dev.flotilla.orchestrator.runtime.TaskLaunch;
import dev.flotilla.orchestrator.spec.HealthSpec;
import dev.flotilla.orchestrator.template.Hostnames;
import dev.flotilla.testkit.DockerEngine;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The integration tests' side of the engine: a docker-java client of their own to check what the runtime did,
 * launches labelled {@code dev.flotilla.test=true} plus a per-run label, and the cleanup of exactly this run's
 * containers (other tests may share the engine).
 */
final class TestEngine implements AutoCloseable {
    static final String TEST_LABEL = "dev.flotilla.test";
    static final String RUN_LABEL = "dev.flotilla.test.run";

    final String run = UUID.randomUUID().toString().substring(0, 8);
    final DockerClient docker;

    TestEngine() {
        DockerEngine.require();
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix://" + DockerEngine.SOCKET).build();
        docker = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).responseTimeout(Duration.ofMinutes(2)).build());
    }

    String nodeId(String name) {
        return name + "-" + run;
    }

    Map<String, String> labels() {
        return Map.of(TEST_LABEL, "true", RUN_LABEL, run);
    }

    TaskLaunch launch(String nodeId, String taskId, int slot, String image, List<String> command, Map<String, String> env,
                      List<BindMount> mounts, String logDir, List<PublishedPort> ports, long cpuLimit, long memLimit,
                      long cpuReserve, long memReserve, Duration grace) {
        return new TaskLaunch(nodeId, "host-" + nodeId, "svc-" + run, "it-" + run, taskId + "-" + run, slot, image,
                command, Hostnames.defaultFor(taskId + "-" + run), env, mounts, logDir, ports, cpuLimit, memLimit,
                cpuReserve, memReserve, grace, labels());
    }

    TaskLaunch busybox(String nodeId, String taskId, int slot, String script) {
        return launch(nodeId, taskId, slot, DockerEngine.BUSYBOX_IMAGE, List.of("sh", "-c", script), Map.of(), List.of(),
                null, List.of(), 0, 0, 0, 0, Duration.ofSeconds(10));
    }

    /** A container of {@code image} running {@code script} with the health check {@code health} (null: the image's). */
    TaskLaunch checked(String nodeId, String taskId, String image, String script, HealthSpec health) {
        return new TaskLaunch(nodeId, "host-" + nodeId, "svc-" + run, "it-" + run, taskId + "-" + run, 1, image,
                List.of("sh", "-c", script), Hostnames.defaultFor(taskId + "-" + run), Map.of(), List.of(), null,
                List.of(), 0, 0, 0, 0, Duration.ofSeconds(1), labels(), health);
    }

    /** Removes every container of this run, running or not. */
    void cleanUp() {
        List<Container> mine = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(RUN_LABEL, run)).exec();
        for (Container c : mine) {
            try {
                docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
            } catch (RuntimeException e) {
                // already going away
            }
        }
    }

    @Override
    public void close() throws IOException {
        cleanUp();
        docker.close();
    }
}
