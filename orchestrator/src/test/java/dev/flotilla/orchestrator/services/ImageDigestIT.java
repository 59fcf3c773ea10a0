package dev.flotilla.orchestrator.services;

import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.testkit.Await;
import dev.flotilla.testkit.DockerEngine;
import dev.flotilla.testkit.Exec;
import dev.flotilla.testkit.PrivateRegistry;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Image tags pinned to digests, with real daemons, the real engine and the real private registry (TLS, htpasswd):
 * image A is pushed as {@code repo:1} and a service created from it records A's digest; then image B is pushed under
 * the same tag, and a replica added by scaling still runs A (pulled by its digest), while a service created with
 * {@code --no-resolve-image} keeps the bare tag and runs B. An image only on the nodes keeps its tag, with a warning,
 * at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImageDigestIT {
    private static final String USER = "digest-user";
    private static final String PASSWORD = "pw-" + Long.toHexString(System.nanoTime());
    private static final Duration CONVERGE = Duration.ofSeconds(90);
    private static final Duration TOOL = Duration.ofSeconds(60);
    private static final String WARNING = "could not be accessed on a registry to record its digest";
    private PrivateRegistry registry;
    private ServiceCluster c;
    private Path work;
    private String imageB;
    private String idA;
    private String idB;
    /** {@code 127.0.0.1:<port>/flotilla/digest-it:1}: A first, B once B is pushed. */
    private String image;
    private String digestA;
    private String digestB;

    @BeforeAll
    void start() throws IOException {
        PrivateRegistry.requireTools();
        DockerEngine.requireImage(DockerEngine.BUSYBOX_IMAGE);
        work = Files.createTempDirectory("flotilla-digest-it");
        imageB = "flotilla-test/busybox:digest-it-b-" + Long.toHexString(System.nanoTime());
        String container = docker("create", DockerEngine.BUSYBOX_IMAGE, "true").out().strip();
        try {
            docker("commit", "--change", "LABEL dev.flotilla.test.variant=b", container, imageB);
        } finally {
            docker("rm", container);
        }
        idA = imageId(DockerEngine.BUSYBOX_IMAGE);
        idB = imageId(imageB);
        assertThat(idB).as("B is another image").isNotEqualTo(idA);
        registry = PrivateRegistry.start(work.resolve("registry"), USER, PASSWORD);
        String repo = "flotilla/digest-it-" + Long.toHexString(System.nanoTime());
        digestA = registry.push(DockerEngine.BUSYBOX_IMAGE, repo + ":1");
        image = registry.image(repo + ":1");
        System.setProperty("docker.config", registry.dockerConfig(work.resolve("cfg"), true).getParent().toString());
        c = new ServiceCluster("digest", "3s");
        c.init("dig-1", "2");
        c.join("dig-2", "2");
        Await.until("2 ready nodes that report the test image", Duration.ofSeconds(60), () -> c.nodeViews().stream()
                .filter(v -> v.node().status().display().equals("Ready")
                        && v.node().description().images().contains(DockerEngine.BUSYBOX_IMAGE)).count() == 2);
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
        if (image != null) {
            String name = image.substring(0, image.lastIndexOf(':'));
            for (String ref : new String[] {image, name + "@" + digestA, name + "@" + digestB}) {
                Exec.run(TOOL, List.of("/usr/bin/docker", "image", "rm", ref));
            }
        }
        if (imageB != null) {
            Exec.run(TOOL, List.of("/usr/bin/docker", "image", "rm", imageB));
        }
    }

    @AfterEach
    void noServiceLeft() {
        for (String id : c.cli("service", "ls", "-q").ok().out().strip().split("\\s+")) {
            if (!id.isBlank()) {
                c.cli("service", "rm", id);
            }
        }
    }

    private static Exec.Result docker(String... args) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/docker"));
        cmd.addAll(List.of(args));
        return Exec.run(TOOL, cmd).requireOk();
    }

    private static String imageId(String ref) {
        return docker("image", "inspect", "--format", "{{.Id}}", ref).out().strip();
    }

    private List<InspectContainerResponse> running(String service, int n) {
        Await.until(n + " running tasks of " + service, CONVERGE, () -> c.liveTasks(service).stream()
                .filter(t -> t.state() == TaskState.RUNNING).count() == n);
        List<InspectContainerResponse> out = new ArrayList<>();
        for (Container ct : c.containers(service, false)) {
            out.add(c.docker.inspectContainerCmd(ct.getId()).exec());
        }
        assertThat(out).hasSize(n);
        return out;
    }

    @Test
    @Order(1)
    void aReplicaAddedAfterTheTagMovedRunsTheImageTheServiceWasCreatedWith() {
        ServiceCluster.Cli created = c.cli("service", "create", "--detach", "--with-registry-auth", "--name", "pinned",
                image, "sleep", "3600");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.err()).doesNotContain(WARNING);
        String pinned = image + "@" + digestA;
        assertThat(c.cli("service", "inspect", "pinned").ok().out()).contains("\"" + pinned + "\"");
        assertThat(running("pinned", 1)).allSatisfy(i -> assertThat(i.getImageId()).isEqualTo(idA));

        digestB = registry.push(imageB, image.substring(image.indexOf('/') + 1));
        assertThat(digestB).isNotEqualTo(digestA);
        // the engine forgets A's digest, so the new replica must pull A by its digest from the registry
        Exec.run(TOOL, List.of("/usr/bin/docker", "image", "rm", image.substring(0, image.lastIndexOf(':')) + "@" + digestA));
        c.cli("service", "scale", "--detach", "pinned=2").ok();

        List<InspectContainerResponse> replicas = running("pinned", 2);
        assertThat(replicas).allSatisfy(i -> {
            assertThat(i.getImageId()).as("image A").isEqualTo(idA);
            assertThat(i.getConfig().getImage()).isEqualTo(pinned);
        });
        assertThat(c.liveTasks("pinned")).extracting(t -> t.spec().image()).containsOnly(pinned);
        assertThat(c.cli("service", "ls").ok().out()).contains(image).doesNotContain("sha256");
        assertThat(c.cli("service", "ps", "pinned").ok().out()).contains(image).doesNotContain("sha256");
        assertThat(c.cli("service", "ps", "--no-trunc", "pinned").ok().out()).contains(pinned);

        ServiceCluster.Cli updated = c.cli("service", "update", "--detach", "--image", image, "pinned");
        assertThat(updated.exit()).as(updated.err()).isZero();
        assertThat(c.cli("service", "inspect", "pinned").ok().out()).as("--image asks the registry again")
                .contains("\"" + image + "@" + digestB + "\"");
    }

    @Test
    @Order(2)
    void withNoResolveImageTheTagStaysAndTheNodesRunWhatItNamesNow() {
        assertThat(digestB).as("B was pushed by the first test").isNotNull();
        ServiceCluster.Cli created = c.cli("service", "create", "--detach", "--with-registry-auth",
                "--no-resolve-image", "--name", "loose", image, "sleep", "3600");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.err()).doesNotContain(WARNING);
        assertThat(c.cli("service", "inspect", "loose").ok().out()).contains("\"" + image + "\"")
                .doesNotContain("sha256:");
        assertThat(running("loose", 1)).allSatisfy(i -> assertThat(i.getImageId()).as("image B").isEqualTo(idB));
    }

    @Test
    @Order(3)
    void anImageOnlyOnTheNodesKeepsItsTagWithAWarningAtOnce() {
        ServiceCluster.Cli created = c.cli("service", "create", "--detach", "--name", "local",
                DockerEngine.BUSYBOX_IMAGE, "sleep", "3600");

        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.err()).contains("Warning: image " + DockerEngine.BUSYBOX_IMAGE + " " + WARNING)
                .doesNotContain("Exception");
        assertThat(created.err().strip().lines()).hasSize(1);
        assertThat(created.millis()).as("no network beyond loopback: the answer is quick").isLessThan(5_000);
        assertThat(c.cli("service", "inspect", "local").ok().out())
                .contains("\"" + DockerEngine.BUSYBOX_IMAGE + "\"");
        List<Task> live = c.liveTasks("local");
        Await.until("local running", CONVERGE, () -> c.liveTasks("local").stream()
                .anyMatch(t -> t.state() == TaskState.RUNNING));
        assertThat(live).isNotEmpty();
    }
}
