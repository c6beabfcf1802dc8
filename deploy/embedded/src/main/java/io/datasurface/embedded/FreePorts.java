package io.datasurface.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Picks TCP ports that are free on the loopback interface right now. */
final class FreePorts {

    private FreePorts() {
    }

    static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EmbeddedStartException("Could not find a free TCP port on 127.0.0.1: " + e.getMessage()
                    + ". Check that the loopback interface is up.", e);
        }
    }

    /** Fails fast, with a clear message, if a chosen port is taken (0 means "pick one" and always passes). */
    static void requireFree(int port, String what) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        } catch (IOException e) {
            throw new EmbeddedStartException(what + " cannot listen on 127.0.0.1:" + port + ": " + e.getMessage()
                    + ". Stop whatever uses the port or choose another one (0 picks a free port).", e);
        }
    }
}
