package dev.flotilla.testkit;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real Docker engine the integration tests run against. A test that needs it calls {@link #require()}:
 * when the engine does not answer, the test fails with a message naming the fix. It never skips, so a CI run
 * without an engine is red, not silently green.
 */
public final class DockerEngine {
    public static final Path SOCKET = Path.of(System.getenv().getOrDefault("FLOTILLA_DOCKER_SOCKET", "/var/run/docker.sock"));

    /** Images that scripts/test builds locally before Maven runs (no registry is ever reached). */
    public static final String BUSYBOX_IMAGE = "flotilla-test/busybox:local";
    public static final String JRE_IMAGE = "flotilla-test/jre17:local";
    public static final String TOMCAT_BASE_IMAGE = "flotilla-test/tomcat:11-local";

    private DockerEngine() {
    }

    /** Fails the calling test unless the engine answers {@code /_ping} on {@link #SOCKET}. */
    public static void require() {
        String problem = problem();
        if (problem != null) {
            throw new AssertionError(problem + " Start it with ./scripts/test (it installs docker.io and starts dockerd),"
                    + " or run `dockerd &` as root. Tests that need Docker never skip.");
        }
    }

    /** Fails the calling test unless the image exists locally; tests never pull. */
    public static void requireImage(String image) {
        require();
        String reply = get("/images/" + image + "/json");
        if (reply == null || !reply.startsWith("HTTP/1.1 200")) {
            throw new AssertionError("Local image " + image + " is missing. Build it with ./scripts/images.sh"
                    + " (./scripts/test does this before Maven runs); no registry is reachable, so it cannot be pulled.");
        }
    }

    public static boolean available() {
        return problem() == null;
    }

    private static String problem() {
        if (!Files.exists(SOCKET)) {
            return "No Docker engine: " + SOCKET + " does not exist.";
        }
        String reply = get("/_ping");
        if (reply == null || !reply.startsWith("HTTP/1.1 200")) {
            return "The Docker engine at " + SOCKET + " does not answer /_ping.";
        }
        return null;
    }

    private static String get(String path) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(SOCKET));
            String req = "GET " + path + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n";
            ch.write(ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(256);
            int n = ch.read(buf);
            return n <= 0 ? null : new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return null;
        }
    }
}
