package dev.geyserpool.kafka.embedded.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Asks the kernel for free loopback ports by binding port 0 and closing again, and whether chosen
 * ports can be bound.
 *
 * <p>Another process may take a port between the close and Kafka's bind; {@code EmbeddedKafkaBroker}
 * retries start-up with fresh ports (or, on chosen ports, the same ones) when that happens.
 * Threading: stateless.
 */
public final class FreePorts {

    private FreePorts() {}

    /**
     * Returns the first of {@code ports} that cannot be bound on {@link KRaftNodeConfig#HOST} now,
     * empty when each can. Binds as Kafka's listeners do, with {@code SO_REUSEADDR}, so connections
     * of a closed listener lingering in TIME_WAIT do not count as use; a listening socket does, and
     * so may an outgoing connection that the kernel gave the port as its local one.
     */
    public static OptionalInt firstInUse(int... ports) {
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(KRaftNodeConfig.HOST, port), 1);
            } catch (IOException e) {
                return OptionalInt.of(port);
            }
        }
        return OptionalInt.empty();
    }

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
