package dev.flotilla.orchestrator.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostPathsTest {
    @TempDir
    Path tmp;

    private static final ImageInfo ROOT_IMAGE = new ImageInfo("sha256:1", List.of(), "");

    @Test
    void createsMissingSourcesButLeavesExistingOnes() throws Exception {
        Path missing = tmp.resolve("a/b/c");
        Path file = Files.writeString(tmp.resolve("app.conf"), "x");
        TaskLaunch l = Launches.simple("n1", "t1", List.of(new BindMount(missing.toString(), "/data", false),
                new BindMount(file.toString(), "/etc/app.conf", true)), null);
        HostPaths.ensureSources(l);
        assertThat(missing).isDirectory();
        assertThat(file).isRegularFile().hasContent("x");
    }

    @Test
    void aSourceThatCannotBeCreatedRejectsTheTask() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        TaskLaunch l = Launches.simple("n1", "t1", List.of(new BindMount(file + "/logs", "/logs", false)), null);
        assertThatThrownBy(() -> HostPaths.ensureSources(l))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.kind()).isEqualTo(RuntimeFailure.Kind.REJECTED))
                .hasMessageStartingWith("bind mount source " + file + "/logs does not exist on node host-n1 and cannot be created (")
                .hasMessageEndingWith("); create it there or change the --mount source");
    }

    @Test
    void logFolderIsNamedByHostnameAndHoldsTheMetadata() throws Exception {
        Path logs = tmp.resolve("logs");
        TaskLaunch l = Launches.launch("node-1", "task-9", 2, "web:1.2",
                List.of(new BindMount(logs.toString(), "/usr/local/tomcat/logs", false)), "/usr/local/tomcat/logs",
                java.util.Map.of(), List.of(), java.util.Map.of());
        Instant now = Instant.parse("2026-11-22T10:15:30Z");
        Path folder = HostPaths.prepareLogFolder(l, ROOT_IMAGE, now);
        assertThat(folder).isEqualTo(logs.resolve(l.hostname())).isDirectory();
        JsonNode json = new ObjectMapper().readTree(folder.resolve(".flotilla-task.json").toFile());
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("service", "service_id", "task_id", "slot", "node", "node_id", "image",
                "hostname", "created");
        assertThat(json.get("service").asText()).isEqualTo("web");
        assertThat(json.get("service_id").asText()).isEqualTo("svc-id-1");
        assertThat(json.get("task_id").asText()).isEqualTo("task-9");
        assertThat(json.get("slot").asInt()).isEqualTo(2);
        assertThat(json.get("node").asText()).isEqualTo("host-node-1");
        assertThat(json.get("node_id").asText()).isEqualTo("node-1");
        assertThat(json.get("image").asText()).isEqualTo("web:1.2");
        assertThat(json.get("hostname").asText()).isEqualTo(l.hostname());
        assertThat(json.get("created").asText()).isEqualTo("2026-11-22T10:15:30Z");
        assertThat(folder.resolve(".flotilla-task.json.tmp")).doesNotExist();
    }

    @Test
    void logDirBelowTheMountTargetKeepsTheRelativePath() throws Exception {
        TaskLaunch l = Launches.simple("n1", "t1", List.of(new BindMount(tmp.toString(), "/data", false),
                new BindMount(tmp.resolve("other").toString(), "/opt", false)), "/data/app/logs");
        assertThat(HostPaths.prepareLogFolder(l, ROOT_IMAGE, Instant.now()))
                .isEqualTo(tmp.resolve("app/logs").resolve(l.hostname()));
        assertThat(HostPaths.prepareLogFolder(Launches.simple("n1", "t1", List.of(), null), ROOT_IMAGE, Instant.now())).isNull();
    }

    @Test
    void logDirOutsideEveryMountIsRejected() {
        TaskLaunch l = Launches.simple("n1", "t1", List.of(new BindMount(tmp.toString(), "/data", false)), "/datalogs");
        assertThatThrownBy(() -> HostPaths.prepareLogFolder(l, ROOT_IMAGE, Instant.now()))
                .hasMessage("--log-dir /datalogs is not inside any bind mount of task t1; mount a host folder there");
    }

    @Test
    void theImagesUserCanWriteItsFolder() throws Exception {
        TaskLaunch l = Launches.simple("n1", "t1", List.of(new BindMount(tmp.resolve("num").toString(), "/logs", false)), "/logs");
        Path numeric = HostPaths.prepareLogFolder(l, new ImageInfo("i", List.of(), "1234:2345"), Instant.now());
        assertThat(Files.getAttribute(numeric, "unix:uid")).isEqualTo(1234);
        assertThat(Files.getAttribute(numeric, "unix:gid")).isEqualTo(2345);
        TaskLaunch named = Launches.simple("n1", "t2", List.of(new BindMount(tmp.resolve("named").toString(), "/logs", false)), "/logs");
        Path folder = HostPaths.prepareLogFolder(named, new ImageInfo("i", List.of(), "tomcat"), Instant.now());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwxrwxrwx");
    }

    @Test
    void containerNamesFollowSwarm() {
        assertThat(Launches.simple("n1", "t1", List.of(), null).containerName()).isEqualTo("web.1.t1");
        TaskLaunch global = Launches.launch("node/x", "t1", 0, "i", List.of(), null, java.util.Map.of(), List.of(), java.util.Map.of());
        assertThat(global.containerName()).isEqualTo("web.node_x.t1");
        assertThatThrownBy(() -> new TaskLaunch("n", "h", "s", "web", "t", 1, "i", List.of(), "bad_host", java.util.Map.of(),
                List.of(), null, List.of(), 0, 0, 0, 0, java.time.Duration.ZERO, java.util.Map.of()))
                .hasMessageContaining("hostname \"bad_host\" cannot be used");
    }
}
