package dev.geyserpool.sim.internal;

import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connection faults, at the TCP level of the gRPC server itself: it sits first in the
 * listening channel's Netty pipeline (installed through {@code NettyServerBuilder.channelFactory},
 * see {@link #newServerChannel()}), so it sees every accepted client socket before gRPC does.
 *
 * <ul>
 *   <li>Rejecting: an accepted socket is reset at once (SO_LINGER 0, then close), before any
 *       HTTP/2 byte; the client sees UNAVAILABLE. It never reaches gRPC, so the connection audit
 *       does not count it; {@link #rejected()} does.
 *   <li>Dropping: every tracked client socket is reset (SO_LINGER 0, then close) on its event
 *       loop. Clients see their calls fail with UNAVAILABLE and their channel reconnect over a new
 *       TCP connection, which the audit counts as a new connection.
 * </ul>
 *
 * <p>No proxy hop: clients dial the gRPC server's own port. Tracking starts when a socket is
 * registered with its event loop (microseconds after accept) and ends when it closes.
 *
 * <p>Thread-safety: called on the boss event loop (accepts), the worker loops (registration and
 * close) and any caller thread ({@link #reject}, {@link #dropAll}); state is a concurrent set, a
 * volatile flag and atomic counters. Never blocks.
 */
@ChannelHandler.Sharable
public final class ConnectionGate extends ChannelInboundHandlerAdapter {
  /** The tracker's context in each open client socket's pipeline. */
  private final Set<ChannelHandlerContext> open = ConcurrentHashMap.newKeySet();
  private final Tracker tracker = new Tracker();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong drops = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean rejecting;

  /** The listening channel for {@code NettyServerBuilder.channelFactory}: NIO, with this gate first. */
  public ServerChannel newServerChannel() {
    NioServerSocketChannel channel = new NioServerSocketChannel();
    channel.pipeline().addLast(this);
    return channel;
  }

  /** A newly accepted client socket, on its way to gRPC's acceptor. */
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Channel child) {
      if (rejecting) {
        rejected.incrementAndGet();
        resetUnregistered(child);
        return;
      }
      child.pipeline().addFirst(tracker);
    }
    ctx.fireChannelRead(msg);
  }

  /** Starts or stops resetting new connections at accept. */
  public void reject(boolean on) {
    rejecting = on;
  }

  public boolean rejecting() {
    return rejecting;
  }

  /** Resets every open client connection; returns how many. */
  public int dropAll() {
    drops.incrementAndGet();
    int n = 0;
    for (ChannelHandlerContext ctx : open) {
      if (!ctx.channel().isOpen()) {
        continue;
      }
      try {
        ctx.executor().execute(() -> reset(ctx));
        n++;
      } catch (RejectedExecutionException e) {
        // the event loop is shutting down: the channel is being closed anyway
      }
    }
    dropped.addAndGet(n);
    return n;
  }

  /** Client connections open now. */
  public int openConnections() {
    return open.size();
  }

  public long rejected() {
    return rejected.get();
  }

  public long drops() {
    return drops.get();
  }

  public long dropped() {
    return dropped.get();
  }

  /**
   * An abortive close: RST instead of FIN, as when a provider's proxy or host goes away. It starts
   * from the tracker's context, first in the pipeline, so it goes straight to the socket: a
   * {@code Channel.close()} would pass through gRPC's HTTP/2 handler, which turns it into a
   * graceful GOAWAY that waits for open streams to finish.
   */
  private static void reset(ChannelHandlerContext ctx) {
    Channel ch = ctx.channel();
    try {
      ch.config().setOption(ChannelOption.SO_LINGER, 0);
    } catch (RuntimeException e) {
      // already closed: nothing to reset
    }
    ctx.close();
  }

  /** As {@link #reset} for a socket not yet registered with an event loop (still on the boss loop). */
  private static void resetUnregistered(Channel child) {
    try {
      child.config().setOption(ChannelOption.SO_LINGER, 0);
    } catch (RuntimeException e) {
      // already closed
    }
    child.unsafe().closeForcibly();
  }

  /** First in each client socket's pipeline: tracks it from registration to close. */
  @ChannelHandler.Sharable
  private final class Tracker extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRegistered(ChannelHandlerContext ctx) {
      if (open.add(ctx)) {
        ctx.channel().closeFuture().addListener(f -> open.remove(ctx));
      }
      ctx.fireChannelRegistered();
    }
  }
}
