package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.client.ClientConfig;
import dev.flotilla.orchestrator.http.TestApi;
import dev.flotilla.orchestrator.pki.Pem;
import dev.flotilla.orchestrator.store.TestClusters;
import dev.flotilla.orchestrator.tls.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code service create/update} against a real API server whose manager asks a fake engine for digests: the pinned
 * image in {@code inspect}, the tag in {@code ls}, the warning on stderr, and {@code --no-resolve-image}.
 */
class ImagePinningCliTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private final TestApi api = TestApi.start();
    private String config;

    @BeforeEach
    void writeConfig(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("config.json");
        new ClientConfig("c", TestClusters.ADMIN.toString(), List.of(api.address), Map.of(),
                Pem.encode(TestTls.CA.certificate())).save(f);
        config = f.toString();
    }

    @AfterEach
    void close() {
        api.close();
    }

    private record Run(int exit, String out, String err) {
    }

    private Run cli(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.add(2, "--config=" + config);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(a.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private long asked() {
        return api.ops.engine.calls().stream().filter(c -> c.startsWith("registryDigest ")).count();
    }

    @Test
    void aTagTheRegistryKnowsIsPinnedAndListedWithoutItsDigest() {
        api.ops.engine.serveDigest("img:2", A, null);

        Run created = cli("service", "create", "--detach", "--name", "web", "img:2", "sleep", "60");

        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.err()).isEmpty();
        assertThat(cli("service", "inspect", "web").out()).contains("\"img:2@" + A + "\"");
        assertThat(cli("service", "inspect", "--pretty", "web").out()).contains("img:2@" + A);
        assertThat(cli("service", "ls").out()).contains(" img:2").doesNotContain("sha256");
    }

    @Test
    void anImageNoRegistryKnowsIsCreatedWithItsTagAndAWarningOnStderr() {
        Run created = cli("service", "create", "--detach", "--name", "web", "img:1");

        assertThat(created.exit()).isZero();
        assertThat(created.err().strip()).startsWith("Warning: image img:1 could not be accessed on a registry to record"
                + " its digest").doesNotContain("\n", "Exception");
        assertThat(cli("service", "inspect", "web").out()).contains("\"img:1\"");
    }

    @Test
    void noResolveImageAsksNobodyOnCreateAndOnForce() {
        api.ops.engine.serveDigest("img:2", A, null);

        Run created = cli("service", "create", "--detach", "--no-resolve-image", "--name", "web", "img:2");
        Run forced = cli("service", "update", "--detach", "--no-resolve-image", "--force", "web");

        assertThat(created.exit()).isZero();
        assertThat(forced.exit()).isZero();
        assertThat(created.err() + forced.err()).isEmpty();
        assertThat(cli("service", "inspect", "web").out()).contains("\"img:2\"").doesNotContain("sha256");
        assertThat(asked()).isZero();
    }

    @Test
    void updateForceFollowsTheTagToItsNewDigest() {
        api.ops.engine.serveDigest("img:2", A, null);
        cli("service", "create", "--detach", "--name", "web", "img:2");
        api.ops.engine.serveDigest("img:2", B, null);

        Run forced = cli("service", "update", "--detach", "--force", "web");

        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(cli("service", "inspect", "web").out()).contains("\"img:2@" + B + "\"");
    }

    @Test
    void aMalformedImageIsOneLineAndCreatesNothing() {
        Run bad = cli("service", "create", "--detach", "--name", "web", "Img:1@sha256:zz");

        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err().strip()).contains("is not a valid image reference").doesNotContain("\n", "Exception");
        assertThat(api.store.local().services()).isEmpty();
        assertThat(asked()).isZero();
    }
}
