package dev.flotilla.shipper.output.beats;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import java.security.SecureRandom;
import org.apache.camel.component.lumberjack.io.LumberjackServer;

/**
 * A real Beats server written by someone else, for tests: Apache Camel's Lumberjack server (camel-lumberjack
 * 4.17.0), started on a loopback port, recording what it receives in a {@link ReceivedEvents}.
 *
 * <p>Quirks of this server, read from its source and checked by our tests: it decodes W, J, C (zlib, inflating the
 * whole frame and decoding the frames inside) and v1 D frames; it acknowledges a window <b>once</b>, when the event
 * whose sequence number equals the window size has been processed (no partial ACKs, and a window missing its last
 * sequence number is never acknowledged); it never sends ACK 0 keepalives; a {@code W(0)} is never acknowledged;
 * a W arriving while a window is incomplete flushes the incomplete one (events are processed but never acked); an
 * unknown frame type or version closes the connection. Events are parsed with Jackson into maps. TLS works through
 * a JDK {@link SSLContext}; it does not ask for client certificates by itself, so {@link #start} wraps the context
 * to require one when asked.
 *
 * <p>We drive its {@code LumberjackServer} directly (the class the Camel endpoint wraps), with a processor that
 * records the event and completes at once, or after {@link #ackDelay}, so no CamelContext is needed.
 */
public final class CamelBeatsServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String host;
    private final int port;
    private final SSLContext ssl;
    private final ReceivedEvents received = new ReceivedEvents();
    private volatile Duration ackDelay = Duration.ZERO;
    private LumberjackServer server;

    private CamelBeatsServer(String host, int port, SSLContext ssl) {
        this.host = host;
        this.port = port;
        this.ssl = ssl;
    }

    /** Starts a plain server on {@code host:port}. */
    public static CamelBeatsServer start(String host, int port) {
        return start(host, port, null, false);
    }

    /** Starts a TLS server; with {@code requireClientCert} a client must present a certificate the context trusts. */
    public static CamelBeatsServer start(String host, int port, SSLContext ssl, boolean requireClientCert) {
        CamelBeatsServer s = new CamelBeatsServer(host, port,
                ssl == null ? null : requireClientCert ? new ClientAuthContext(ssl) : ssl);
        s.startAgain();
        return s;
    }

    /** (Re)starts the server on the same port, keeping what was received; retries a busy port for 10 s. */
    public synchronized CamelBeatsServer startAgain() {
        if (server != null) {
            throw new IllegalStateException("already running");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            LumberjackServer s = new LumberjackServer(host, port, ssl, threads(), this::onMessage);
            try {
                s.start();
                server = s;
                return this;
            } catch (Exception e) {
                stopQuietly(s);
                if (!(e instanceof BindException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("camel lumberjack server could not start on " + host + ":" + port, e);
                }
                sleep(100); // retry pace while the port of the stopped server is still being released
            }
        }
    }

    /** Stops accepting and closes every connection; events received so far stay queryable. */
    public synchronized void stop() {
        if (server != null) {
            stopQuietly(server);
            server = null;
        }
    }

    public synchronized boolean running() {
        return server != null;
    }

    /** Makes every event wait this long before it counts as processed (and so before its window's ACK). */
    public void ackDelay(Duration d) {
        ackDelay = d;
    }

    public ReceivedEvents received() {
        return received;
    }

    public int port() {
        return port;
    }

    public String address() {
        return host + ":" + port;
    }

    @Override
    public void close() {
        stop();
    }

    private void onMessage(Object payload, org.apache.camel.component.lumberjack.io.LumberjackMessageProcessor.Callback cb) {
        try {
            Duration d = ackDelay;
            if (!d.isZero()) {
                sleep(d.toMillis()); // workload: a slow server, on purpose
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = payload instanceof Map ? (Map<String, Object>) payload : Map.of("value", payload);
            received.add(map, JSON.writeValueAsString(map));
            cb.onComplete(true);
        } catch (Exception e) {
            cb.onComplete(false);
        }
    }

    private static ThreadFactory threads() {
        return r -> {
            Thread t = new Thread(r, "camel-lumberjack-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void stopQuietly(LumberjackServer s) {
        try {
            s.stop();
        } catch (Exception e) {
            // the server failed to start or is already stopped: nothing to release
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An SSLContext whose server engines demand a client certificate (camel-lumberjack never asks for one). */
    static final class ClientAuthContext extends SSLContext {
        ClientAuthContext(SSLContext delegate) {
            super(new Spi(delegate), delegate.getProvider(), delegate.getProtocol());
        }

        private static final class Spi extends SSLContextSpi {
            private final SSLContext d;

            Spi(SSLContext d) {
                this.d = d;
            }

            @Override
            protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
                throw new UnsupportedOperationException("already initialised");
            }

            @Override
            protected SSLSocketFactory engineGetSocketFactory() {
                return d.getSocketFactory();
            }

            @Override
            protected SSLServerSocketFactory engineGetServerSocketFactory() {
                return d.getServerSocketFactory();
            }

            @Override
            protected SSLEngine engineCreateSSLEngine() {
                SSLEngine e = d.createSSLEngine();
                e.setNeedClientAuth(true);
                return e;
            }

            @Override
            protected SSLEngine engineCreateSSLEngine(String host, int port) {
                SSLEngine e = d.createSSLEngine(host, port);
                e.setNeedClientAuth(true);
                return e;
            }

            @Override
            protected SSLSessionContext engineGetServerSessionContext() {
                return d.getServerSessionContext();
            }

            @Override
            protected SSLSessionContext engineGetClientSessionContext() {
                return d.getClientSessionContext();
            }

            @Override
            protected SSLParameters engineGetDefaultSSLParameters() {
                return d.getDefaultSSLParameters();
            }

            @Override
            protected SSLParameters engineGetSupportedSSLParameters() {
                return d.getSupportedSSLParameters();
            }
        }
    }

    /** Every event's JSON, in arrival order; handy when a test fails. */
    public List<String> rawEvents() {
        return new ArrayList<>(received.raw());
    }
}
