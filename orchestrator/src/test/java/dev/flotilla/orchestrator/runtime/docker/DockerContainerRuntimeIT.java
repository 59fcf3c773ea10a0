package dev.flotilla.orchestrator.runtime.docker;

import dev.flotilla.orchestrator.runtime.BindMount;
import dev.flotilla.orchestrator.runtime.ContainerExit;
import dev.flotilla.orchestrator.runtime.ContainerState;
import dev.flotilla.orchestrator.runtime.ContainerStatus;
import dev.flotilla.orchestrator.runtime.OwnedContainer;
import dev.flotilla.orchestrator.runtime.PreparedContainer;
import dev.flotilla.orchestrator.runtime.PublishedPort;
import dev.flotilla.orchestrator.runtime.RuntimeFailure;
import dev.flotilla.orchestrator.runtime.TaskLaunch;
import dev.flotilla.orchestrator.spec.Protocol;
import dev.flotilla.testkit.Await;
import dev.flotilla.testkit.DockerEngine;
import dev.flotilla.testkit.Ports;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.flotilla.testkit.DockerEngine.BUSYBOX_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The docker-java runtime against the real engine, with the local busybox image (never pulled). */
class DockerContainerRuntimeIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TestEngine engine;
    private static DockerContainerRuntime runtime;

    @TempDir
    Path tmp;

    @BeforeAll
    static void connect() throws RuntimeFailure {
        DockerEngine.requireImage(BUSYBOX_IMAGE);
        engine = new TestEngine();
        runtime = DockerContainerRuntime.connect(DockerEngineConfig.defaults());
    }

    @AfterEach
    void removeContainers() {
        engine.cleanUp();
    }

    @AfterAll
    static void close() throws IOException {
        if (runtime != null) {
            runtime.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private String run(TaskLaunch launch) throws RuntimeFailure {
        PreparedContainer c = runtime.create(launch);
        runtime.start(c.containerId());
        return c.containerId();
    }

    private static String awaitFile(Path file) {
        return Await.value("file " + file, WAIT, () -> {
            try {
                return Files.exists(file) && Files.size(file) > 0 ? Files.readString(file) : null;
            } catch (IOException e) {
                return null;
            }
        });
    }

    @Test
    void labelsHostnameEnvBindSourcesAndMetadata() throws Exception {
        String node = engine.nodeId("node-a");
        Path logs = tmp.resolve("not/yet/logs");
        Path data = tmp.resolve("data/deep");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GREETING", "hello world");
        env.put("CATALINA_OPTS", "-Xmx64m");
        TaskLaunch launch = engine.launch(node, "t1", 4, BUSYBOX_IMAGE,
                List.of("sh", "-c", "d=/logs/$(hostname); hostname > $d/hostname; env > $d/env; touch /data/ok; sleep 600"),
                env, List.of(new BindMount(logs.toString(), "/logs", false), new BindMount(data.toString(), "/data", false)),
                "/logs", List.of(), 0, 0, 0, 0, Duration.ofSeconds(10));
        assertThat(logs).doesNotExist();
        String id = run(launch);
        String h = launch.hostname();
        assertThat(h).matches("[0-9a-f]{12}");
        Path folder = logs.resolve(h);
        assertThat(awaitFile(folder.resolve("hostname")).strip()).isEqualTo(h);
        String seen = awaitFile(folder.resolve("env"));
        assertThat(seen.lines()).contains("GREETING=hello world", "HOSTNAME=" + h, "PATH=/bin",
                "CATALINA_OPTS=-Xmx64m -Dcustom.hostname=" + h + " -DhostName=" + h);
        Await.until("the container touched /data/ok", WAIT, () -> Files.exists(data.resolve("ok")));
        String metadata = Files.readString(folder.resolve(".flotilla-task.json"));
        assertThat(metadata).contains("\"task_id\" : \"" + launch.taskId() + "\"", "\"slot\" : 4",
                "\"node_id\" : \"" + node + "\"", "\"hostname\" : \"" + h + "\"", "\"image\" : \"" + BUSYBOX_IMAGE + "\"");

        InspectContainerResponse inspect = engine.docker.inspectContainerCmd(id).exec();
        assertThat(inspect.getName()).isEqualTo("/" + launch.containerName());
        assertThat(inspect.getConfig().getHostName()).isEqualTo(h);
        assertThat(inspect.getConfig().getLabels()).containsEntry("dev.flotilla.managed", "true")
                .containsEntry("dev.flotilla.node", node).containsEntry("dev.flotilla.service", launch.serviceName())
                .containsEntry("dev.flotilla.service.id", launch.serviceId()).containsEntry("dev.flotilla.task", launch.taskId())
                .containsEntry("dev.flotilla.slot", "4").containsEntry("dev.flotilla.hostname", h)
                .containsEntry("dev.flotilla.test", "true");
        assertThat(inspect.getHostConfig().getInit()).isTrue();
        assertThat(runtime.create(launch).containerId()).as("creating again adopts the same container").isEqualTo(id);
    }

    @Test
    void catalinaOptsOfTheImageIsKept(@TempDir Path buildDir) throws Exception {
        String tag = "flotilla-test/busybox-catalina:it-" + engine.run;
        Files.writeString(buildDir.resolve("Dockerfile"), "FROM " + BUSYBOX_IMAGE + "\nENV CATALINA_OPTS=\"-Dfrom.image=1\"\n");
        engine.docker.buildImageCmd(buildDir.toFile()).withTags(java.util.Set.of(tag)).withPull(false)
                .withLabels(engine.labels()).start().awaitImageId(60, TimeUnit.SECONDS);
        try {
            Path logs = tmp.resolve("logs");
            TaskLaunch launch = engine.launch(engine.nodeId("node-a"), "t2", 1, tag,
                    List.of("sh", "-c", "echo \"$CATALINA_OPTS\" > /logs/$(hostname)/opts; sleep 600"), Map.of(),
                    List.of(new BindMount(logs.toString(), "/logs", false)), "/logs", List.of(), 0, 0, 0, 0, Duration.ofSeconds(1));
            run(launch);
            String h = launch.hostname();
            assertThat(awaitFile(logs.resolve(h).resolve("opts")).strip())
                    .isEqualTo("-Dfrom.image=1 -Dcustom.hostname=" + h + " -DhostName=" + h);
        } finally {
            engine.cleanUp();
            engine.docker.removeImageCmd(tag).withForce(true).exec();
        }
    }

    @Test
    void publishesOnTheGivenAddressOnly() throws Exception {
        int port = Ports.free("127.0.0.2");
        TaskLaunch launch = engine.launch(engine.nodeId("node-a"), "web", 1, BUSYBOX_IMAGE,
                List.of("sh", "-c", "mkdir -p /www && echo hello-" + engine.run + " > /www/index.html && exec httpd -f -p 8080 -h /www"),
                Map.of(), List.of(), null, List.of(new PublishedPort("127.0.0.2", port, 8080, Protocol.TCP)),
                0, 0, 0, 0, Duration.ofSeconds(5));
        run(launch);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String body = Await.value("HTTP answer on 127.0.0.2:" + port, WAIT, () -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.2:" + port + "/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? r.body() : null;
            } catch (IOException | InterruptedException e) {
                return null;
            }
        });
        assertThat(body.strip()).isEqualTo("hello-" + engine.run);
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    @Test
    void aHostPortInUseFailsTheStartWithTheEnginesWords() throws Exception {
        int port = Ports.free("127.0.0.3");
        List<PublishedPort> ports = List.of(new PublishedPort("127.0.0.3", port, 8080, Protocol.TCP));
        String script = "exec httpd -f -p 8080 -h /";
        run(engine.launch(engine.nodeId("node-a"), "p1", 1, BUSYBOX_IMAGE, List.of("sh", "-c", script), Map.of(), List.of(),
                null, ports, 0, 0, 0, 0, Duration.ofSeconds(1)));
        PreparedContainer second = runtime.create(engine.launch(engine.nodeId("node-a"), "p2", 2, BUSYBOX_IMAGE,
                List.of("sh", "-c", script), Map.of(), List.of(), null, ports, 0, 0, 0, 0, Duration.ofSeconds(1)));
        assertThatThrownBy(() -> runtime.start(second.containerId()))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.kind()).isEqualTo(RuntimeFailure.Kind.FAILED))
                .hasMessageStartingWith("starting the container failed: ")
                .hasMessageContaining(Integer.toString(port))
                .hasMessageContaining("already");
    }

    @Test
    void limitsUseNanoCpusAndReachTheCgroup() throws Exception {
        Path out = tmp.resolve("out");
        TaskLaunch launch = engine.launch(engine.nodeId("node-a"), "lim", 1, BUSYBOX_IMAGE,
                List.of("sh", "-c", "(cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max)"
                        + " > /out/mem; sleep 600"), Map.of(), List.of(new BindMount(out.toString(), "/out", false)), null,
                List.of(), 500_000_000L, 64L << 20, 250_000_000L, 32L << 20, Duration.ofSeconds(1));
        String id = run(launch);
        HostConfig host = engine.docker.inspectContainerCmd(id).exec().getHostConfig();
        assertThat(host.getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(host.getCpuQuota()).isIn(null, 0L);
        assertThat(host.getMemory()).isEqualTo(64L << 20);
        assertThat(host.getMemoryReservation()).isEqualTo(32L << 20);
        assertThat(host.getCpuShares()).isEqualTo(256);
        assertThat(awaitFile(out.resolve("mem")).strip()).isEqualTo(Long.toString(64L << 20));
    }

    @Test
    void stopWaitsOutTheGracePeriodThenKills() throws Exception {
        String stubborn = run(engine.busybox(engine.nodeId("node-a"), "stubborn", 1, "trap '' TERM; while true; do sleep 1; done"));
        String polite = run(engine.busybox(engine.nodeId("node-a"), "polite", 2, "sleep 600"));
        Await.until("both running", WAIT, () -> running(stubborn) && running(polite));

        long t0 = System.nanoTime();
        runtime.stop(stubborn, Duration.ofSeconds(2));
        long stubbornMs = (System.nanoTime() - t0) / 1_000_000;
        ContainerStatus killed = runtime.inspect(stubborn).orElseThrow();
        assertThat(killed.state()).isEqualTo(ContainerState.EXITED);
        assertThat(killed.exitCode()).as("SIGKILL after the grace period").isEqualTo(137);
        assertThat(stubbornMs).isGreaterThanOrEqualTo(1_800);

        long t1 = System.nanoTime();
        runtime.stop(polite, Duration.ofSeconds(20));
        long politeMs = (System.nanoTime() - t1) / 1_000_000;
        ContainerStatus stopped = runtime.inspect(polite).orElseThrow();
        assertThat(stopped.exitCode()).as("SIGTERM reached sleep through the init process").isEqualTo(143);
        assertThat(politeMs).as("did not wait out the 20 s grace period").isLessThan(15_000);
        assertThat(stopped.finishedAt()).isAfter(stopped.startedAt());

        runtime.stop(polite, Duration.ofSeconds(1));
        runtime.remove(polite);
        runtime.remove(polite);
        assertThat(runtime.inspect(polite)).isEmpty();
    }

    private static boolean running(String id) {
        try {
            return runtime.inspect(id).map(s -> s.state() == ContainerState.RUNNING).orElse(false);
        } catch (RuntimeFailure e) {
            return false;
        }
    }

    @Test
    void exitsAreStreamedForThisNodeOnly() throws Exception {
        String node = engine.nodeId("node-a");
        LinkedBlockingQueue<ContainerExit> exits = new LinkedBlockingQueue<>();
        AutoCloseable watch = runtime.watchExits(node, exits::add);
        try {
            run(engine.busybox(engine.nodeId("node-b"), "other", 1, "exit 5"));
            TaskLaunch launch = engine.busybox(node, "exit3", 1, "sleep 0.2; exit 3");
            String id = run(launch);
            ContainerExit exit = exits.poll(30, TimeUnit.SECONDS);
            assertThat(exit).isNotNull();
            assertThat(exit.containerId()).isEqualTo(id);
            assertThat(exit.taskId()).isEqualTo(launch.taskId());
            assertThat(exit.exitCode()).isEqualTo(3);
            ContainerStatus status = runtime.inspect(id).orElseThrow();
            assertThat(status.state()).isEqualTo(ContainerState.EXITED);
            assertThat(status.exitCode()).isEqualTo(3);
            assertThat(status.finishedAt()).isNotNull();
            assertThat(exits.poll(1, TimeUnit.SECONDS)).as("node-b's exit is not ours").isNull();
        } finally {
            watch.close();
        }
    }

    @Test
    void adoptionListsExactlyThisNodesContainers() throws Exception {
        String a = engine.nodeId("node-a");
        String b = engine.nodeId("node-b");
        TaskLaunch running = engine.busybox(a, "r1", 1, "sleep 600");
        TaskLaunch created = engine.busybox(a, "c2", 2, "sleep 600");
        String runningId = run(running);
        String createdId = runtime.create(created).containerId();
        run(engine.busybox(b, "r3", 1, "sleep 600"));

        List<OwnedContainer> owned = runtime.listOwned(a);
        assertThat(owned).extracting(OwnedContainer::containerId).containsExactlyInAnyOrder(runningId, createdId);
        OwnedContainer r = owned.stream().filter(o -> o.containerId().equals(runningId)).findFirst().orElseThrow();
        assertThat(r.taskId()).isEqualTo(running.taskId());
        assertThat(r.slot()).isEqualTo(1);
        assertThat(r.nodeId()).isEqualTo(a);
        assertThat(r.serviceName()).isEqualTo(running.serviceName());
        assertThat(r.serviceId()).isEqualTo(running.serviceId());
        assertThat(r.hostname()).isEqualTo(running.hostname());
        assertThat(r.name()).isEqualTo(running.containerName());
        assertThat(r.image()).isEqualTo(BUSYBOX_IMAGE);
        assertThat(r.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(owned).filteredOn(o -> o.containerId().equals(createdId)).extracting(OwnedContainer::state)
                .containsExactly(ContainerState.CREATED);
        assertThat(runtime.listOwned(b)).hasSize(1);
        assertThat(runtime.listOwned(engine.nodeId("node-z"))).isEmpty();
    }

    @Test
    void aMissingImageIsRejectedAndNothingIsPulledOrCreated() {
        String node = engine.nodeId("node-a");
        String image = "flotilla-test/no-such-image:" + engine.run;
        TaskLaunch launch = engine.launch(node, "missing", 1, image, List.of(), Map.of(), List.of(), null, List.of(),
                0, 0, 0, 0, Duration.ofSeconds(1));
        assertThatThrownBy(() -> runtime.create(launch))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(RuntimeFailure.Kind.REJECTED);
                    assertThat(f.retryable()).isFalse();
                })
                .hasMessage("image " + image + " not found on node host-" + node
                        + "; build or load it there, or push it to a registry the node can pull from and name it there");
        assertThatThrownBy(() -> engine.docker.inspectImageCmd(image).exec())
                .as("the image was not pulled").isInstanceOf(com.github.dockerjava.api.exception.NotFoundException.class);
        assertThat(listOwnedQuietly(node)).isEmpty();
    }

    @Test
    void badMountsAndRefusedSpecsAreRejectedBeforeAnythingRuns() throws Exception {
        String node = engine.nodeId("node-a");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        TaskLaunch badMount = engine.launch(node, "badmount", 1, BUSYBOX_IMAGE, List.of("true"), Map.of(),
                List.of(new BindMount(file + "/sub", "/data", false)), null, List.of(), 0, 0, 0, 0, Duration.ofSeconds(1));
        assertThatThrownBy(() -> runtime.create(badMount))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.kind()).isEqualTo(RuntimeFailure.Kind.REJECTED))
                .hasMessageContaining("bind mount source " + file + "/sub does not exist on node host-" + node
                        + " and cannot be created");
        TaskLaunch tooManyCpus = engine.launch(node, "cpus", 1, BUSYBOX_IMAGE, List.of("true"), Map.of(), List.of(), null,
                List.of(), 1000L * 1_000_000_000L, 0, 0, 0, Duration.ofSeconds(1));
        assertThatThrownBy(() -> runtime.create(tooManyCpus))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.kind()).isEqualTo(RuntimeFailure.Kind.REJECTED))
                .hasMessageStartingWith("the engine refused the container of task " + tooManyCpus.taskId() + ": ")
                .hasMessageContaining("CPUs");
        assertThat(listOwnedQuietly(node)).isEmpty();
    }

    private static List<OwnedContainer> listOwnedQuietly(String node) {
        try {
            return runtime.listOwned(node);
        } catch (RuntimeFailure e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void connectingToAMissingSocketSaysWhatToDo() {
        assertThatThrownBy(() -> DockerContainerRuntime.connect(DockerEngineConfig.at(tmp.resolve("docker.sock"))))
                .isInstanceOf(RuntimeFailure.class)
                .hasMessage("no Docker engine socket at " + tmp.resolve("docker.sock")
                        + "; start dockerd (or point the agent at the right socket)");
    }
}
