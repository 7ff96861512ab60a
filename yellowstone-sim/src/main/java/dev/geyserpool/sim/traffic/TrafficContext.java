package dev.geyserpool.sim.traffic;

import com.google.protobuf.ByteString;
import dev.geyserpool.sim.traffic.PumpTxFactory.TxIds;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * What the per-program traffic sources share: the one seeded random source (so a seed fixes the
 * whole interleaving), the wallets with their tracked lamports and wrapped-SOL balances, the
 * clock, the count of generator calls (for scheduling migrations a few slots later) and random
 * names, symbols and amounts. Amounts are drawn with integer arithmetic only.
 *
 * <p>Bounded: 256 trader wallets and 16 validators. Not thread-safe: owned by one
 * {@link PumpTrafficGenerator}.
 */
final class TrafficContext {
  static final int WALLETS = 256;
  static final int VALIDATORS = 16;
  private static final String[] WORDS = {"Moon", "Cat", "Doge", "Pepe", "Based", "Giga", "Frog",
      "Solana", "Turbo", "Baby", "King", "Rocket", "Chad", "Wojak", "Nyan", "Pixel", "Degen", "Ape",
      "Bonk", "Shiba", "Inu", "Mog", "Popcat", "Goat"};
  /** Traders top up below this, so a 10 SOL buy never overdraws a wallet. */
  private static final long TOP_UP_BELOW = 12_000_000_000L;

  final SplittableRandom random;
  private final LongSupplier unixSeconds;
  final List<ByteString> wallets = new ArrayList<>();
  final List<ByteString> validators = new ArrayList<>();
  final Map<ByteString, Long> lamports = new HashMap<>();
  /** Wrapped SOL each wallet holds in its wSOL associated token account. */
  final Map<ByteString, Long> wrappedSol = new HashMap<>();
  /** Calls of {@link PumpTrafficGenerator#next()} so far: the clock migrations are scheduled on. */
  long calls;

  TrafficContext(long seed, LongSupplier unixSeconds) {
    this.random = new SplittableRandom(seed);
    this.unixSeconds = unixSeconds;
    for (int i = 0; i < WALLETS; i++) {
      ByteString w = key32();
      wallets.add(w);
      lamports.put(w, 500_000_000L + random.nextLong(50_000_000_000L));
    }
    for (int i = 0; i < VALIDATORS; i++) {
      ByteString v = key32();
      validators.add(v);
      lamports.put(v, 1_000_000_000_000L);
    }
    lamports.put(PumpProgram.MIGRATION_AUTHORITY, 2_000_000_000_000L);
    lamports.put(LaunchLabProgram.MIGRATE_TO_CPSWAP_WALLET, 2_000_000_000_000L);
  }

  long now() {
    return unixSeconds.getAsLong();
  }

  /** A random trader, topped up first when running low. */
  ByteString wallet() {
    ByteString w = wallets.get(random.nextInt(WALLETS));
    if (lamports.get(w) < TOP_UP_BELOW) {
      lamports.put(w, lamports.get(w) + 20_000_000_000L);
    }
    return w;
  }

  /** Records the fee payer's balance after {@code tx} (its first account write). */
  void settle(GeneratedTransaction tx) {
    lamports.put(tx.accountWrites().get(0).getPubkey(), tx.accountWrites().get(0).getLamports());
  }

  TxIds ids(ByteString payer) {
    return new TxIds(signature(), signature(), key32(), lamports.get(payer));
  }

  /** A uniformly random element of {@code items}, which must not be empty. */
  <T> T pick(Collection<T> items) {
    int i = random.nextInt(items.size());
    return items.stream().skip(i).findFirst().orElseThrow();
  }

  /** The wallets holding more than nothing in {@code holdings}, in its order. */
  static List<ByteString> holders(Map<ByteString, Long> holdings) {
    List<ByteString> holders = new ArrayList<>();
    holdings.forEach((wallet, amount) -> {
      if (amount > 0) {
        holders.add(wallet);
      }
    });
    return holders;
  }

  /** What a holder of {@code held} sells: 10–100 % of it, at least 1. */
  long sellPart(long held) {
    return Math.max(1, held * (10 + random.nextInt(91)) / 100);
  }

  /** True with probability {@code perMille}/1000. */
  boolean chance(int perMille) {
    return random.nextInt(1000) < perMille;
  }

  /**
   * About log-uniform in [lo, lo·2^octaves): a uniform octave, then uniform within it. Many small
   * amounts, a few large ones, integer arithmetic only.
   */
  long logUniform(long lo, int octaves) {
    long base = lo << random.nextInt(octaves);
    return base + random.nextLong(base);
  }

  ByteString key32() {
    return bytes(32);
  }

  ByteString signature() {
    return bytes(64);
  }

  private ByteString bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return ByteString.copyFrom(b);
  }

  String name() {
    return WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)];
  }

  String symbol() {
    int len = 3 + random.nextInt(4);
    StringBuilder s = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      s.append((char) ('A' + random.nextInt(26)));
    }
    return s.toString();
  }

  String ipfsUri() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    StringBuilder s = new StringBuilder("https://ipfs.io/ipfs/bafkrei");
    for (int i = 0; i < 52; i++) {
      s.append(alphabet.charAt(random.nextInt(32)));
    }
    return s.toString();
  }
}
