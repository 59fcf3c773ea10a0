package dev.flotilla.orchestrator.runtime.docker;

import dev.flotilla.orchestrator.runtime.ContainerRuntime;
import dev.flotilla.orchestrator.runtime.ImageInfo;
import dev.flotilla.orchestrator.runtime.PreparedContainer;
import dev.flotilla.orchestrator.runtime.RegistryAuth;
import dev.flotilla.orchestrator.runtime.RuntimeFailure;
import dev.flotilla.testkit.DockerEngine;
import dev.flotilla.testkit.Exec;
import dev.flotilla.testkit.PrivateRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.flotilla.testkit.DockerEngine.BUSYBOX_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link ContainerRuntime#registryDigest} and pinned references on the real engine, with the real private registry
 * (TLS, htpasswd): the digest of a pushed tag, the registry's refusal without the credential, a pull by digest that
 * runs exactly that image, and the bounds: a Docker Hub name offline fails at once, a registry that never answers
 * is given up after the limit.
 */
class RegistryDigestIT {
    private static final String USER = "digest-user";
    private static final String PASSWORD = "pw-" + Long.toHexString(System.nanoTime());
    private static final Duration TOOL = Duration.ofSeconds(30);
    private static PrivateRegistry registry;
    private static DockerContainerRuntime runtime;
    private static TestEngine engine;
    private static RegistryAuth auth;
    private static String tagged;
    private static String digest;

    @BeforeAll
    static void start() throws IOException, RuntimeFailure {
        PrivateRegistry.requireTools();
        DockerEngine.requireImage(BUSYBOX_IMAGE);
        registry = PrivateRegistry.start(Files.createTempDirectory("flotilla-digest-it"), USER, PASSWORD);
        String repo = "flotilla/digest-it:" + Long.toHexString(System.nanoTime());
        digest = registry.push(BUSYBOX_IMAGE, repo);
        tagged = registry.image(repo);
        auth = new RegistryAuth(registry.host(), USER, PASSWORD);
        engine = new TestEngine();
        runtime = DockerContainerRuntime.connect(DockerEngineConfig.defaults());
    }

    @AfterAll
    static void stop() throws IOException {
        if (engine != null) {
            engine.cleanUp();
            engine.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (tagged != null) {
            docker("image", "rm", pinnedByDigestOnly());
        }
    }

    private static String pinnedByDigestOnly() {
        return tagged.substring(0, tagged.lastIndexOf(':')) + "@" + digest;
    }

    private static Exec.Result docker(String... args) {
        return Exec.run(TOOL, java.util.stream.Stream.concat(java.util.stream.Stream.of("/usr/bin/docker"),
                java.util.Arrays.stream(args)).toList());
    }

    @Test
    void theEngineAnswersTheDigestTheRegistryServesForTheTag() throws RuntimeFailure {
        assertThat(runtime.registryDigest(tagged, auth)).isEqualTo(digest);
    }

    @Test
    void withoutTheRightCredentialTheRegistrysRefusalIsTheReason() {
        RuntimeFailure none = catchThrowableOfType(() -> runtime.registryDigest(tagged, null), RuntimeFailure.class);
        RuntimeFailure wrong = catchThrowableOfType(() -> runtime.registryDigest(tagged,
                new RegistryAuth(registry.host(), USER, "not-the-password")), RuntimeFailure.class);

        assertThat(none.kind()).isEqualTo(RuntimeFailure.Kind.REJECTED);
        assertThat(none.getMessage()).containsAnyOf("unauthorized", "no basic auth credentials").doesNotContain("\n");
        assertThat(wrong.getMessage()).containsAnyOf("unauthorized", "authentication required");
    }

    @Test
    void aPinnedReferenceIsPulledByItsDigestAndItsContainerRunsThatImage() throws RuntimeFailure {
        String pinned = tagged + "@" + digest;
        docker("image", "rm", pinnedByDigestOnly());
        String busyboxId = runtime.requireImage(BUSYBOX_IMAGE, "it").id();

        ImageInfo pulled = runtime.pullIfMissing(pinned, auth, "it");

        assertThat(pulled.id()).isEqualTo(busyboxId);
        assertThat(runtime.requireImage(pinned, "it").id()).isEqualTo(busyboxId);
        assertThat(runtime.localImages()).contains(pinnedByDigestOnly()).doesNotContain(tagged);
        PreparedContainer c = runtime.create(engine.launch(engine.nodeId("n1"), "pinned", 1, pinned,
                List.of("true"), java.util.Map.of(), List.of(), null, List.of(), 0, 0, 0, 0, Duration.ofSeconds(1)));
        var inspected = engine.docker.inspectContainerCmd(c.containerId()).exec();
        assertThat(inspected.getImageId()).isEqualTo(busyboxId);
        assertThat(inspected.getConfig().getImage()).isEqualTo(pinned);
    }

    @Test
    void aDockerHubNameOfALocalOnlyImageFailsWellWithinTheLimit() {
        long t0 = System.nanoTime();
        RuntimeFailure f = catchThrowableOfType(() -> runtime.registryDigest(BUSYBOX_IMAGE, null), RuntimeFailure.class);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(f).isNotNull();
        assertThat(f.getMessage()).isNotBlank().doesNotContain("\n");
        assertThat(took).isLessThan(ContainerRuntime.DIGEST_LIMIT.plusSeconds(2));
    }

    @Test
    void aRegistryThatNeverAnswersIsGivenUpAfterTheLimit() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             DockerContainerRuntime bounded = DockerContainerRuntime.connect(DockerEngineConfig.defaults()
                     .withRegistryTimeout(Duration.ofSeconds(2)))) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "silent-registry");
            acceptor.setDaemon(true);
            acceptor.start();
            long t0 = System.nanoTime();
            RuntimeFailure f = catchThrowableOfType(() -> bounded.registryDigest("127.0.0.1:" + silent.getLocalPort()
                    + "/never/answers:1", null), RuntimeFailure.class);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(f.getMessage()).isEqualTo("no answer from the registry within 2 s");
            assertThat(took).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(6));
            assertThat(bounded.localImages()).as("the engine connection still works").isNotEmpty();
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
