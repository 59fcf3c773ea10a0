package dev.flotilla.orchestrator.ui;

import com.sun.net.httpserver.HttpServer;
import dev.flotilla.orchestrator.spec.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The visualizer on a port of its own, like Swarm's visualizer on 5000: {@code --ui-addr} of {@code init} or
 * {@code join} (by default the advertise host, port 5000; {@code none}: no listener). A port already taken only
 * costs this listener: the page stays at {@code /ui/} on the manager's API address.
 */
public final class VisualizerServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VisualizerServer.class);
    /** Request threads: streams do not hold one (the feed writes them), so a few serve many pages. */
    private static final int THREADS = 8;

    private final HttpServer server;
    private final ExecutorService executor;

    private VisualizerServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts it on {@code hostPort} serving {@code visualizer} at {@code /}; null (logged) when it cannot bind. */
    public static VisualizerServer start(String who, String hostPort, Visualizer visualizer) {
        String host = Addresses.host(hostPort);
        int port = Addresses.port(hostPort);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
            ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
                Thread t = new Thread(r, "flotilla-visualizer-" + who);
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            server.createContext("/", visualizer);
            server.start();
            LOG.atInfo().addKeyValue("node", who).log("visualizer on http://" + hostPort + "/");
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
