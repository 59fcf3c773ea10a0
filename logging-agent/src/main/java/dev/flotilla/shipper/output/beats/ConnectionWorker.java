package dev.flotilla.shipper.output.beats;

import dev.flotilla.shipper.text.HostPort;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CancellationException;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one connection at a time and sends on it: connect (with backoff), then write windows while the connection
 * has room, until it fails; then start again. With failover it moves to the next host after every failure; with
 * load balancing each worker keeps to one host. Runs on its own named thread; the connection's ACK reader runs on another.
 */
final class ConnectionWorker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionWorker.class);

    private final List<HostPort> hosts;
    private final BeatsOutputConfig config;
    private final SSLContext ssl;
    private final Dispatch dispatch;
    private final ExecutorService readers;
    private final Backoff backoff;
    private int hostIndex;
    private boolean everConnected;
    private volatile Connection current;

    ConnectionWorker(List<HostPort> hosts, int firstHost, BeatsOutputConfig config, SSLContext ssl, Dispatch dispatch,
           ExecutorService readers) {
        this.hosts = hosts;
        this.hostIndex = firstHost;
        this.config = config;
        this.ssl = ssl;
        this.dispatch = dispatch;
        this.readers = readers;
        this.backoff = new Backoff(config.backoffInit(), config.backoffMax(), () -> ThreadLocalRandom.current().nextDouble());
    }

    @Override
    public void run() {
        try (Resender encoder = new Resender(config.compressionLevel())) {
            while (!dispatch.closed()) {
                HostPort host = hosts.get(hostIndex);
                Connection conn = connect(host);
                if (conn == null) {
                    if (!retryLater(host)) {
                        return;
                    }
                    continue;
                }
                boolean progressed = session(conn, encoder);
                if (dispatch.closed()) {
                    return;
                }
                if (progressed) {
                    backoff.reset();
                    nextHostOnFailover();
                } else if (!retryLater(host)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Connection c = current;
            if (c != null) {
                c.close();
            }
        }
    }

    private Connection connect(HostPort host) {
        try {
            Connection conn = Connection.open(host, config, ssl, dispatch);
            dispatch.counters.connects.increment();
            if (everConnected) {
                dispatch.counters.reconnects.increment();
            }
            everConnected = true;
            LOG.info("beats → {}: connected{}", host, ssl == null ? "" : " (TLS)");
            return conn;
        } catch (IOException | RuntimeException e) {
            dispatch.counters.connectFailures.increment();
            LOG.warn("beats → {}: cannot connect: {}", host, describe(e));
            return null;
        }
    }

    /** Waits the backoff delay, moving to the next host first when failing over; false when the output closed. */
    private boolean retryLater(HostPort failed) throws InterruptedException {
        Duration delay = backoff.nextDelay();
        nextHostOnFailover();
        if (hosts.size() > 1 && !config.loadbalance()) {
            LOG.info("beats → {}: failing over to {} in {} ms", failed, hosts.get(hostIndex), delay.toMillis());
        } else {
            LOG.info("beats → {}: retrying in {} ms (attempt {})", failed, delay.toMillis(), backoff.failures() + 1);
        }
        return dispatch.pause(delay);
    }

    private void nextHostOnFailover() {
        if (!config.loadbalance()) {
            hostIndex = (hostIndex + 1) % hosts.size();
        }
    }

    /** Sends on one connection until it fails; true when it was healthy (see {@link Connection#healthy()}). */
    private boolean session(Connection conn, Resender encoder) throws InterruptedException {
        current = conn;
        Future<?> reader = readers.submit(conn::readLoop);
        try {
            while (sendNext(conn, encoder)) {
                // one batch per turn
            }
        } finally {
            conn.close();
            awaitReader(conn, reader);
            current = null;
            dispatch.deliver();
        }
        return conn.healthy();
    }

    private boolean sendNext(Connection conn, Resender encoder) throws InterruptedException {
        PendingBatch pb;
        InFlight[] windows;
        Future<List<EncodedWindow>> preEncoded;
        dispatch.lock.lock();
        try {
            pb = dispatch.next(conn, config.windowsPerConnection());
            if (pb == null) {
                return false;
            }
            windows = split(pb);
            for (InFlight w : windows) {
                conn.register(w);
            }
            if (pb.sends++ > 0) {
                dispatch.counters.eventsResent.add(pb.size() - pb.acked);
            }
            preEncoded = pb.takePreEncoded();
        } finally {
            dispatch.lock.unlock();
        }
        List<EncodedWindow> ready = awaitEncoded(conn, preEncoded);
        if (!conn.alive()) {
            return false;
        }
        for (InFlight w : windows) {
            byte[] bytes = encoder.bytesFor(w, ready);
            try {
                conn.write(bytes, bytes.length);
            } catch (IOException e) {
                conn.fail("write failed: " + describe(e), e);
                return false;
            }
            dispatch.counters.bytesSent.add(bytes.length);
            dispatch.counters.eventsSent.add(w.count());
            dispatch.counters.windowsSent.increment();
        }
        return true;
    }

    /**
     * The batch's windows as the encode pool made them, or null when there are none (a resend, or the pool's task
     * was cancelled or failed: the sender then encodes them itself, so an encoding error surfaces there as before).
     */
    private static List<EncodedWindow> awaitEncoded(Connection conn, Future<List<EncodedWindow>> f)
            throws InterruptedException {
        if (f == null) {
            return null;
        }
        try {
            return f.get();
        } catch (CancellationException e) {
            return null;
        } catch (ExecutionException e) {
            LOG.debug("beats → {}: encoding ahead failed; the sender encodes the batch itself", conn.host, e.getCause());
            return null;
        }
    }

    /** The unacknowledged rest of a batch as windows of at most bulk_max_size events. */
    private InFlight[] split(PendingBatch pb) {
        int from = pb.acked;
        int left = pb.size() - from;
        int bulk = config.bulkMaxSize();
        InFlight[] out = new InFlight[(left + bulk - 1) / bulk];
        for (int i = 0; i < out.length; i++) {
            int base = from + i * bulk;
            out[i] = new InFlight(pb, base, Math.min(bulk, pb.size() - base));
        }
        return out;
    }

    private static void awaitReader(Connection conn, Future<?> reader) throws InterruptedException {
        try {
            reader.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            LOG.error("beats → {}: the ACK reader failed", conn.host, e.getCause());
        } catch (TimeoutException e) {
            LOG.warn("beats → {}: the ACK reader did not stop within 10 s after the connection closed", conn.host);
            reader.cancel(true);
        }
    }

    Connection current() {
        return current;
    }

    void closeConnection() {
        Connection c = current;
        if (c != null) {
            c.close();
        }
    }

    static String describe(Throwable e) {
        String msg = e.getMessage();
        String name = e.getClass().getSimpleName();
        return msg == null ? name : name + ": " + msg;
    }
}
