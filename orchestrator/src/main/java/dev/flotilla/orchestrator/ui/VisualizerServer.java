package dev.flotilla.orchestrator.ui;

import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The visualizer on a port of its own, like Swarm's visualizer on 5000: by default {@code <advertise host>:5000}
 * on managers, or the {@code host:port} in {@code FLOTILLA_VISUALIZER_ADDR} ({@code off} disables it). A port
 * already taken only costs this extra listener: the page stays at {@code /ui/} on the manager's API address.
 */
public final class VisualizerServer implements AutoCloseable {
    public static final String ADDR_ENV = "FLOTILLA_VISUALIZER_ADDR";
    public static final int DEFAULT_PORT = 5000;
    private static final Logger LOG = LoggerFactory.getLogger(VisualizerServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private VisualizerServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts it on {@code host:port} serving {@code visualizer} at {@code /}; null (logged) when it cannot bind. */
    public static VisualizerServer start(String who, String host, int port, Visualizer visualizer) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
            ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "flotilla-visualizer-" + who);
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            server.createContext("/", visualizer);
            server.start();
            LOG.atInfo().addKeyValue("node", who).log("visualizer on http://" + host + ":" + port + "/");
            return new VisualizerServer(server, executor);
        } catch (IOException e) {
            LOG.atWarn().addKeyValue("node", who).log("the visualizer cannot listen on " + host + ":" + port + " ("
                    + e.getMessage() + "); it stays available at /ui/ on this manager's API address. Set "
                    + ADDR_ENV + "=HOST:PORT to choose another address, or off");
            return null;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
