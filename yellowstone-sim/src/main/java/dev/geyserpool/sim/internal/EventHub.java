package dev.geyserpool.sim.internal;

import com.google.protobuf.Timestamp;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SlotStatus;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.geyser.SubscribeUpdateBlockMeta;
import dev.geyserpool.proto.geyser.SubscribeUpdatePing;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.proto.solana.BlockHeight;
import dev.geyserpool.proto.solana.Rewards;
import dev.geyserpool.proto.solana.UnixTimestamp;
import dev.geyserpool.sim.FilterMatcher;
import dev.geyserpool.sim.PlacedFact;
import dev.geyserpool.sim.SimEvent;
import dev.geyserpool.sim.SimEvent.AccountUpdate;
import dev.geyserpool.sim.SimEvent.BlockMetaUpdate;
import dev.geyserpool.sim.SimEvent.BlockUpdate;
import dev.geyserpool.sim.SimEvent.SlotUpdate;
import dev.geyserpool.sim.SimEvent.TransactionUpdate;
import dev.geyserpool.sim.SimulatorConfig;
import dev.geyserpool.sim.traffic.ChainFact;
import io.grpc.Status;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated chain and its fan-out: holds the open slot, assigns events to it, closes slots
 * (block meta, block, slot statuses processed / confirmed +1 / finalized +32), keeps the per-slot
 * history ring and the generated log, offers every event to every open stream, and serves
 * {@code from_slot} replays from the ring.
 *
 * <p>Threading: every mutation runs under one lock, so events have one global order that all
 * streams and the log agree on. Offering to a stream only matches and enqueues into that stream's
 * bounded queue (no I/O, never blocks); a slow stream is ended, not waited for. Readers of chain
 * state (unary calls on gRPC's transport threads) use the volatile {@link ChainView} and a
 * concurrent blockhash index, never the lock. A replay runs under the lock too (matching and
 * queueing the ring's events, no I/O), which is what makes its switch to live gap- and
 * duplicate-free; its cost is bounded by the ring ({@code historySlots}). Lock order: hub, then
 * stream.
 */
public final class EventHub {
  /** How many blocks a blockhash stays valid for, as on Solana (MAX_PROCESSING_AGE). */
  public static final int BLOCKHASH_VALID_BLOCKS = 150;

  /** What unary calls read: the newest closed (processed) slot and its neighbours. */
  public record ChainView(long openSlot, long processedSlot, long firstAvailable) {
    public long slotAt(int depth) {
      return processedSlot - depth;
    }
  }

  private final SimulatorConfig config;
  private final Clock wallClock;
  private final long heightOffset;
  private final EventLog log;
  private final SlotRing ring;
  private final Map<String, Long> blockhashes = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<SubscribeStream> streams = new CopyOnWriteArrayList<>();
  private final AtomicLong streamsOpened = new AtomicLong();
  /** Streams stalled and not yet resumed, including ones that ended meanwhile (their end waits). */
  private final Set<SubscribeStream> stalled = ConcurrentHashMap.newKeySet();

  private final Object lock = new Object();
  private long openSlot;
  private List<TransactionUpdate> slotTransactions = new ArrayList<>();
  private List<AccountUpdate> slotAccounts = new ArrayList<>();
  private long writeVersion;
  private long publishedSeq;
  private volatile ChainView view;

  /** The simulator's configuration (read-only). */
  public SimulatorConfig config() {
    return config;
  }

  public EventHub(SimulatorConfig config) {
    this.config = config;
    this.wallClock = config.wallClock();
    // Mainnet's block height trails its slot by ~6%: skipped slots. Keep a fixed offset.
    this.heightOffset = config.firstSlot() / 16;
    this.log = new EventLog(config.generatedLogCapacity());
    this.ring = new SlotRing(config.historySlots());
    this.openSlot = config.firstSlot();
    openInRing(openSlot);
    this.view = new ChainView(openSlot, openSlot - 1, ring.firstAvailable());
  }

  public EventLog log() {
    return log;
  }

  public ChainView view() {
    return view;
  }

  /** The blockhash of {@code slot}: a pure function of the seed and the slot. */
  public String blockhash(long slot) {
    SplittableRandom r = new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + slot);
    byte[] b = new byte[32];
    for (int i = 0; i < 32; i += 8) {
      long v = r.nextLong();
      for (int j = 0; j < 8; j++) {
        b[i + j] = (byte) (v >>> (8 * j));
      }
    }
    return Base58.encode(b);
  }

  public long blockHeight(long slot) {
    return slot - heightOffset;
  }

  /** The slot {@code blockhash} belongs to, when that slot is still held in history. */
  public Long slotOfBlockhash(String blockhash) {
    return blockhashes.get(blockhash);
  }

  /** Emits a transaction into the open slot; sets its index in the block. */
  public TransactionUpdate emitTransaction(SubscribeUpdateTransactionInfo info) {
    return emitTransaction(info, List.of());
  }

  /**
   * Emits a transaction into the open slot and logs what it did with that slot and its
   * signature, atomically, so facts keep the global emission order.
   */
  public TransactionUpdate emitTransaction(SubscribeUpdateTransactionInfo info, List<ChainFact> facts) {
    synchronized (lock) {
      SubscribeUpdateTransactionInfo indexed =
          info.toBuilder().setIndex(slotTransactions.size()).build();
      TransactionUpdate t = TransactionUpdate.of(openSlot, indexed, now());
      slotTransactions.add(t);
      publish(t);
      if (!facts.isEmpty()) {
        String signature = Base58.encode(info.getSignature().toByteArray());
        List<PlacedFact> placed = new ArrayList<>(facts.size());
        for (ChainFact f : facts) {
          placed.add(new PlacedFact(openSlot, signature, f));
        }
        log.appendFacts(placed);
      }
      return t;
    }
  }

  /** Emits an account write into the open slot; assigns a write version when it has none. */
  public AccountUpdate emitAccount(SubscribeUpdateAccountInfo info) {
    synchronized (lock) {
      writeVersion++;
      SubscribeUpdateAccountInfo versioned =
          info.getWriteVersion() == 0 ? info.toBuilder().setWriteVersion(writeVersion).build() : info;
      AccountUpdate a = new AccountUpdate(openSlot, versioned, now());
      slotAccounts.add(a);
      publish(a);
      return a;
    }
  }

  /**
   * Closes the open slot N (block meta, block, N processed, N−1 confirmed, N−32 finalized) and
   * opens N+1. Returns N.
   */
  public long advanceSlot() {
    synchronized (lock) {
      long slot = openSlot;
      Timestamp now = now();
      SubscribeUpdateBlockMeta meta = SubscribeUpdateBlockMeta.newBuilder()
          .setSlot(slot)
          .setBlockhash(blockhash(slot))
          .setParentSlot(slot - 1)
          .setParentBlockhash(blockhash(slot - 1))
          .setRewards(Rewards.getDefaultInstance())
          .setBlockTime(UnixTimestamp.newBuilder().setTimestamp(now.getSeconds()))
          .setBlockHeight(BlockHeight.newBuilder().setBlockHeight(blockHeight(slot)))
          .setExecutedTransactionCount(slotTransactions.size())
          .setEntriesCount(0)
          .build();
      publish(new BlockMetaUpdate(meta, now));
      publish(new BlockUpdate(meta, slotTransactions, slotAccounts, now));
      publish(new SlotUpdate(slot, slot - 1, SlotStatus.SLOT_PROCESSED, now));
      long confirmed = slot - SimulatorConfig.CONFIRMATION_DEPTH;
      publish(new SlotUpdate(confirmed, confirmed - 1, SlotStatus.SLOT_CONFIRMED, now));
      long finalized = slot - SimulatorConfig.FINALIZATION_DEPTH;
      publish(new SlotUpdate(finalized, finalized - 1, SlotStatus.SLOT_FINALIZED, now));
      slotTransactions = new ArrayList<>();
      slotAccounts = new ArrayList<>();
      openSlot = slot + 1;
      openInRing(openSlot);
      view = new ChainView(openSlot, slot, ring.firstAvailable());
      return slot;
    }
  }

  /** Queues a {@code SubscribeUpdatePing} on every open stream. */
  public void sendPings() {
    SubscribeUpdate ping = SubscribeUpdate.newBuilder()
        .setPing(SubscribeUpdatePing.getDefaultInstance())
        .setCreatedAt(now())
        .build();
    for (SubscribeStream s : streams) {
      s.offerControl(ping);
    }
  }

  public void register(SubscribeStream stream) {
    streamsOpened.incrementAndGet();
    streams.add(stream);
  }

  public void unregister(SubscribeStream stream) {
    streams.remove(stream);
  }

  public long streamsOpened() {
    return streamsOpened.get();
  }

  public int streamsOpen() {
    return streams.size();
  }

  /** Copies the held events of {@code slot}, oldest first; empty when the slot is not held. */
  public List<SimEvent> history(long slot) {
    synchronized (lock) {
      return ring.get(slot).map(r -> List.copyOf(r.events())).orElse(List.of());
    }
  }

  /**
   * Replays for a request with {@code from_slot}: under the hub lock, feeds {@code stream} every
   * held event of slots ≥ {@code fromSlot} in emission order and switches it to {@code matcher},
   * so live events follow with no gap and no duplicate. A slot past the open one means live from
   * now (nothing to replay). Returns null on success, or the OUT_OF_RANGE status to end the stream
   * with when {@code fromSlot} is older than the oldest held slot; its description is upstream's
   * ("broadcast from S is not available, last available: F", where F is the oldest held slot).
   *
   * @param fromSlot the request's {@code uint64}, read unsigned
   */
  public Status replay(SubscribeStream stream, FilterMatcher matcher, long fromSlot) {
    synchronized (lock) {
      long first = ring.firstAvailable();
      boolean future = fromSlot < 0 || fromSlot > ring.newest(); // < 0: above 2^63 as unsigned
      if (!future && fromSlot < first) {
        return Status.OUT_OF_RANGE.withDescription(
            "broadcast from " + fromSlot + " is not available, last available: " + first);
      }
      stream.replayAndSwitch(matcher, future ? List.of() : ring.eventsFrom(fromSlot));
      return null;
    }
  }

  /**
   * Stalls every open stream at one point of the event order (see {@link SubscribeStream#stall()});
   * returns how many it stalled. Streams opened afterwards are not stalled.
   */
  public int stallAll() {
    synchronized (lock) {
      int n = 0;
      for (SubscribeStream s : streams) {
        if (s.stall()) {
          stalled.add(s);
          n++;
        }
      }
      return n;
    }
  }

  /** Resumes every stalled stream, also ones that ended while stalled (so their end is written). */
  public int resumeAll() {
    synchronized (lock) { // so a concurrent stallAll is either wholly before or wholly after
      int n = 0;
      for (SubscribeStream s : stalled) {
        stalled.remove(s);
        s.resume();
        n++;
      }
      return n;
    }
  }

  /** Streams stalled and not yet resumed. */
  public int stalledNow() {
    return stalled.size();
  }

  /** Ends every stream (server shutdown). */
  public void closeAll(Status status) {
    for (SubscribeStream s : streams) {
      s.fail(status);
    }
  }

  private void publish(SimEvent event) {
    log.append(event);
    ring.add(++publishedSeq, event);
    for (SubscribeStream s : streams) {
      s.offer(event);
    }
  }

  private void openInRing(long slot) {
    long evicted = ring.open(slot);
    blockhashes.put(blockhash(slot), slot);
    if (evicted >= 0) {
      blockhashes.remove(blockhash(evicted));
    }
  }

  private Timestamp now() {
    Instant i = wallClock.instant();
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }
}
