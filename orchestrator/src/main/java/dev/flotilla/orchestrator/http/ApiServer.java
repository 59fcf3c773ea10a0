package dev.flotilla.orchestrator.http;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The control API's HTTPS server (JDK {@code com.sun.net.httpserver}) on the address the user gave, with a small,
 * bounded, named thread pool. It presents the node's certificate and asks clients for theirs: nodes send one (mutual
 * TLS), the administrator's CLI sends none and authenticates with its credential inside the encrypted connection.
 * There is no plain-text listener.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final int THREADS = Integer.getInteger("flotilla.api.threads", 64);

    static {
        // without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK: +40 ms
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }
    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final String who;

    private ApiServer(HttpServer server, ThreadPoolExecutor executor, String who) {
        this.server = server;
        this.executor = executor;
        this.who = who;
    }

    /** Binds {@code address} and starts serving {@code router}; a busy port is reported clearly. */
    public static ApiServer start(String who, InetSocketAddress address, Router router, SSLContext tls)
            throws IOException {
        HttpsServer server;
        try {
            server = HttpsServer.create(address, 256);
        } catch (BindException e) {
            throw new IOException("cannot listen on " + address.getHostString() + ":" + address.getPort() + " ("
                    + e.getMessage() + "): another process uses that port, or the address is not one of this"
                    + " machine's. Choose another --listen-addr", e);
        }
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(4096), r -> {
                    Thread t = new Thread(r, "flotilla-api-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setWantClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.setExecutor(executor);
        server.createContext("/", router);
        server.start();
        LOG.info("{}: API listening (TLS) on {}:{}", who, address.getHostString(), address.getPort());
        return new ApiServer(server, executor, who);
    }

    /** Serves {@code handler} under {@code path}, next to the API (the visualizer's page under /ui/). */
    public void addContext(String path, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(path, handler);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        LOG.info("{}: API stopped", who);
    }
}
