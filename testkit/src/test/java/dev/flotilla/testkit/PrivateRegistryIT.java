package dev.flotilla.testkit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static dev.flotilla.testkit.DockerEngine.BUSYBOX_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The private registry of the test kit against the real Docker engine: a push, then pulls with the right credentials,
 * none, a wrong password, a missing tag, an unreachable registry, a credential helper and a failing one, through the
 * docker CLI (what a person sees) and the Engine API with X-Registry-Auth (what the product's node agent sends).
 * Every error text the engine returns is printed (lines starting with "REGISTRY-IT") for the product's messages;
 * the assertions hold the stable parts.
 */
class PrivateRegistryIT {
    private static final String USER = "flotilla";
    private static final String PASSWORD = "s3cret-pa$$ 'word";
    private static final String REPO = "flotilla/busybox";
    private static final String TAG = "1";
    private static final Duration PULL = Duration.ofMinutes(2);

    @TempDir
    static Path dir;

    private static PrivateRegistry registry;
    private static String pushedDigest;
    private final List<String> pulled = new ArrayList<>();

    @BeforeAll
    static void startAndPush() {
        DockerEngine.requireImage(BUSYBOX_IMAGE);
        try {
            PrivateRegistry.requireTools();
        } catch (TestAbortedException e) {
            return; // each test asks again below and shows as skipped; under CI=true requireTools fails instead
        }
        long t0 = System.nanoTime();
        registry = PrivateRegistry.start(dir.resolve("registry"), USER, PASSWORD);
        long t1 = System.nanoTime();
        pushedDigest = registry.push(BUSYBOX_IMAGE, REPO + ":" + TAG);
        long t2 = System.nanoTime();
        report("registry " + registry.host() + " started in " + (t1 - t0) / 1_000_000 + " ms, pushed " + BUSYBOX_IMAGE
                + " as " + registry.image(REPO + ":" + TAG) + " in " + (t2 - t1) / 1_000_000 + " ms, digest " + pushedDigest);
        assertThat(pushedDigest).matches("sha256:[0-9a-f]{64}");
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void requireTools() {
        PrivateRegistry.requireTools();
    }

    @AfterEach
    void removePulledImages() {
        for (String ref : pulled) {
            Exec.run(Duration.ofSeconds(30), List.of(PrivateRegistry.DOCKER_CLI.toString(), "image", "rm", ref));
        }
    }

    @Test
    void theRegistryAsksForCredentialsAndTheEngineTrustsItsCa() throws IOException {
        HttpResponse<byte[]> anonymous = registry.request("GET", "/v2/", null, false);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"" + PrivateRegistry.REALM + "\"");
        assertThat(registry.request("GET", "/v2/", null, true).statusCode()).isEqualTo(200);

        Path installed = PrivateRegistry.ENGINE_CERTS_D.resolve(registry.host()).resolve("ca.crt");
        assertThat(installed).exists();
        assertThat(Files.readString(installed)).isEqualTo(Files.readString(registry.caCert()));
        // the local tag is gone after the push: a node has to pull
        assertThat(Exec.run(Duration.ofSeconds(30), List.of(PrivateRegistry.DOCKER_CLI.toString(), "image", "inspect",
                registry.image(REPO + ":" + TAG))).ok()).isFalse();
    }

    @Test
    void pullWithTheRightCredentialsWorks() {
        Path config = registry.dockerConfig(dir.resolve("cfg-ok"), true);
        assertThat(readString(config)).isEqualTo("{\"auths\":{\"" + registry.host() + "\":{\"auth\":\""
                + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)) + "\"}}}\n");
        Exec.Result r = pull(config.getParent(), Map.of(), registry.image(REPO + ":" + TAG));
        report("CLI pull with credentials: exit " + r.exit() + "\n" + r.out().strip());
        r.requireOk();
        assertThat(r.out()).contains("Digest: " + pushedDigest);

        Exec.Result byDigest = pull(config.getParent(), Map.of(), registry.image(REPO + "@" + pushedDigest));
        report("CLI pull by digest: exit " + byDigest.exit() + "\n" + byDigest.out().strip());
        byDigest.requireOk();

        EngineReply api = enginePull(registry.image(REPO), TAG, xRegistryAuth(USER, PASSWORD));
        report("Engine API pull with X-Registry-Auth: HTTP " + api.status() + "\n" + api.body().strip());
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.body()).contains("Digest: " + pushedDigest).doesNotContain("\"error\"");
    }

    @Test
    void pullWithoutCredentialsIsRefused() {
        Path config = registry.dockerConfig(dir.resolve("cfg-none"), false);
        Exec.Result r = pull(config.getParent(), Map.of(), registry.image(REPO + ":" + TAG));
        report("CLI pull without credentials: exit " + r.exit() + "\n" + r.text());
        assertThat(r.exit()).isNotZero();
        // On 127.0.0.0/8 the engine falls back to plain HTTP after "no basic auth credentials" on HTTPS and reports the
        // fallback's failure; a registry elsewhere gives "no basic auth credentials" (or "unauthorized").
        assertThat(r.err()).containsAnyOf("no basic auth credentials", "unauthorized",
                "connection reset by peer", "Client sent an HTTP request to an HTTPS server");

        EngineReply api = enginePull(registry.image(REPO), TAG, null);
        report("Engine API pull without X-Registry-Auth: HTTP " + api.status() + "\n" + api.body().strip());
        assertThat(api.status()).isGreaterThanOrEqualTo(400);
        assertThat(api.body()).containsAnyOf("no basic auth credentials", "unauthorized",
                "connection reset by peer", "Client sent an HTTP request to an HTTPS server");
        assertThat(registry.log()).contains("basic authentication challenge for realm \\\"" + PrivateRegistry.REALM + "\\\"");
    }

    @Test
    void pullWithAWrongPasswordIsUnauthorized() {
        Path config = registry.dockerConfig(dir.resolve("cfg-wrong"), USER, "wrong");
        Exec.Result r = pull(config.getParent(), Map.of(), registry.image(REPO + ":" + TAG));
        report("CLI pull with a wrong password: exit " + r.exit() + "\n" + r.text());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("unauthorized");

        Exec.Result login = Exec.run(Duration.ofSeconds(60), List.of(PrivateRegistry.DOCKER_CLI.toString(), "--config",
                dir.resolve("cfg-login-wrong").toString(), "login", "--username", USER, "--password-stdin", registry.host()),
                Map.of(), "wrong");
        report("CLI login with a wrong password: exit " + login.exit() + "\n" + login.text());
        assertThat(login.exit()).isNotZero();
        assertThat(login.err()).contains("401 Unauthorized");

        EngineReply api = enginePull(registry.image(REPO), TAG, xRegistryAuth(USER, "wrong"));
        report("Engine API pull with a wrong password: HTTP " + api.status() + "\n" + api.body().strip());
        assertThat(api.status()).isGreaterThanOrEqualTo(400);
        assertThat(api.body()).contains("unauthorized: authentication required");
    }

    @Test
    void aMissingTagIsNotFound() {
        Path config = registry.dockerConfig(dir.resolve("cfg-missing"), true);
        Exec.Result r = pull(config.getParent(), Map.of(), registry.image(REPO + ":nope"));
        report("CLI pull of a missing tag: exit " + r.exit() + "\n" + r.text());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("not found").contains("manifest unknown");

        Exec.Result repo = pull(config.getParent(), Map.of(), registry.image("flotilla/nothing:" + TAG));
        report("CLI pull of a missing repository: exit " + repo.exit() + "\n" + repo.text());
        assertThat(repo.err()).contains("not found").contains("manifest unknown");

        EngineReply api = enginePull(registry.image(REPO), "nope", xRegistryAuth(USER, PASSWORD));
        report("Engine API pull of a missing tag: HTTP " + api.status() + "\n" + api.body().strip());
        assertThat(api.status()).isEqualTo(404);
        assertThat(api.body()).contains("manifest unknown");
    }

    @Test
    void anUnreachableRegistryIsReported() {
        Path config = registry.dockerConfig(dir.resolve("cfg-unreachable"), true);
        Exec.Result r = pull(config.getParent(), Map.of(), "127.0.0.1:1/" + REPO + ":" + TAG);
        report("CLI pull from 127.0.0.1:1: exit " + r.exit() + "\n" + r.text());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("connection refused");

        EngineReply api = enginePull("127.0.0.1:1/" + REPO, TAG, xRegistryAuth(USER, PASSWORD));
        report("Engine API pull from 127.0.0.1:1: HTTP " + api.status() + "\n" + api.body().strip());
        assertThat(api.body()).contains("connection refused");
    }

    @Test
    void aCredentialHelperIsAskedAndItsAnswerWorks() {
        Path bin = dir.resolve("helper-bin");
        Path config = registry.dockerConfigWithHelper(dir.resolve("cfg-helper"), bin, "flotilla-test");
        assertThat(readString(config)).contains("\"credHelpers\":{\"" + registry.host() + "\":\"flotilla-test\"}");

        Path helper = bin.resolve("docker-credential-flotilla-test");
        Exec.Result direct = Exec.run(Duration.ofSeconds(10), List.of(helper.toString(), "get"), Map.of(), registry.host());
        assertThat(direct.requireOk().out().strip()).isEqualTo("{\"ServerURL\":\"" + registry.host() + "\",\"Username\":\""
                + USER + "\",\"Secret\":\"" + PASSWORD + "\"}");
        Exec.Result other = Exec.run(Duration.ofSeconds(10), List.of(helper.toString(), "get"), Map.of(), "https://elsewhere:5000\n");
        assertThat(other.exit()).isEqualTo(1);
        assertThat(other.out()).contains("credentials not found in native keychain");

        Exec.Result r = pull(config.getParent(), Map.of("PATH", PrivateRegistry.pathWith(bin)), registry.image(REPO + ":" + TAG));
        report("CLI pull with a credential helper: exit " + r.exit() + "\n" + r.text()
                + "\nhelper calls: " + PrivateRegistry.helperCalls(bin, "flotilla-test"));
        r.requireOk();
        assertThat(PrivateRegistry.helperCalls(bin, "flotilla-test")).contains("get " + registry.host());
    }

    @Test
    void aFailingCredentialHelperIsReported() {
        Path bin = dir.resolve("failing-bin");
        Path config = registry.dockerConfigWithFailingHelper(dir.resolve("cfg-failing"), bin, "flotilla-broken",
                "keychain locked (test)");
        Exec.Result r = pull(config.getParent(), Map.of("PATH", PrivateRegistry.pathWith(bin)), registry.image(REPO + ":" + TAG));
        report("CLI pull with a failing credential helper: exit " + r.exit() + "\n" + r.text()
                + "\nhelper calls: " + PrivateRegistry.helperCalls(bin, "flotilla-broken"));
        assertThat(r.exit()).isNotZero();
        assertThat(PrivateRegistry.helperCalls(bin, "flotilla-broken")).isNotEmpty();

        Path noHelper = registry.dockerConfigWithHelper(dir.resolve("cfg-absent"), dir.resolve("absent-bin"), "flotilla-absent");
        Exec.Result absent = pull(noHelper.getParent(), Map.of("PATH", "/usr/bin:/bin"), registry.image(REPO + ":" + TAG));
        report("CLI pull with a credential helper that is not on PATH: exit " + absent.exit() + "\n" + absent.text());
        assertThat(absent.exit()).isNotZero();
    }

    @Test
    void theManifestCallGivesTheDigestToPinTo() throws NoSuchAlgorithmException {
        String path = "/v2/" + REPO + "/manifests/" + TAG;
        HttpResponse<byte[]> get = registry.request("GET", path, PrivateRegistry.MANIFEST_V2, true);
        String digest = get.headers().firstValue("Docker-Content-Digest").orElse(null);
        report("GET " + path + " (Accept: " + PrivateRegistry.MANIFEST_V2 + "): HTTP " + get.statusCode() + " "
                + get.version() + "\nheaders: " + get.headers().map() + "\nbody: " + new String(get.body(), StandardCharsets.UTF_8));
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("Content-Type")).hasValue(PrivateRegistry.MANIFEST_V2);
        assertThat(digest).isEqualTo(pushedDigest);
        String sha = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(get.body()));
        assertThat(digest).as("the digest is the SHA-256 of the manifest's exact bytes").isEqualTo(sha);
        assertThat(get.headers().firstValue("Content-Length")).hasValue(Integer.toString(get.body().length));
        assertThat(get.headers().firstValue("Etag")).hasValue("\"" + digest + "\"");

        HttpResponse<byte[]> head = registry.request("HEAD", path, PrivateRegistry.MANIFEST_V2, true);
        report("HEAD " + path + ": HTTP " + head.statusCode() + "\nheaders: " + head.headers().map());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(registry.manifestDigest(REPO, TAG)).isEqualTo(pushedDigest);

        HttpResponse<byte[]> byDigest = registry.request("GET", "/v2/" + REPO + "/manifests/" + digest, PrivateRegistry.MANIFEST_V2, true);
        assertThat(byDigest.statusCode()).isEqualTo(200);
        assertThat(byDigest.body()).isEqualTo(get.body());

        HttpResponse<byte[]> anonymous = registry.request("GET", path, PrivateRegistry.MANIFEST_V2, false);
        report("GET " + path + " without credentials: HTTP " + anonymous.statusCode() + "\nheaders: "
                + anonymous.headers().map() + "\nbody: " + new String(anonymous.body(), StandardCharsets.UTF_8));
        assertThat(anonymous.statusCode()).isEqualTo(401);

        HttpResponse<byte[]> missing = registry.request("GET", "/v2/" + REPO + "/manifests/nope", PrivateRegistry.MANIFEST_V2, true);
        report("GET /v2/" + REPO + "/manifests/nope: HTTP " + missing.statusCode() + "\nbody: "
                + new String(missing.body(), StandardCharsets.UTF_8));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new String(missing.body(), StandardCharsets.UTF_8)).contains("MANIFEST_UNKNOWN");

        HttpResponse<byte[]> noAccept = registry.request("GET", path, null, true);
        report("GET " + path + " without Accept: HTTP " + noAccept.statusCode() + ", Content-Type "
                + noAccept.headers().firstValue("Content-Type").orElse("-") + ", Docker-Content-Digest "
                + noAccept.headers().firstValue("Docker-Content-Digest").orElse("-") + "\nbody: "
                + new String(noAccept.body(), StandardCharsets.UTF_8));
    }

    @Test
    void closeStopsTheRegistryAndRemovesTheEngineCa() throws IOException {
        PrivateRegistry second = PrivateRegistry.start(dir.resolve("second"), "other", "pw");
        Path caDir = PrivateRegistry.ENGINE_CERTS_D.resolve(second.host());
        assertThat(caDir.resolve("ca.crt")).exists();
        assertThat(second.port()).isNotEqualTo(registry.port());
        second.close();
        assertThat(caDir).doesNotExist();
        assertThat(PrivateRegistry.ENGINE_CERTS_D.resolve("localhost:" + second.port())).doesNotExist();
        assertThat(listens(second.port())).isFalse();
        second.close(); // twice is fine
        assertThat(second.log()).contains("listening on 127.0.0.1:" + second.port());
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Exec.Result pull(Path configDir, Map<String, String> env, String ref) {
        pulled.add(ref);
        return PrivateRegistry.docker(configDir, PULL, env, "pull", ref);
    }

    record EngineReply(int status, String body) {
    }

    /** POST /images/create over the engine's socket (curl, bounded), as the product's node agent will call it. */
    private EngineReply enginePull(String image, String tag, String registryAuth) {
        pulled.add(image + ":" + tag);
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "100", "--unix-socket",
                DockerEngine.SOCKET.toString(), "-X", "POST", "-w", "\n%{http_code}"));
        if (registryAuth != null) {
            cmd.addAll(List.of("-H", "X-Registry-Auth: " + registryAuth));
        }
        cmd.add("http://docker/v1.41/images/create?fromImage=" + image + "&tag=" + tag);
        Exec.Result r = Exec.run(PULL, cmd, Map.of(), null).requireOk();
        String out = r.out();
        int nl = out.lastIndexOf('\n');
        return new EngineReply(Integer.parseInt(out.substring(nl + 1).strip()), out.substring(0, Math.max(nl, 0)));
    }

    private String xRegistryAuth(String user, String password) {
        String json = "{\"username\":" + PrivateRegistry.json(user) + ",\"password\":" + PrivateRegistry.json(password)
                + ",\"serveraddress\":" + PrivateRegistry.json(registry.host()) + "}";
        return Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean listens(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void report(String text) {
        for (String line : text.split("\n", -1)) {
            System.out.println("REGISTRY-IT " + line);
        }
    }
}
