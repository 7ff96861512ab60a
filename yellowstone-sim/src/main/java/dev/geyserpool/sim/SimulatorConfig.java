package dev.geyserpool.sim;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable settings of one {@link YellowstoneSimulator}, validated when built: each error names
 * the key, the rule and the bad value ("slotInterval is PT-1S, but must be positive").
 *
 * <p>Two modes. Automatic (the default): a scheduler closes a slot every {@code slotInterval} and
 * generates {@code trafficRate} transactions per second. Manual ({@link Builder#manual(boolean)}):
 * nothing moves unless the caller calls {@link YellowstoneSimulator#advanceSlot()},
 * {@link YellowstoneSimulator#emitTransaction} or {@link YellowstoneSimulator#generateTraffic(int)},
 * so tests are deterministic. Server pings run on their own schedule in both modes.
 *
 * <p>Faults ({@link Builder#fault(Fault)}) run on their schedule in automatic mode only; manual-mode
 * tests use the simulator's imperative fault controls instead, so nothing moves by itself.
 *
 * <p>Thread-safe (immutable). {@link #toString()} masks the x-token.
 */
public final class SimulatorConfig {
  /**
   * Slots between a slot being processed and it being confirmed: closing slot N confirms N−1.
   * A toy model of optimistic confirmation, which takes about one slot on mainnet.
   */
  public static final int CONFIRMATION_DEPTH = 1;
  /** Slots between processed and finalized: closing slot N finalizes N−32 (Tower BFT's 32 votes). */
  public static final int FINALIZATION_DEPTH = 32;

  private final String host;
  private final int port;
  private final String xToken;
  private final Duration slotInterval;
  private final Duration pingInterval;
  private final int connectionLimit;
  private final Duration connectionWindow;
  private final int trafficRate;
  private final long seed;
  private final Ticker ticker;
  private final Clock wallClock;
  private final boolean manual;
  private final boolean trafficPaused;
  private final int maxAccountsPerFilter;
  private final int streamQueueCapacity;
  private final int generatedLogCapacity;
  private final int historySlots;
  private final boolean replayInfo;
  private final boolean honorsFromSlot;
  private final long firstSlot;
  private final List<Fault> faults;

  private SimulatorConfig(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.xToken = b.xToken;
    this.slotInterval = b.slotInterval;
    this.pingInterval = b.pingInterval;
    this.connectionLimit = b.connectionLimit;
    this.connectionWindow = b.connectionWindow;
    this.trafficRate = b.trafficRate;
    this.seed = b.seed;
    this.ticker = b.ticker;
    this.wallClock = b.wallClock;
    this.manual = b.manual;
    this.trafficPaused = b.trafficPaused;
    this.maxAccountsPerFilter = b.maxAccountsPerFilter;
    this.streamQueueCapacity = b.streamQueueCapacity;
    this.generatedLogCapacity = b.generatedLogCapacity;
    this.historySlots = b.historySlots;
    this.replayInfo = b.replayInfo;
    this.honorsFromSlot = b.honorsFromSlot;
    this.firstSlot = b.firstSlot;
    this.faults = List.copyOf(b.faults);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values, to derive a variant. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.host = host;
    b.port = port;
    b.xToken = xToken;
    b.slotInterval = slotInterval;
    b.pingInterval = pingInterval;
    b.connectionLimit = connectionLimit;
    b.connectionWindow = connectionWindow;
    b.trafficRate = trafficRate;
    b.seed = seed;
    b.ticker = ticker;
    b.wallClock = wallClock;
    b.manual = manual;
    b.trafficPaused = trafficPaused;
    b.maxAccountsPerFilter = maxAccountsPerFilter;
    b.streamQueueCapacity = streamQueueCapacity;
    b.generatedLogCapacity = generatedLogCapacity;
    b.historySlots = historySlots;
    b.replayInfo = replayInfo;
    b.honorsFromSlot = honorsFromSlot;
    b.firstSlot = firstSlot;
    b.faults.addAll(faults);
    return b;
  }

  /** Address to bind; 127.0.0.1 by default. */
  public String host() {
    return host;
  }

  /** Port to bind; 0 picks a free port (read it back with {@link YellowstoneSimulator#port()}). */
  public int port() {
    return port;
  }

  /** The token every call must carry in the {@code x-token} header, or null for no auth. */
  public String xToken() {
    return xToken;
  }

  public Duration slotInterval() {
    return slotInterval;
  }

  public Duration pingInterval() {
    return pingInterval;
  }

  /** New connections admitted per {@link #connectionWindow()}; the provider allows 60 per 60 s. */
  public int connectionLimit() {
    return connectionLimit;
  }

  public Duration connectionWindow() {
    return connectionWindow;
  }

  /**
   * Generator calls per second in automatic mode (each one launchpad transaction plus due
   * migrations and background traffic, see {@link dev.geyserpool.sim.traffic.PumpTrafficGenerator});
   * 0 = no generated traffic.
   */
  public int trafficRate() {
    return trafficRate;
  }

  /** Seed of every random choice (keys, signatures, amounts, blockhashes). */
  public long seed() {
    return seed;
  }

  /** Monotonic clock of the connection audit. */
  public Ticker ticker() {
    return ticker;
  }

  /** Wall clock for {@code created_at}, block times and event timestamps. */
  public Clock wallClock() {
    return wallClock;
  }

  /** Whether slots and traffic move only when the caller says so. */
  public boolean manual() {
    return manual;
  }

  /**
   * Whether automatic traffic waits for {@link YellowstoneSimulator#startTraffic()}: slots and
   * pings run from the start, Pump.fun transactions only once started.
   */
  public boolean trafficPaused() {
    return trafficPaused;
  }

  /**
   * A provider's own limit on pubkeys per accounts filter (Yellowstone's
   * {@code filter_limits.accounts.account_max}); 0, the default, for none. Requests over it end
   * with INVALID_ARGUMENT, like any invalid filter.
   */
  public int maxAccountsPerFilter() {
    return maxAccountsPerFilter;
  }

  /** Updates queued for one slow stream before it is ended with RESOURCE_EXHAUSTED. */
  public int streamQueueCapacity() {
    return streamQueueCapacity;
  }

  /** Events kept in {@link YellowstoneSimulator#generated()}; later ones are counted as dropped. */
  public int generatedLogCapacity() {
    return generatedLogCapacity;
  }

  /**
   * Slots held in the replay ring, the open slot included: the oldest valid {@code from_slot} is
   * the open slot − historySlots + 1 (what {@code SubscribeReplayInfo} reports). 150 by default.
   */
  public int historySlots() {
    return historySlots;
  }

  /**
   * Whether {@code SubscribeReplayInfo} is served (true by default); false answers UNIMPLEMENTED,
   * as providers without a replay buffer do.
   */
  public boolean replayInfo() {
    return replayInfo;
  }

  /**
   * Whether {@code from_slot} is honoured (true by default); false streams live from now, as a
   * provider that ignores the field does.
   */
  public boolean honorsFromSlot() {
    return honorsFromSlot;
  }

  /** The slot open when the simulator starts. */
  public long firstSlot() {
    return firstSlot;
  }

  /** Faults applied from the start in automatic mode, in the order given; empty by default. */
  public List<Fault> faults() {
    return faults;
  }

  @Override
  public String toString() {
    return "SimulatorConfig{host=" + host + ", port=" + port
        + ", xToken=" + (xToken == null ? "none" : "****")
        + ", slotInterval=" + slotInterval + ", pingInterval=" + pingInterval
        + ", connectionLimit=" + connectionLimit + ", connectionWindow=" + connectionWindow
        + ", trafficRate=" + trafficRate + ", seed=" + seed + ", manual=" + manual + ", trafficPaused=" + trafficPaused
        + ", streamQueueCapacity=" + streamQueueCapacity
        + ", generatedLogCapacity=" + generatedLogCapacity
        + ", historySlots=" + historySlots + ", firstSlot=" + firstSlot
        + ", faults=" + faults + "}";
  }

  /** Mutable builder; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 0;
    private String xToken;
    private Duration slotInterval = Duration.ofMillis(400);
    private Duration pingInterval = Duration.ofSeconds(10);
    private int connectionLimit = 60;
    private Duration connectionWindow = Duration.ofSeconds(60);
    private int trafficRate = 20;
    private long seed = 42L;
    private Ticker ticker = Ticker.system();
    private Clock wallClock = Clock.systemUTC();
    private boolean manual;
    private boolean trafficPaused;
    private int maxAccountsPerFilter;
    private int streamQueueCapacity = 50_000;
    private int generatedLogCapacity = 1_000_000;
    private int historySlots = 150;
    private boolean replayInfo = true;
    private boolean honorsFromSlot = true;
    private long firstSlot = 350_000_000L;
    private final List<Fault> faults = new ArrayList<>();

    private Builder() {}

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder xToken(String xToken) {
      this.xToken = xToken;
      return this;
    }

    public Builder slotInterval(Duration slotInterval) {
      this.slotInterval = slotInterval;
      return this;
    }

    public Builder pingInterval(Duration pingInterval) {
      this.pingInterval = pingInterval;
      return this;
    }

    public Builder connectionLimit(int connectionLimit) {
      this.connectionLimit = connectionLimit;
      return this;
    }

    public Builder connectionWindow(Duration connectionWindow) {
      this.connectionWindow = connectionWindow;
      return this;
    }

    public Builder trafficRate(int trafficRate) {
      this.trafficRate = trafficRate;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder ticker(Ticker ticker) {
      this.ticker = ticker;
      return this;
    }

    public Builder wallClock(Clock wallClock) {
      this.wallClock = wallClock;
      return this;
    }

    public Builder manual(boolean manual) {
      this.manual = manual;
      return this;
    }

    /** A provider limit on pubkeys per accounts filter; 0 for none. */
    public Builder maxAccountsPerFilter(int max) {
      this.maxAccountsPerFilter = max;
      return this;
    }

    /** Start with automatic traffic paused until {@link YellowstoneSimulator#startTraffic()}. */
    public Builder trafficPaused(boolean trafficPaused) {
      this.trafficPaused = trafficPaused;
      return this;
    }

    public Builder streamQueueCapacity(int streamQueueCapacity) {
      this.streamQueueCapacity = streamQueueCapacity;
      return this;
    }

    public Builder generatedLogCapacity(int generatedLogCapacity) {
      this.generatedLogCapacity = generatedLogCapacity;
      return this;
    }

    /** Serve {@code SubscribeReplayInfo}, or answer UNIMPLEMENTED. */
    public Builder replayInfo(boolean served) {
      this.replayInfo = served;
      return this;
    }

    /** Honour {@code from_slot}, or ignore it and stream live. */
    public Builder honorsFromSlot(boolean honors) {
      this.honorsFromSlot = honors;
      return this;
    }

    public Builder historySlots(int historySlots) {
      this.historySlots = historySlots;
      return this;
    }

    public Builder firstSlot(long firstSlot) {
      this.firstSlot = firstSlot;
      return this;
    }

    /**
     * Adds a fault to apply from the start (automatic mode only); repeatable, one per kind. E.g.
     * {@code fault(Fault.parse("drop-connections-every=5s"))}.
     */
    public Builder fault(Fault fault) {
      this.faults.add(Objects.requireNonNull(fault, "fault"));
      return this;
    }

    /** Removes every fault added so far. */
    public Builder clearFaults() {
      this.faults.clear();
      return this;
    }

    /**
     * Validates every key and returns the config.
     *
     * @throws IllegalArgumentException naming the key, the rule and the bad value
     */
    public SimulatorConfig build() {
      validate();
      return new SimulatorConfig(this);
    }

    private void validate() {
      if (host == null || host.isBlank()) {
        throw bad("host is '" + host + "', but must be a host name or address");
      }
      if (port < 0 || port > 65_535) {
        throw bad("port is " + port + ", but must be between 0 (any free port) and 65535");
      }
      if (xToken != null && xToken.isBlank()) {
        throw bad("xToken is blank, but must be null (no auth) or a non-blank token");
      }
      if (maxAccountsPerFilter < 0) {
        throw bad("maxAccountsPerFilter is " + maxAccountsPerFilter + ", but must be 0 (no limit) or positive");
      }
      positive("slotInterval", slotInterval);
      positive("pingInterval", pingInterval);
      positive("connectionWindow", connectionWindow);
      if (connectionLimit < 1) {
        throw bad("connectionLimit is " + connectionLimit + ", but must be at least 1");
      }
      if (trafficRate < 0 || trafficRate > 100_000) {
        throw bad("trafficRate is " + trafficRate + ", but must be between 0 and 100000 per second");
      }
      Objects.requireNonNull(ticker, "ticker");
      Objects.requireNonNull(wallClock, "wallClock");
      if (streamQueueCapacity < 16) {
        throw bad("streamQueueCapacity is " + streamQueueCapacity + ", but must be at least 16");
      }
      if (generatedLogCapacity < 0) {
        throw bad("generatedLogCapacity is " + generatedLogCapacity + ", but must not be negative");
      }
      // The ring must still hold a slot when it is finalized, so its events can be released then.
      if (historySlots <= FINALIZATION_DEPTH) {
        throw bad("historySlots is " + historySlots + ", but must be more than "
            + FINALIZATION_DEPTH + " (the finalization depth)");
      }
      if (firstSlot <= FINALIZATION_DEPTH) {
        throw bad("firstSlot is " + firstSlot + ", but must be more than " + FINALIZATION_DEPTH);
      }
      if (manual && !faults.isEmpty()) {
        throw bad("faults is " + faults + ", but faults run on a schedule only in automatic mode;"
            + " in manual mode use the simulator's fault controls (dropConnections, stallStreams, ...)");
      }
      Set<String> kinds = new HashSet<>();
      for (Fault f : faults) {
        if (!kinds.add(f.kind())) {
          throw bad("faults is " + faults + ", but has more than one " + f.kind() + "; give each kind once");
        }
      }
    }

    private static void positive(String key, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw bad(key + " is " + value + ", but must be positive");
      }
    }

    private static IllegalArgumentException bad(String message) {
      return new IllegalArgumentException(message);
    }
  }
}
