package dev.flotilla.orchestrator.services;

import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.testkit.Await;
import dev.flotilla.testkit.DockerEngine;
import dev.flotilla.testkit.PrivateRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Images from a private registry (Debian's docker-registry on 127.0.0.1, htpasswd and TLS from a test CA), pulled
 * by the nodes with the credential of {@code --with-registry-auth}; without it, or with a wrong password, the tasks
 * are rejected with the registry's refusal in {@code service ps}; the credential is nowhere in clear: not in
 * inspect, info, the daemons' logs, nor the Raft log and snapshot files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrivateRegistryIT {
    private static final String USER = "ci-user";
    private static final String PASSWORD = "pw-" + Long.toHexString(System.nanoTime()) + "-secret";
    private static final Duration CONVERGE = Duration.ofSeconds(90);
    private PrivateRegistry registry;
    private ServiceCluster c;
    private Path work;
    private String image;
    private String digest;

    @BeforeAll
    void start() throws IOException {
        PrivateRegistry.requireTools();
        DockerEngine.requireImage(DockerEngine.BUSYBOX_IMAGE);
        work = Files.createTempDirectory("flotilla-registry-it");
        registry = PrivateRegistry.start(work.resolve("registry"), USER, PASSWORD);
        String repo = "flotilla/busybox-it:" + Long.toHexString(System.nanoTime());
        digest = registry.push(DockerEngine.BUSYBOX_IMAGE, repo);
        image = registry.image(repo);
        c = new ServiceCluster("registry", "3s");
        c.init("reg-1", "2");
        c.join("reg-2", "2");
        Await.until("2 ready nodes", Duration.ofSeconds(60),
                () -> c.nodeViews().stream().filter(v -> v.node().status().display().equals("Ready")).count() == 2);
    }

    @AfterAll
    void stop() {
        System.clearProperty("docker.config");
        if (c != null) {
            c.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (image == null) {
            return;
        }
        // the nodes pulled the image by its pinned digest: remove that reference too
        for (String ref : new String[] {image, image.substring(0, image.lastIndexOf(':')) + "@" + digest}) {
            try {
                new ProcessBuilder("/usr/bin/docker", "rmi", ref).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            } catch (Exception e) {
                throw new AssertionError("could not remove " + ref, e);
            }
        }
    }

    @AfterEach
    void noServiceLeft() {
        System.clearProperty("docker.config");
        for (String id : c.cli("service", "ls", "-q").ok().out().strip().split("\\s+")) {
            if (!id.isBlank()) {
                c.cli("service", "rm", id);
            }
        }
    }

    private void useDockerConfig(Path configJson) {
        System.setProperty("docker.config", configJson.getParent().toString());
    }

    private Task rejected(String service) {
        return Await.value(service + " rejected with the registry's reason", CONVERGE, () -> c.tasks(service).stream()
                .map(v -> v.task()).filter(t -> t.state() == TaskState.REJECTED).findFirst().orElse(null));
    }

    @Test
    @Order(1)
    void withoutTheFlagNoCredentialIsSentAndTheTaskShowsTheRefusal() {
        c.cli("service", "create", "--detach", "--name", "noauth", image, "sleep", "3600").ok();
        Task t = rejected("noauth");
        assertThat(t.status().error()).contains("pulling " + image).contains("no registry credential was sent")
                .contains("--with-registry-auth");
        assertThat(c.cli("service", "ps", "--no-trunc", "noauth").ok().out()).contains("Rejected")
                .contains("no registry credential was sent");
    }

    @Test
    @Order(2)
    void aWrongPasswordShowsUnauthorized() {
        useDockerConfig(registry.dockerConfig(work.resolve("cfg-wrong"), USER, "not-the-password"));
        c.cli("service", "create", "--detach", "--with-registry-auth", "--name", "wrong", image, "sleep", "3600").ok();
        assertThat(rejected("wrong").status().error()).contains("unauthorized");
    }

    @Test
    @Order(3)
    void theRightCredentialLetsTheNodesPullAndRun() {
        useDockerConfig(registry.dockerConfig(work.resolve("cfg-ok"), true));
        ServiceCluster.Cli created = c.cli("service", "create", "--with-registry-auth", "--name", "private",
                "--replicas", "2", image, "sleep", "3600");
        assertThat(created.exit()).as(created.err() + created.out()).isZero();
        List<Task> live = c.liveTasks("private");
        assertThat(live).hasSize(2).allMatch(t -> t.state() == TaskState.RUNNING);
        assertThat(c.containers("private", false)).hasSize(2);
    }

    @Test
    @Order(4)
    void theCredentialIsNowhereInClear() throws IOException {
        useDockerConfig(registry.dockerConfig(work.resolve("cfg-ok2"), true));
        c.cli("service", "create", "--detach", "--with-registry-auth", "--name", "sealed", image, "sleep", "3600").ok();
        Await.until("sealed running", CONVERGE, () -> c.liveTasks("sealed").stream()
                .anyMatch(t -> t.state() == TaskState.RUNNING));
        String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        List<String> secrets = List.of(PASSWORD, basic);
        assertThat(c.cli("service", "inspect", "sealed").ok().out()).doesNotContain(secrets);
        assertThat(c.cli("service", "inspect", "--pretty", "sealed").ok().out()).doesNotContain(secrets);
        assertThat(c.cli("info").ok().out()).doesNotContain(secrets);
        assertThat(c.logs()).doesNotContain(secrets);
        for (ServiceNode n : List.of(c.byName("reg-1"), c.byName("reg-2"))) {
            assertThat(n.output()).doesNotContain(secrets);
            try (Stream<Path> files = Files.walk(n.dataDir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    assertThat(bytes).as(f.toString()).doesNotContain(secrets);
                }
            }
        }
    }

    @Test
    @Order(5)
    void aBrokenDockerConfigIsOneClearLineAndWritesNothing() throws IOException {
        Path bad = work.resolve("cfg-bad");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("config.json"), "{\"auths\": [");
        useDockerConfig(bad.resolve("config.json"));
        ServiceCluster.Cli r = c.cli("service", "create", "--with-registry-auth", "--name", "broken", image);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("is not a valid Docker config").doesNotContain("Exception", "\tat ");
        assertThat(c.cli("service", "ls", "-q").ok().out()).isBlank();

        Path other = registry.dockerConfig(work.resolve("cfg-other"), true);
        useDockerConfig(other);
        ServiceCluster.Cli unknown = c.cli("service", "create", "--with-registry-auth", "--name", "elsewhere",
                "registry.invalid:5000/web:1");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("has no credential for registry.invalid:5000", "docker login");
        assertThat(c.cli("service", "ls", "-q").ok().out()).isBlank();
    }
}
