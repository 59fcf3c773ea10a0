package dev.flotilla.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free TCP ports on a loopback address (127.0.0.x), for servers that must be told their port up front. */
public final class Ports {
    private Ports() {
    }

    public static int free(String loopbackAddress) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getByName(loopbackAddress), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + loopbackAddress, e);
        }
    }

    public static int free() {
        return free("127.0.0.1");
    }
}
