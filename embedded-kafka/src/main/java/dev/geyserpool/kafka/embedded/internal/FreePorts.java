package dev.geyserpool.kafka.embedded.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the kernel for free loopback ports by binding port 0 and closing again.
 *
 * <p>Another process may take a port between the close and Kafka's bind; {@code EmbeddedKafkaBroker}
 * retries start-up with fresh ports when that happens. Threading: stateless.
 */
public final class FreePorts {

    private FreePorts() {}

    /** Returns {@code count} distinct ports free on 127.0.0.1 at the time of the call. */
    public static int[] pick(int count) {
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                // All held open at once, so the kernel cannot hand out the same port twice.
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Closing a listening socket that never accepted cannot lose anything.
                }
            }
        }
    }
}
