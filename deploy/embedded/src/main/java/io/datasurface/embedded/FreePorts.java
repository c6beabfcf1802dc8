package io.datasurface.embedded;

import java.io.IOException;
import java.net.InetAddress;
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
}
