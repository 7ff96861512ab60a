package dev.geyserpool.gateway.upstream;

import io.grpc.netty.shaded.io.netty.channel.ChannelFactory;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes every TCP dial to the provider pass the pool. A gRPC {@code ManagedChannel} reconnects by
 * itself when its transport drops; that would spend the provider's connection budget behind the
 * pool's back. Each channel built here gets exactly one dial permit, spent on its first connect:
 * any later connect the channel attempts on its own fails locally, before a packet leaves, so the
 * channel goes to TRANSIENT_FAILURE and the pool replaces the connection through its budget.
 *
 * <p>Thread-safe. Owns one event loop group for all upstream channels; {@link #shutdown()} it
 * after the channels.
 */
public final class GatedDialer {
  private final EventLoopGroup eventLoop;
  private final AtomicLong refusedDials = new AtomicLong();
  private final AtomicLong dials = new AtomicLong();

  public GatedDialer(int threads) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "geyser-upstream-io-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.eventLoop = new MultiThreadIoEventLoopGroup(threads, factory, NioIoHandler.newFactory());
  }

  public EventLoopGroup eventLoop() {
    return eventLoop;
  }

  /** A channel factory for one connection: its first dial goes out, every later one is refused. */
  public ChannelFactory<NioSocketChannel> singleDial(String connectionId) {
    AtomicBoolean permit = new AtomicBoolean(true);
    return () -> new GatedSocketChannel(connectionId, permit);
  }

  /** Dials that went out. */
  public long dials() {
    return dials.get();
  }

  /** Reconnects a channel attempted on its own, refused here. */
  public long refusedDials() {
    return refusedDials.get();
  }

  public void shutdown() {
    eventLoop.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
  }

  private final class GatedSocketChannel extends NioSocketChannel {
    private final String connectionId;
    private final AtomicBoolean permit;

    GatedSocketChannel(String connectionId, AtomicBoolean permit) {
      this.connectionId = connectionId;
      this.permit = permit;
    }

    @Override
    protected boolean doConnect(SocketAddress remote, SocketAddress local) throws Exception {
      if (!permit.compareAndSet(true, false)) {
        refusedDials.incrementAndGet();
        throw new ConnectException("connection " + connectionId
            + " already used its dial; reconnects go through the pool's connection budget");
      }
      dials.incrementAndGet();
      return super.doConnect(remote, local);
    }
  }
}
