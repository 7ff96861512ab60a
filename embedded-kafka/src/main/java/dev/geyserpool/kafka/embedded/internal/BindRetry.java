package dev.geyserpool.kafka.embedded.internal;

import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a broker on two chosen ports, waiting while one of them is in use, for a bounded time.
 *
 * <p>Why waiting helps: after a broker closes, its ports lie in the kernel's ephemeral range, so
 * an outgoing connection (a client reconnecting, another build on the machine) may get one as its
 * local port until that connection ends. Each pass probes both ports first ({@link
 * FreePorts#firstInUse}), which is cheaper than a Kafka start-up that fails; a port taken between
 * the probe and Kafka's own bind is waited for the same way. Pauses double from 50 ms to 1 s.
 *
 * <p>Threading: stateless; {@link #start} blocks the calling thread and restores its interrupt
 * flag when interrupted.
 */
public final class BindRetry {
    private static final Logger log = LoggerFactory.getLogger(BindRetry.class);

    private static final long FIRST_PAUSE_MILLIS = 50;
    private static final long MAX_PAUSE_MILLIS = 1_000;

    private BindRetry() {}

    /**
     * Runs {@code startup} once both ports can be bound and returns what it returns; runs it again
     * while it fails to bind, until {@code timeout} has passed since the call. {@code startup} must
     * release what it took when it throws.
     *
     * @param where names the broker in messages, such as its data dir
     * @throws IllegalStateException when a port is still in use after {@code timeout} (naming the
     *     port, with Kafka's last bind failure as the cause), when {@code startup} fails otherwise
     *     (with its failure as the cause), or when interrupted
     */
    public static <T> T start(int brokerPort, int controllerPort, Duration timeout, String where,
            Supplier<T> startup) {
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        long pauseMillis = FIRST_PAUSE_MILLIS;
        RuntimeException lastBindFailure = null;
        for (int attempt = 1; ; attempt++) {
            int busyPort = FreePorts.firstInUse(brokerPort, controllerPort).orElse(0);
            if (busyPort == 0) {
                try {
                    return startup.get();
                } catch (RuntimeException e) {
                    if (!isBindFailure(e)) {
                        throw new IllegalStateException("embedded Kafka broker failed to start (" + where
                                + ", broker port " + brokerPort + ", controller port " + controllerPort + "): "
                                + e.getMessage(), e);
                    }
                    lastBindFailure = e;
                    busyPort = portNamedIn(e, brokerPort, controllerPort);
                }
            }
            String busy = describe(busyPort, brokerPort, controllerPort);
            long remainingNanos = deadlineNanos - System.nanoTime();
            if (remainingNanos <= 0) {
                throw new IllegalStateException("embedded Kafka broker cannot bind " + busy + " within "
                        + timeout.toMillis() + " ms (" + attempt + " attempts): the address is in use; close the"
                        + " broker or process that holds it, or start without ports(...) to listen on free ones ("
                        + where + ")", lastBindFailure);
            }
            log.debug("Embedded Kafka broker waits for {} to be free (attempt {})", busy, attempt);
            pause(Math.min(pauseMillis, TimeUnit.NANOSECONDS.toMillis(remainingNanos) + 1), where);
            pauseMillis = Math.min(2 * pauseMillis, MAX_PAUSE_MILLIS);
        }
    }

    /** Whether Kafka failed to start because a listener could not bind its port. */
    public static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    /** The port a bind failure names ("failed to bind to 127.0.0.1:PORT"); 0 when it names neither. */
    private static int portNamedIn(Throwable e, int brokerPort, int controllerPort) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.contains(":" + controllerPort)) {
                return controllerPort;
            }
            if (message != null && message.contains(":" + brokerPort)) {
                return brokerPort;
            }
        }
        return 0;
    }

    private static String describe(int port, int brokerPort, int controllerPort) {
        String broker = KRaftNodeConfig.HOST + ":" + brokerPort + " (the broker port)";
        String controller = KRaftNodeConfig.HOST + ":" + controllerPort + " (the controller port)";
        if (port == brokerPort) {
            return broker;
        }
        return port == controllerPort ? controller : broker + " or " + controller;
    }

    private static void pause(long millis, String where) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to bind the embedded Kafka broker's ports ("
                    + where + ")", e);
        }
    }
}
