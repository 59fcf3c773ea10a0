package dev.flotilla.orchestrator.identity;

import dev.flotilla.orchestrator.api.NodeDescription;
import dev.flotilla.orchestrator.api.NodeResources;

import java.util.List;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Properties;

/** Facts about this machine and this build: version, resources, hostname, a default advertise address. */
public final class LocalNode {
    private LocalNode() {
    }

    public static String version() {
        try (InputStream in = LocalNode.class.getResourceAsStream("/flotilla-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** What the node offers: the overrides when given (non-zero), else what the OS reports. */
    public static NodeResources resources(DaemonTuning t) {
        long cpus = t.nanoCpus() > 0 ? t.nanoCpus() : Runtime.getRuntime().availableProcessors() * NodeResources.NANOS_PER_CPU;
        long mem = t.memoryBytes();
        if (mem <= 0 && ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            mem = os.getTotalMemorySize();
        }
        return new NodeResources(cpus, Math.max(0, mem));
    }

    public static NodeDescription describe(NodeIdentity id) {
        return new NodeDescription(id.hostname(), id.apiAddress(), id.raftAddress(), version(), resources(id.tuning()),
                System.getProperty("os.name", "").toLowerCase(), System.getProperty("os.arch", ""), List.of(),
                id.tuning().visualizer(id.apiAddress()).orElse(""));
    }

    public static String hostname() {
        String env = System.getenv("HOSTNAME");
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return env == null || env.isBlank() ? "localhost" : env;
        }
    }

    /** The first non-loopback IPv4 address of an interface that is up, as Swarm picks a default; null if none. */
    public static String defaultAdvertiseAddress() {
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback() || ni.getName().startsWith("docker") || ni.getName().startsWith("br-")) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            return null;
        }
        return null;
    }
}
