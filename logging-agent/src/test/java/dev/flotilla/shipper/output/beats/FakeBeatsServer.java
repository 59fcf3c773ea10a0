package dev.flotilla.shipper.output.beats;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scriptable Beats server built on our codec, for behaviours no real server here offers (keepalives while slow,
 * never acknowledging, partial ACKs, bad ACKs). Each accepted connection is served by the script, which reads whole
 * windows and answers as it likes; every window received is recorded with its connection number, and the server
 * fails the test (through {@link #problems()}) if a window is empty, has a gap, or is not followed by exactly its
 * count of JSON frames.
 */
final class FakeBeatsServer implements AutoCloseable {

    /** What the script sees of one connection. */
    interface Peer {
        /** The connection's number, from 1. */
        int number();

        /** The next whole window's events, or null when the client closed. */
        List<Frame.Json> readWindow() throws IOException;

        void ack(int seq) throws IOException;

        void close() throws IOException;
    }

    @FunctionalInterface
    interface Script {
        void serve(Peer peer) throws Exception;
    }

    /** A window as received. */
    record Received(int connection, boolean compressed, List<Frame.Json> events) {
    }

    private final ServerSocket server;
    private final Script script;
    private final List<Received> windows = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    FakeBeatsServer(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = new Thread(this::accept, "fake-beats-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    List<Received> windows() {
        return new ArrayList<>(windows);
    }

    List<String> problems() {
        return new ArrayList<>(problems);
    }

    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                int n = connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s, n), "fake-beats-conn-" + n);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, int number) {
        try (s) {
            script.serve(new SocketPeer(s, number));
        } catch (Exception e) {
            if (!server.isClosed() && !s.isClosed()) {
                problems.add("connection " + number + ": " + e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    private final class SocketPeer implements Peer {
        private final Socket socket;
        private final int number;
        private final FrameReader reader;
        private final OutputStream out;
        private final List<Frame> pending = new ArrayList<>();

        SocketPeer(Socket socket, int number) throws IOException {
            this.socket = socket;
            this.number = number;
            this.reader = new FrameReader(socket.getInputStream(), FrameCodec.Limits.DEFAULT);
            this.out = socket.getOutputStream();
        }

        @Override
        public int number() {
            return number;
        }

        @Override
        public List<Frame.Json> readWindow() throws IOException {
            Frame first = next();
            if (first == null) {
                return null;
            }
            if (!(first instanceof Frame.Window w) || w.count() < 1) {
                problems.add("connection " + number + ": expected a non-empty window, got " + first);
                throw new IOException("bad window");
            }
            List<Frame.Json> events = new ArrayList<>();
            boolean compressed = false;
            while (events.size() < w.count()) {
                if (pending.isEmpty()) {
                    Frame f = reader.read();
                    if (f == null) {
                        problems.add("connection " + number + ": closed after " + events.size() + " of " + w.count());
                        return null;
                    }
                    if (f instanceof Frame.Compressed c) {
                        compressed = true;
                        pending.addAll(FrameCodec.inflate(c, FrameCodec.Limits.DEFAULT));
                        continue;
                    }
                    pending.add(f);
                }
                Frame f = pending.remove(0);
                if (!(f instanceof Frame.Json j) || j.seq() != events.size() + 1) {
                    problems.add("connection " + number + ": expected J seq " + (events.size() + 1) + ", got " + f);
                    throw new IOException("gap");
                }
                events.add(j);
            }
            windows.add(new Received(number, compressed, events));
            return events;
        }

        private Frame next() throws IOException {
            if (!pending.isEmpty()) {
                return pending.remove(0);
            }
            Frame f = reader.read();
            if (f instanceof Frame.Compressed c) {
                pending.addAll(FrameCodec.inflate(c, FrameCodec.Limits.DEFAULT));
                return next();
            }
            return f;
        }

        @Override
        public void ack(int seq) throws IOException {
            out.write(FrameCodec.encode(new Frame.Ack(seq)));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
