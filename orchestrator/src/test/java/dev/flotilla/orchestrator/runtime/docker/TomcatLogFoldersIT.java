package dev.flotilla.orchestrator.runtime.docker;

import dev.flotilla.orchestrator.runtime.BindMount;
import dev.flotilla.orchestrator.runtime.PreparedContainer;
import dev.flotilla.orchestrator.runtime.PublishedPort;
import dev.flotilla.orchestrator.runtime.RuntimeFailure;
import dev.flotilla.orchestrator.runtime.TaskLaunch;
import dev.flotilla.orchestrator.spec.Protocol;
import dev.flotilla.testkit.Await;
import dev.flotilla.testkit.DockerEngine;
import dev.flotilla.testkit.Ports;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three replicas of the stock local Tomcat image share one host log folder through {@code --log-dir}; with the
 * repository's templates/tomcat logging.properties and server.xml mounted in, and nothing else changed, each
 * replica writes into its own folder named by its hostname, next to the metadata file for the shipper. This drives
 * the runtime directly; the CLI version of the same story comes with the control plane.
 */
class TomcatLogFoldersIT {
    private static final String LOG_DIR = "/usr/local/tomcat/logs";
    private static final Path TEMPLATES = Path.of("..", "templates", "tomcat").toAbsolutePath().normalize();
    private static TestEngine engine;
    private static DockerContainerRuntime runtime;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void connect() throws RuntimeFailure {
        DockerEngine.requireImage(DockerEngine.TOMCAT_BASE_IMAGE);
        assertThat(TEMPLATES.resolve("logging.properties")).as("the repository's Tomcat templates").isRegularFile();
        engine = new TestEngine();
        runtime = DockerContainerRuntime.connect(DockerEngineConfig.defaults());
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

    @Test
    void threeReplicasWriteThreeFoldersNamedByHostname() throws Exception {
        Path logs = tmp.resolve("shared-logs");
        String node = engine.nodeId("node-a");
        List<TaskLaunch> launches = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (int slot = 1; slot <= 3; slot++) {
            int port = Ports.free("127.0.0.1");
            ports.add(port);
            launches.add(engine.launch(node, "tomcat-" + slot, slot, DockerEngine.TOMCAT_BASE_IMAGE, List.of(), Map.of(),
                    List.of(new BindMount(logs.toString(), LOG_DIR, false),
                            new BindMount(TEMPLATES.resolve("logging.properties").toString(), "/usr/local/tomcat/conf/logging.properties", true),
                            new BindMount(TEMPLATES.resolve("server.xml").toString(), "/usr/local/tomcat/conf/server.xml", true)),
                    LOG_DIR, List.of(new PublishedPort("127.0.0.1", port, 8080, Protocol.TCP)), 0, 0, 0, 0,
                    Duration.ofSeconds(15)));
        }
        List<String> ids = new ArrayList<>();
        for (TaskLaunch l : launches) {
            PreparedContainer c = runtime.create(l);
            runtime.start(c.containerId());
            ids.add(c.containerId());
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (int i = 0; i < 3; i++) {
            URI uri = URI.create("http://127.0.0.1:" + ports.get(i) + "/flotilla-it-" + (i + 1));
            Await.until("Tomcat " + (i + 1) + " answers on " + uri, Duration.ofSeconds(120), () -> status(http, uri) == 404);
        }
        for (String id : ids) {
            runtime.stop(id, Duration.ofSeconds(15));
        }

        Set<String> hostnames = launches.stream().map(TaskLaunch::hostname).collect(Collectors.toSet());
        assertThat(hostnames).hasSize(3).allMatch(h -> h.matches("[0-9a-f]{12}"));
        try (Stream<Path> entries = Files.list(logs)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(hostnames);
        }
        for (int i = 0; i < 3; i++) {
            TaskLaunch l = launches.get(i);
            Path folder = logs.resolve(l.hostname());
            assertThat(read(folder, "catalina.")).contains("-Dcustom.hostname=" + l.hostname(), "Server startup in");
            assertThat(read(folder, "localhost_access_log.")).contains("GET /flotilla-it-" + (i + 1) + " HTTP/1.1\" 404")
                    .doesNotContain("/flotilla-it-" + ((i + 1) % 3 + 1) + " ");
            JsonNode meta = new ObjectMapper().readTree(folder.resolve(".flotilla-task.json").toFile());
            assertThat(meta.get("task_id").asText()).isEqualTo(l.taskId());
            assertThat(meta.get("slot").asInt()).isEqualTo(i + 1);
            assertThat(meta.get("hostname").asText()).isEqualTo(l.hostname());
            assertThat(meta.get("image").asText()).isEqualTo(DockerEngine.TOMCAT_BASE_IMAGE);
        }
    }

    private static int status(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    /** The content of the one file in {@code folder} whose name starts with {@code prefix}. */
    private static String read(Path folder, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> matching = files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
            assertThat(matching).as(prefix + "* in " + folder).hasSize(1);
            return Files.readString(matching.get(0));
        }
    }
}
