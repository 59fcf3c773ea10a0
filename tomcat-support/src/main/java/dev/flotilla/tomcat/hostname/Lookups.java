package dev.flotilla.tomcat.hostname;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything host name resolution reads from the outside world. The real one reads the JVM and the network; tests
 * pass their own.
 */
public interface Lookups {
    /** A system property, or null. */
    String systemProperty(String name);

    /** An environment variable, or null. */
    String environment(String name);

    /** The local host name as Java resolves it; may throw (for example UnknownHostException without DNS). */
    String localHostName() throws Exception;

    /** The first address (lowest interface index, IPv4 first) of an interface that is up and not loopback, or null. */
    String firstNonLoopbackAddress() throws Exception;

    /** The JVM and the network of this machine. */
    static Lookups system() {
        return SystemLookups.INSTANCE;
    }

    /** Reads the real JVM, environment and network interfaces. */
    final class SystemLookups implements Lookups {
        static final SystemLookups INSTANCE = new SystemLookups();

        private SystemLookups() {
        }

        @Override
        public String systemProperty(String name) {
            return System.getProperty(name);
        }

        @Override
        public String environment(String name) {
            return System.getenv(name);
        }

        @Override
        public String localHostName() throws Exception {
            return InetAddress.getLocalHost().getHostName();
        }

        @Override
        public String firstNonLoopbackAddress() throws Exception {
            List<NetworkInterface> interfaces = Collections.list(NetworkInterface.getNetworkInterfaces());
            // the kernel's interface order varies; the lowest index (usually the primary NIC) is stable
            Collections.sort(interfaces, new java.util.Comparator<NetworkInterface>() {
                @Override
                public int compare(NetworkInterface a, NetworkInterface b) {
                    return Integer.compare(a.getIndex(), b.getIndex());
                }
            });
            List<InetAddress> v6 = new ArrayList<InetAddress>();
            for (NetworkInterface ni : interfaces) {
                if (!ni.isUp() || ni.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a.isLoopbackAddress() || a.isLinkLocalAddress()) {
                        continue;
                    }
                    if (a.getAddress().length == 4) {
                        return a.getHostAddress();
                    }
                    v6.add(a);
                }
            }
            return v6.isEmpty() ? null : v6.get(0).getHostAddress();
        }
    }
}
