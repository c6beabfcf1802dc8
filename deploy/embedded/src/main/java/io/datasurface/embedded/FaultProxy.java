package io.datasurface.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 between clients and one server, which a test controls to put network faults under a
 * running pipeline: {@link #cut} resets every connection through it and refuses new ones until {@link #heal};
 * {@link #delay} holds every piece of data it forwards, in both directions, for at least the time given. Point a
 * client at {@link #port()} instead of the server's port.
 *
 * <p>Each connection costs two threads (one a direction); the proxy is for tests and fault programs, not for
 * production traffic.
 */
public final class FaultProxy implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile long delayNanos;
    private volatile boolean closed;

    private FaultProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "fault-proxy-" + server.getLocalPort() + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a proxy to {@code host:port}, on a free port of 127.0.0.1. */
    public static FaultProxy start(String host, int port) {
        try {
            return new FaultProxy(new InetSocketAddress(Objects.requireNonNull(host, "host"), port));
        } catch (IOException e) {
            throw new EmbeddedStartException("Could not open a port on 127.0.0.1 for a proxy to " + host + ":" + port
                    + ": " + e.getMessage(), e);
        }
    }

    /** The port on 127.0.0.1 that clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** Connections open through the proxy now. */
    public int connections() {
        return links.size();
    }

    /**
     * Resets every open connection (both ends see a connection reset) and refuses new ones, as a network path that
     * goes down; {@link #heal} brings it back.
     */
    public void cut() {
        cut = true;
        for (Link link : links) {
            link.reset();
        }
    }

    /** Lets new connections through again after {@link #cut}. */
    public void heal() {
        cut = false;
    }

    /** Holds each piece of data for at least {@code delay} before forwarding it; {@link Duration#ZERO} to stop. */
    public void delay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a delay cannot be negative: " + delay);
        }
        delayNanos = delay.toNanos();
    }

    /** Stops accepting and resets every connection. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing: nothing to keep
        }
        for (Link link : links) {
            link.reset();
        }
    }

    @Override
    public String toString() {
        return "proxy 127.0.0.1:" + port() + " -> " + target.getHostString() + ":" + target.getPort();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (cut) {
                resetSocket(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(target, 5_000);
            } catch (IOException e) {
                resetSocket(client); // the server is down: the client's connection ends at once
                resetSocket(upstream);
                continue;
            }
            Link link = new Link(client, upstream);
            links.add(link);
            link.start();
        }
    }

    /** Closes with a reset (RST), as a broken path shows to the ends, not a clean close. */
    private static void resetSocket(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // not connected: closing is enough
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static void closeSocket(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** One client connection and its connection to the server. */
    private final class Link {
        private final Socket client;
        private final Socket upstream;
        /** Directions still open; a clean end of both closes the link cleanly. */
        private final AtomicInteger open = new AtomicInteger(2);

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() {
            pump(client, upstream, "up");
            pump(upstream, client, "down");
        }

        private void pump(Socket from, Socket to, String direction) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[BUFFER];
                try {
                    InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream();
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        long due = System.nanoTime() + delayNanos;
                        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                    to.shutdownOutput(); // the sender ended cleanly: pass its end on
                    if (open.decrementAndGet() == 0 && links.remove(this)) {
                        closeSocket(client);
                        closeSocket(upstream);
                    }
                } catch (IOException | InterruptedException e) {
                    reset(); // a reset end, or the test cut the path: both ends see a reset
                }
            }, "fault-proxy-" + port() + "-" + direction);
            t.setDaemon(true);
            t.start();
        }

        void reset() {
            if (links.remove(this)) {
                resetSocket(client);
                resetSocket(upstream);
            }
        }
    }
}
