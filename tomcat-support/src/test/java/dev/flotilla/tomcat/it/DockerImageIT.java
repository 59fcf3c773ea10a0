package dev.flotilla.tomcat.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.testkit.DockerEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * templates/docker/Dockerfile built on the local Tomcat 11 image; two containers share one bind-mounted host folder
 * and write two folders named by their container ids.
 */
class DockerImageIT {
    @TempDir
    Path dir;

    @Test
    void twoContainersSharingOneHostFolderWriteTwoFoldersNamedByContainerId() throws Exception {
        DockerEngine.requireImage(DockerEngine.TOMCAT_BASE_IMAGE);
        Path context = buildContext();
        // docker-java's build, not Testcontainers' ImageFromDockerfile: the latter pre-pulls the Dockerfile's default
        // FROM image (tomcat:...) from a registry, and no registry is ever contacted here
        String image = build(context);
        Path shared = Files.createDirectories(dir.resolve("shared-logs"));
        List<GenericContainer<?>> containers = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                GenericContainer<?> c = new GenericContainer<>(image)
                        .withImagePullPolicy(name -> false)
                        .withFileSystemBind(shared.toString(), "/usr/local/tomcat/logs", BindMode.READ_WRITE)
                        .withExposedPorts(8080)
                        .withLabel("dev.flotilla.test", "true")
                        .waitingFor(Wait.forHttp("/hello").forStatusCode(200).withStartupTimeout(Duration.ofSeconds(90)));
                containers.add(c);
                c.start();
            }
            List<String> hosts = new ArrayList<>();
            for (GenericContainer<?> c : containers) {
                String host = c.getContainerInfo().getConfig().getHostName();
                assertThat(c.getContainerId()).startsWith(host);
                hosts.add(host);
                var r = Http.get("http://" + c.getHost() + ":" + c.getMappedPort(8080) + "/hello?q=from-" + host);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("hello " + host);
                // a graceful stop flushes the buffered access log (Testcontainers' own stop kills)
                DockerClientFactory.instance().client().stopContainerCmd(c.getContainerId()).withTimeout(30).exec();
            }
            assertThat(LogTree.all(shared).stream().filter(p -> !p.isEmpty() && !p.contains("/")))
                    .containsExactlyInAnyOrderElementsOf(hosts);
            for (int i = 0; i < 2; i++) {
                Path folder = shared.resolve(hosts.get(i));
                String other = hosts.get(1 - i);
                assertThat(LogTree.read(LogTree.one(folder, "catalina."))).contains("Server startup in");
                assertThat(LogTree.read(LogTree.one(folder, "localhost_access_log.")))
                        .contains("GET /hello?q=from-" + hosts.get(i)).doesNotContain(other);
                assertThat(LogTree.read(folder.resolve("debug.log"))).contains("request q=from-" + hosts.get(i))
                        .doesNotContain(other);
            }
            LogTree.assertNoBrokenNames(shared);
        } finally {
            for (GenericContainer<?> c : containers) {
                c.stop();
            }
            DockerClientFactory.instance().client().removeImageCmd(image).withForce(true).exec();
        }
    }

    @Test
    void aReadOnlyLogMountIsReportedAndTheApplicationStillServes() throws Exception {
        DockerEngine.requireImage(DockerEngine.TOMCAT_BASE_IMAGE);
        String image = build(buildContext());
        Path shared = Files.createDirectories(dir.resolve("read-only-logs"));
        GenericContainer<?> c = new GenericContainer<>(image).withImagePullPolicy(name -> false)
                .withFileSystemBind(shared.toString(), "/usr/local/tomcat/logs", BindMode.READ_ONLY)
                .withExposedPorts(8080).withLabel("dev.flotilla.test", "true")
                .waitingFor(Wait.forHttp("/hello").forStatusCode(200).withStartupTimeout(Duration.ofSeconds(90)));
        try {
            c.start();
            String host = c.getContainerInfo().getConfig().getHostName();
            var r = Http.get("http://" + c.getHost() + ":" + c.getMappedPort(8080) + "/hello?q=ro");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("hello " + host);
            assertThat(c.getLogs()).contains("flotilla tomcat-support: log folder /usr/local/tomcat/logs/" + host
                    + " cannot be created").contains("the application keeps running");
            assertThat(LogTree.all(shared)).containsExactly("");
        } finally {
            c.stop();
            DockerClientFactory.instance().client().removeImageCmd(image).withForce(true).exec();
        }
    }

    /** Builds the context with docker-java (no registry) and returns the image's tag. */
    private static String build(Path context) {
        String tag = "flotilla-test/tomcat-app-it:" + Long.toHexString(System.nanoTime());
        String imageId = DockerClientFactory.instance().client().buildImageCmd(context.toFile())
                .withBuildArg("BASE_IMAGE", DockerEngine.TOMCAT_BASE_IMAGE).withTags(Set.of(tag))
                .withLabels(Map.of("dev.flotilla.test", "true")).withPull(false)
                .exec(new BuildImageResultCallback()).awaitImageId(3, TimeUnit.MINUTES);
        assertThat(imageId).isNotBlank();
        return tag;
    }

    /** The build context the Dockerfile documents: the jar, the Tomcat templates and an exploded app. */
    private Path buildContext() throws Exception {
        Path context = Files.createDirectories(dir.resolve("context"));
        Files.copy(ItPaths.templates().resolve("docker/Dockerfile"), context.resolve("Dockerfile"));
        Files.copy(ItPaths.jar(), context.resolve("tomcat-support.jar"));
        Distribution.copyTree(ItPaths.templates().resolve("tomcat"), context.resolve("tomcat"));
        TestWebapp.build(context.resolve("app"), TestWebapp.Flavor.JAKARTA, TestWebapp.templateLogback());
        // the webapp's own copy of the jar is added by the Dockerfile
        Files.delete(context.resolve("app/WEB-INF/lib/tomcat-support.jar"));
        return context;
    }
}
