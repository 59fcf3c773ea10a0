package dev.flotilla.testkit;

import org.junit.jupiter.api.Assumptions;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real private registry for tests of images pulled with credentials (Docker Swarm's {@code --with-registry-auth}):
 * Debian's Distribution registry v2 ({@code /usr/bin/docker-registry}) as a child process on
 * {@code 127.0.0.1:<free port>}, with TLS from a test CA made for the occasion and htpasswd (bcrypt) basic
 * authentication. The CA is installed for the local Docker engine under {@code /etc/docker/certs.d/<host>/ca.crt}
 * while the registry runs. Images reach it with {@link #push}, which removes the local tag again, so an engine that
 * wants the image must pull it with credentials.
 *
 * <p>Note on the engine: Docker treats every registry on 127.0.0.0/8 as "insecure" (a built-in rule no daemon flag
 * removes). It still talks TLS first, but without verifying the certificate, and falls back to plain HTTP after an
 * error that allows falling back (a missing credential is one: the engine's message then comes from the plain-HTTP
 * attempt). The CA file is installed all the same, and Java clients ({@link #httpClient()}) verify it.
 *
 * <p>Needs the tools scripts/registry.sh installs (docker-registry, apache2-utils, openssl), the docker CLI, a running
 * engine and write access to /etc/docker/certs.d (root). Under {@code CI=true} a missing piece fails the test; on a
 * developer's machine it skips it.
 */
public final class PrivateRegistry implements AutoCloseable {
    public static final Path REGISTRY_BINARY = Path.of("/usr/bin/docker-registry");
    public static final Path HTPASSWD = Path.of("/usr/bin/htpasswd");
    public static final Path OPENSSL = Path.of("/usr/bin/openssl");
    public static final Path DOCKER_CLI = Path.of("/usr/bin/docker");
    /** Where the Docker engine looks for a registry's CA: {@code <this>/<host>:<port>/ca.crt}, read per connection. */
    public static final Path ENGINE_CERTS_D = Path.of("/etc/docker/certs.d");
    /** The media type of a Docker image manifest, schema 2 (what the engine pushes for a local image). */
    public static final String MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String REALM = "flotilla-test-registry";

    private static final String ADDRESS = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PUSH_TIMEOUT = Duration.ofMinutes(5);
    private static final long STOP_GRACE_SECONDS = 5;
    /** Marks what this class leaves on the machine (config files, CA folders) with the pid of the JVM that owns it. */
    private static final String OWNER_MARK = "# flotilla-testkit PrivateRegistry, owner pid: ";
    private static final String OWNER_FILE = "flotilla-testkit.owner";
    private static final long OWNER_PID = ProcessHandle.current().pid();
    private static final Pattern PUSHED_DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64})");

    private final Path workDir;
    private final String user;
    private final String password;
    private final int port;
    private final ChildJvm process;
    private final Path caCert;
    private final SSLContext sslContext;
    private final HttpClient http;
    private final List<Path> engineCaDirs = new ArrayList<>();
    private final Path loginConfigDir;
    private final Thread shutdownHook;
    private boolean loggedIn;
    private boolean closed;

    private PrivateRegistry(Path workDir, String user, String password, int port, ChildJvm process, Path caCert) {
        this.workDir = workDir;
        this.user = user;
        this.password = password;
        this.port = port;
        this.process = process;
        this.caCert = caCert;
        this.sslContext = trusting(caCert);
        this.http = HttpClient.newBuilder().sslContext(sslContext).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.loginConfigDir = workDir.resolve("docker-login");
        this.shutdownHook = new Thread(this::cleanUp, "private-registry-" + port + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Makes a test CA and a server certificate, an htpasswd file with {@code user}, a registry config with storage in
     * {@code workDir}, starts the registry on a free port of 127.0.0.1, waits until {@code /v2/} answers 401 over
     * verified TLS, and installs the CA for the Docker engine.
     */
    public static PrivateRegistry start(Path workDir, String user, String password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        requireTools();
        reapOrphans();
        Path dir = workDir.toAbsolutePath();
        try {
            Files.createDirectories(dir.resolve("data"));
            Path certs = Files.createDirectories(dir.resolve("certs"));
            Path ca = makeCertificates(certs);
            Path htpasswd = dir.resolve("htpasswd");
            String entry = Exec.run(TOOL_TIMEOUT, List.of(HTPASSWD.toString(), "-B", "-i", "-n", user), Map.of(), password)
                    .requireOk().out().strip();
            Files.writeString(htpasswd, entry + "\n");
            AssertionError last = null;
            for (int attempt = 1; attempt <= 3; attempt++) {
                int port = Ports.free(ADDRESS);
                Path config = writeConfig(dir, port, certs, htpasswd);
                Path log = dir.resolve("registry-" + port + ".log");
                ChildJvm child = ChildJvm.exec("docker-registry:" + port,
                        List.of(REGISTRY_BINARY.toString(), "serve", config.toString()), Map.of(), log);
                PrivateRegistry registry = new PrivateRegistry(dir, user, password, port, child, ca);
                try {
                    registry.awaitReady();
                    registry.installEngineCa();
                    return registry;
                } catch (AssertionError | RuntimeException e) {
                    registry.close();
                    boolean portTaken = child.output().contains("address already in use");
                    if (!portTaken) {
                        throw e;
                    }
                    last = e instanceof AssertionError a ? a : new AssertionError(e);
                }
            }
            throw last;
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the private registry in " + dir, e);
        }
    }

    /**
     * Fails (under {@code CI=true}) or skips the calling test unless the registry's tools, the docker CLI and a
     * writable engine CA folder are there.
     */
    public static void requireTools() {
        List<String> missing = new ArrayList<>();
        for (Path tool : List.of(REGISTRY_BINARY, HTPASSWD, OPENSSL, DOCKER_CLI)) {
            if (!Files.isExecutable(tool)) {
                missing.add(tool.toString());
            }
        }
        String problem = null;
        if (!missing.isEmpty()) {
            problem = "The private-registry tests need " + String.join(", ", missing) + ", which "
                    + (missing.size() == 1 ? "is" : "are") + " missing. Run ./scripts/test (scripts/registry.sh installs them),"
                    + " or apt-get install docker-registry apache2-utils openssl.";
        } else if (!Files.isWritable(existingAncestor(ENGINE_CERTS_D))) {
            problem = "The private-registry tests install a test CA for the Docker engine under " + ENGINE_CERTS_D
                    + ", which this user cannot write; run them as root (./scripts/test does on CI).";
        }
        if (problem == null) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(problem + " Under CI=true, tests that need real components never skip.");
        }
        Assumptions.abort(problem);
    }

    /** {@code 127.0.0.1:<port>}: the registry part of an image reference and the key of a Docker config's auths. */
    public String host() {
        return ADDRESS + ":" + port;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The test CA's certificate (PEM), which signed the registry's server certificate. */
    public Path caCert() {
        return caCert;
    }

    public Path workDir() {
        return workDir;
    }

    /** The registry's own log (startup, every request, authentication failures). */
    public String log() {
        return process.output();
    }

    public Path logFile() {
        return process.logFile();
    }

    /** An SSL context that trusts the test CA (and nothing else). */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** An HTTP client that verifies the registry's certificate against the test CA. */
    public HttpClient httpClient() {
        return http;
    }

    /** {@code https://127.0.0.1:<port>} */
    public URI baseUri() {
        return URI.create("https://" + host());
    }

    /** {@code host()/repoTag}, for example {@code 127.0.0.1:41234/flotilla/busybox:1}. */
    public String image(String repoTag) {
        return host() + "/" + repoTag;
    }

    /**
     * Tags the local image {@code localImage} as {@code host()/repoTag}, pushes it with the engine (docker CLI with a
     * config of its own, logged in with this registry's credentials) and removes that tag again, so an engine that
     * needs the image has to pull it. Returns the manifest digest the push reported ({@code sha256:<64 hex>}).
     */
    public String push(String localImage, String repoTag) {
        DockerEngine.requireImage(localImage);
        String target = image(repoTag);
        login();
        Exec.run(TOOL_TIMEOUT, List.of(DOCKER_CLI.toString(), "tag", localImage, target)).requireOk();
        try {
            Exec.Result pushed = docker(loginConfigDir, PUSH_TIMEOUT, Map.of(), "push", target).requireOk();
            Matcher m = PUSHED_DIGEST.matcher(pushed.out());
            if (!m.find()) {
                throw new AssertionError("docker push " + target + " printed no digest:\n" + pushed.text());
            }
            return m.group(1);
        } finally {
            Exec.run(TOOL_TIMEOUT, List.of(DOCKER_CLI.toString(), "image", "rm", target));
        }
    }

    /**
     * Runs {@code /usr/bin/docker --config <configDir> args...} with {@code env} added (for example a PATH that finds
     * a credential helper).
     */
    public static Exec.Result docker(Path configDir, Duration timeout, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(DOCKER_CLI.toString(), "--config", configDir.toString()));
        cmd.addAll(List.of(args));
        return Exec.run(timeout, cmd, env, null);
    }

    /**
     * Writes a Docker client {@code config.json} in {@code dir} (the file the product's CLI reads as
     * {@code ~/.docker/config.json}): with {@code withAuth}, {@code {"auths":{"<host>":{"auth":"<base64 user:password>"}}}};
     * without, an empty {@code auths}. Returns the file.
     */
    public Path dockerConfig(Path dir, boolean withAuth) {
        return withAuth ? dockerConfig(dir, user, password) : writeConfigJson(dir, "{\"auths\":{}}");
    }

    /** A {@code config.json} whose {@code auths} entry for {@link #host()} holds the given (possibly wrong) credentials. */
    public Path dockerConfig(Path dir, String user, String password) {
        return writeConfigJson(dir, "{\"auths\":{" + json(host()) + ":{\"auth\":" + json(basicAuth(user, password)) + "}}}");
    }

    /**
     * Writes {@code {"credHelpers":{"<host>":"<helperName>"}}} to {@code dir/config.json} and an executable
     * {@code binDir/docker-credential-<helperName>} that answers the credential helper protocol's {@code get}: it reads
     * the server URL on standard input and, for this registry, prints
     * {@code {"ServerURL":...,"Username":...,"Secret":...}}; for any other server it prints
     * {@code credentials not found in native keychain} and exits 1, as Docker's helpers do. Each call is appended to
     * {@code binDir/docker-credential-<helperName>.calls} (see {@link #helperCalls}). Returns the config file.
     */
    public Path dockerConfigWithHelper(Path dir, Path binDir, String helperName) {
        String answer = "{\"ServerURL\":" + json(host()) + ",\"Username\":" + json(user) + ",\"Secret\":" + json(password) + "}";
        String script = "#!/bin/sh\n"
                + "# docker credential helper for the test registry " + host() + " (PrivateRegistry); answers get only\n"
                + "calls=" + shellQuote(callsFile(binDir, helperName).toString()) + "\n"
                + "case \"$1\" in\n"
                + "  get)\n"
                + "    read -r url || true\n"
                + "    echo \"get $url\" >> \"$calls\"\n"
                + "    server=${url#*://}; server=${server%%/*}\n"
                + "    if [ \"$server\" = " + shellQuote(host()) + " ]; then\n"
                + "      printf '%s\\n' " + shellQuote(answer) + "\n"
                + "      exit 0\n"
                + "    fi\n"
                + "    echo 'credentials not found in native keychain'\n"
                + "    exit 1 ;;\n"
                + "  *)\n"
                + "    echo \"$1\" >> \"$calls\"\n"
                + "    echo \"docker-credential-" + helperName + ": $1 is not supported by this test helper\" >&2\n"
                + "    exit 1 ;;\n"
                + "esac\n";
        writeHelper(binDir, helperName, script);
        return writeHelperConfig(dir, helperName);
    }

    /**
     * Like {@link #dockerConfigWithHelper}, but the helper fails: whatever it is asked, it prints {@code message} on
     * standard error and exits 1.
     */
    public Path dockerConfigWithFailingHelper(Path dir, Path binDir, String helperName, String message) {
        String script = "#!/bin/sh\n"
                + "# failing docker credential helper for the test registry " + host() + " (PrivateRegistry)\n"
                + "read -r url || true\n"
                + "echo \"$1 $url\" >> " + shellQuote(callsFile(binDir, helperName).toString()) + "\n"
                + "printf '%s\\n' " + shellQuote(message) + " >&2\n"
                + "exit 1\n";
        writeHelper(binDir, helperName, script);
        return writeHelperConfig(dir, helperName);
    }

    /** The calls a helper written by this class has answered, one line each ({@code get <server url>}). */
    public static List<String> helperCalls(Path binDir, String helperName) {
        Path calls = callsFile(binDir, helperName);
        try {
            return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This JVM's PATH with {@code binDir} first, so that the docker CLI finds a helper written there. */
    public static String pathWith(Path binDir) {
        return binDir.toAbsolutePath() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    }

    /**
     * A request to the registry's HTTP API ({@code path} starts with {@code /v2/}) over verified TLS, with this
     * registry's credentials when {@code withAuth}, and the given Accept header (none when null).
     */
    public HttpResponse<byte[]> request(String method, String path, String accept, boolean withAuth) {
        HttpRequest.Builder b = HttpRequest.newBuilder(baseUri().resolve(path)).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (accept != null) {
            b.header("Accept", accept);
        }
        if (withAuth) {
            b.header("Authorization", "Basic " + basicAuth(user, password));
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " on the registry " + host() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The digest the registry gives for {@code repo:tag} as a schema 2 manifest (HEAD, header Docker-Content-Digest). */
    public String manifestDigest(String repo, String tag) {
        HttpResponse<byte[]> r = request("HEAD", "/v2/" + repo + "/manifests/" + tag, MANIFEST_V2, true);
        if (r.statusCode() != 200) {
            throw new AssertionError("HEAD /v2/" + repo + "/manifests/" + tag + " answered " + r.statusCode());
        }
        return r.headers().firstValue("Docker-Content-Digest")
                .orElseThrow(() -> new AssertionError("no Docker-Content-Digest header for " + repo + ":" + tag));
    }

    /** Stops the registry (SIGTERM, SIGKILL after 5 s) and removes the engine's CA folders and the login config. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (or ran) cleanUp anyway
        }
    }

    @Override
    public String toString() {
        return "PrivateRegistry(" + host() + ", " + process + ")";
    }

    // ---------------------------------------------------------------------------------------------------------------

    private synchronized void cleanUp() {
        if (closed) {
            return;
        }
        closed = true;
        process.stop(STOP_GRACE_SECONDS);
        for (Path d : engineCaDirs) {
            deleteTree(d);
        }
        deleteTree(loginConfigDir);
    }

    /**
     * Stops registries and removes engine CA folders that an earlier test JVM started and could not clean up (it was
     * killed): only those marked with an owner pid that is no longer alive.
     */
    static void reapOrphans() {
        ProcessHandle.allProcesses().forEach(p -> {
            List<String> args = p.info().arguments().map(List::of).orElse(List.of());
            boolean registry = p.info().command().map(REGISTRY_BINARY.toString()::equals).orElse(false);
            if (!registry || args.size() != 2 || !"serve".equals(args.get(0))) {
                return;
            }
            Long owner = ownerPid(Path.of(args.get(1)), OWNER_MARK);
            if (owner != null && !alive(owner)) {
                System.err.println("PrivateRegistry: stopping a registry left by test JVM " + owner + ": pid " + p.pid() + " " + args);
                p.destroy();
                try {
                    p.onExit().get(STOP_GRACE_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                }
            }
        });
        if (!Files.isDirectory(ENGINE_CERTS_D)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(ENGINE_CERTS_D)) {
            dirs.filter(d -> Files.isRegularFile(d.resolve(OWNER_FILE))).forEach(d -> {
                Long owner = ownerPid(d.resolve(OWNER_FILE), "");
                if (owner != null && owner != OWNER_PID && !alive(owner)) {
                    deleteTree(d);
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static Long ownerPid(Path file, String prefix) {
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            String first;
            try (Stream<String> lines = Files.lines(file)) {
                first = lines.findFirst().orElse("");
            }
            if (!first.startsWith(prefix)) {
                return null;
            }
            return Long.parseLong(first.substring(prefix.length()).strip());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("docker-registry exited while starting on " + host() + "; its log ("
                        + process.logFile() + "):\n" + process.output());
            }
            try {
                HttpResponse<byte[]> r = request("GET", "/v2/", null, false);
                if (r.statusCode() == 401) {
                    return;
                }
                last = "GET /v2/ answered " + r.statusCode();
            } catch (UncheckedIOException e) {
                last = String.valueOf(e.getCause());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("docker-registry on " + host() + " did not answer GET /v2/ with 401 within "
                        + START_TIMEOUT.toSeconds() + " s (last: " + last + "); its log:\n" + process.output());
            }
            sleep(100);
        }
    }

    private void installEngineCa() {
        for (String name : List.of(host(), "localhost:" + port)) {
            Path d = ENGINE_CERTS_D.resolve(name);
            engineCaDirs.add(d);
            try {
                Files.createDirectories(d);
                Files.copy(caCert, d.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(d.resolve(OWNER_FILE), OWNER_PID + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("could not install the test CA for the Docker engine in " + d, e);
            }
        }
    }

    private synchronized void login() {
        if (loggedIn) {
            return;
        }
        DockerEngine.require();
        try {
            Files.createDirectories(loginConfigDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Exec.run(TOOL_TIMEOUT, List.of(DOCKER_CLI.toString(), "--config", loginConfigDir.toString(), "login",
                "--username", user, "--password-stdin", host()), Map.of(), password).requireOk();
        loggedIn = true;
    }

    /** Makes ca.key/ca.crt (EC P-256, CA) and server.key/server.crt for IP 127.0.0.1 and DNS localhost. Returns ca.crt. */
    private static Path makeCertificates(Path dir) throws IOException {
        String openssl = OPENSSL.toString();
        Path caKey = dir.resolve("ca.key");
        Path caCrt = dir.resolve("ca.crt");
        Path key = dir.resolve("server.key");
        Path csr = dir.resolve("server.csr");
        Path crt = dir.resolve("server.crt");
        Path ext = dir.resolve("server.ext");
        Exec.run(TOOL_TIMEOUT, List.of(openssl, "req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", caKey.toString(), "-out", caCrt.toString(), "-days", "7",
                "-subj", "/O=Flotilla tests/CN=Flotilla test registry CA " + HexFormat.of().formatHex(randomBytes(4)),
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")).requireOk();
        Exec.run(TOOL_TIMEOUT, List.of(openssl, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/O=Flotilla tests/CN=127.0.0.1")).requireOk();
        Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                + "basicConstraints=critical,CA:FALSE\n"
                + "keyUsage=critical,digitalSignature\n"
                + "extendedKeyUsage=serverAuth\n");
        Exec.run(TOOL_TIMEOUT, List.of(openssl, "x509", "-req", "-in", csr.toString(), "-CA", caCrt.toString(),
                "-CAkey", caKey.toString(), "-set_serial", "0x" + HexFormat.of().formatHex(randomBytes(16)).replaceFirst("^.", "1"),
                "-days", "7", "-extfile", ext.toString(), "-out", crt.toString())).requireOk();
        return caCrt;
    }

    private static Path writeConfig(Path dir, int port, Path certs, Path htpasswd) throws IOException {
        Path config = dir.resolve("config-" + port + ".yml");
        Files.writeString(config, OWNER_MARK + OWNER_PID + "\n"
                + "version: 0.1\n"
                + "log:\n"
                + "  level: info\n"
                + "  fields:\n"
                + "    service: flotilla-test-registry\n"
                + "storage:\n"
                + "  filesystem:\n"
                + "    rootdirectory: " + yaml(dir.resolve("data").toString()) + "\n"
                + "  delete:\n"
                + "    enabled: true\n"
                + "  maintenance:\n"
                + "    uploadpurging:\n"
                + "      enabled: false\n"
                + "http:\n"
                + "  addr: " + yaml(ADDRESS + ":" + port) + "\n"
                + "  secret: " + yaml(HexFormat.of().formatHex(randomBytes(16))) + "\n"
                + "  tls:\n"
                + "    certificate: " + yaml(certs.resolve("server.crt").toString()) + "\n"
                + "    key: " + yaml(certs.resolve("server.key").toString()) + "\n"
                + "  headers:\n"
                + "    X-Content-Type-Options: [nosniff]\n"
                + "auth:\n"
                + "  htpasswd:\n"
                + "    realm: " + yaml(REALM) + "\n"
                + "    path: " + yaml(htpasswd.toString()) + "\n");
        return config;
    }

    private Path writeHelperConfig(Path dir, String helperName) {
        return writeConfigJson(dir, "{\"auths\":{},\"credHelpers\":{" + json(host()) + ":" + json(helperName) + "}}");
    }

    private static void writeHelper(Path binDir, String helperName, String script) {
        if (!helperName.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("a credential helper's name is a plain word: " + helperName);
        }
        try {
            Files.createDirectories(binDir);
            Path helper = binDir.resolve("docker-credential-" + helperName);
            Files.writeString(helper, script);
            Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.deleteIfExists(callsFile(binDir, helperName));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the credential helper in " + binDir, e);
        }
    }

    private static Path callsFile(Path binDir, String helperName) {
        return binDir.toAbsolutePath().resolve("docker-credential-" + helperName + ".calls");
    }

    private static Path writeConfigJson(Path dir, String json) {
        try {
            Files.createDirectories(dir);
            Path f = dir.resolve("config.json");
            Files.writeString(f, json + "\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a docker config in " + dir, e);
        }
    }

    private static SSLContext trusting(Path caPem) {
        try (InputStream in = Files.newInputStream(caPem)) {
            Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry("flotilla-test-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the test CA " + caPem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust the test CA " + caPem, e);
        }
    }

    static String basicAuth(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String yaml(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static Path existingAncestor(Path p) {
        Path q = p.toAbsolutePath();
        while (q != null && !Files.exists(q)) {
            q = q.getParent();
        }
        return q == null ? Path.of("/") : q;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort; the next test's folder is a new one
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
