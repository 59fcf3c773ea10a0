package dev.flotilla.orchestrator.ui;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.flotilla.orchestrator.spec.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The visualizer on a port of its own, like Swarm's visualizer on 5000: {@code --ui-addr} of {@code init} or
 * {@code join} (by default the advertise host, port 5000; {@code none}: no listener). A port already taken only
 * costs this listener: the page stays at {@code /ui/} on the manager's API address.
 * <p>
 * HTTPS only, with the node's certificate of the cluster CA, like the API. Unlike the API it asks browsers for no
 * client certificate: the viewer token authorises, and a browser asked for a certificate would prompt its user.
 */
public final class VisualizerServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VisualizerServer.class);
    /** Request threads: streams do not hold one (the feed writes them), so a few serve many pages. */
    private static final int THREADS = 8;

    private final HttpsServer server;
    private final ExecutorService executor;

    private VisualizerServer(HttpsServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts it on {@code hostPort} serving {@code visualizer} at {@code /} over TLS with {@code tls} (its key
     * manager presents the node's certificate); null (logged) when it cannot bind.
     */
    public static VisualizerServer start(String who, String hostPort, Visualizer visualizer, SSLContext tls) {
        String host = Addresses.host(hostPort);
        int port = Addresses.port(hostPort);
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(host, port), 64);
            server.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters params) {
                    params.setSSLParameters(tls.getDefaultSSLParameters());
                }
            });
            ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
                Thread t = new Thread(r, "flotilla-visualizer-" + who);
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            server.createContext("/", visualizer);
            server.start();
            LOG.atInfo().addKeyValue("node", who).log("visualizer on https://" + hostPort + "/");
            return new VisualizerServer(server, executor);
        } catch (IOException e) {
            LOG.atWarn().addKeyValue("node", who).log("the visualizer cannot listen on " + hostPort + " ("
                    + e.getMessage() + "); it stays available at /ui/ on this manager's API address. Choose another"
                    + " address with --ui-addr when the node joins, or none");
            return null;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
