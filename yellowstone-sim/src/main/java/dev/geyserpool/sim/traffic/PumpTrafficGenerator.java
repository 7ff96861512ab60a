package dev.geyserpool.sim.traffic;

import com.google.protobuf.ByteString;
import dev.geyserpool.sim.traffic.PumpTxFactory.Trade;
import dev.geyserpool.sim.traffic.PumpTxFactory.TxIds;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Generates Pump.fun traffic, random but deterministic from a seed: token launches (create_v2 with
 * the creator's first buy), buys of 0.01–5 SOL and sells against constant-product bonding curves
 * that start at 1 073 000 000 000 000 virtual tokens / 30 SOL, a few failed buys (slippage), plus
 * a sprinkle of votes and non-pump v0 transactions. Each call returns plain
 * {@link GeneratedTransaction}s; the simulator places them in slots. Other launchpads
 * (PumpSwap, LaunchLab) can be added as sibling generators producing the same records.
 *
 * <p>Bounded state: 256 trader wallets, 16 validators and at most {@link #MAX_ACTIVE_CURVES}
 * active curves (the oldest is forgotten; a curve that completes leaves). Not thread-safe: one
 * owner (the simulator's clock thread or a test) calls it.
 */
public final class PumpTrafficGenerator {
  public static final int MAX_ACTIVE_CURVES = 64;
  private static final int WALLETS = 256;
  private static final int VALIDATORS = 16;
  private static final String[] WORDS = {"Moon", "Cat", "Doge", "Pepe", "Based", "Giga", "Frog",
      "Solana", "Turbo", "Baby", "King", "Rocket", "Chad", "Wojak", "Nyan", "Pixel", "Degen", "Ape"};

  private final SplittableRandom random;
  private final LongSupplier unixSeconds;
  private final PumpTxFactory factory = new PumpTxFactory();
  private final List<ByteString> wallets = new ArrayList<>();
  private final List<ByteString> validators = new ArrayList<>();
  private final Map<ByteString, Long> lamports = new HashMap<>();
  private final ArrayDeque<Curve> curves = new ArrayDeque<>();
  private long voteSlot = 350_000_000L;

  /**
   * @param seed the seed of every random choice
   * @param unixSeconds event timestamps (wall clock seconds)
   */
  public PumpTrafficGenerator(long seed, LongSupplier unixSeconds) {
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
  }

  /**
   * The next Pump.fun transaction (about 10% launches, 58% buys of which 4% fail, 32% sells),
   * followed 25% of the time by a vote and 10% by a non-pump transaction.
   */
  public List<GeneratedTransaction> next() {
    List<GeneratedTransaction> out = new ArrayList<>(2);
    double p = random.nextDouble();
    if (curves.isEmpty() || p < 0.10) {
      out.add(create());
    } else if (p < 0.68) {
      out.add(random.nextInt(100) < 4 ? failedBuy() : buy());
    } else {
      out.add(sell());
    }
    double extra = random.nextDouble();
    if (extra < 0.25) {
      out.add(vote());
    } else if (extra < 0.35) {
      out.add(other());
    }
    return out;
  }

  /** Launches a token: create_v2 + ATA + the creator's first buy, in one transaction. */
  public GeneratedTransaction create() {
    ByteString creator = wallet();
    Curve c = new Curve(key32(), creator);
    curves.addLast(c);
    while (curves.size() > MAX_ACTIVE_CURVES) {
      curves.pollFirst();
    }
    String name = WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)];
    String symbol = symbol();
    String uri = "https://ipfs.io/ipfs/bafkrei" + base32(52);
    Trade t = decideBuy(c, creator, false);
    ByteString sig = signature();
    GeneratedTransaction tx = factory.createAndBuy(name, symbol, uri, t, ids(sig, creator));
    return settle(tx, c);
  }

  /** A buy of 0.01–5 SOL on a random active curve (launching one first if there is none). */
  public GeneratedTransaction buy() {
    Curve c = activeCurve();
    ByteString user = wallet();
    Trade t = decideBuy(c, user, false);
    return settle(factory.trade(t, ids(signature(), user)), c);
  }

  /** A buy whose max_sol_cost is below the cost: fails with pump error 6002, changes nothing. */
  public GeneratedTransaction failedBuy() {
    Curve c = activeCurve();
    ByteString user = wallet();
    Trade t = decideBuy(c, user, true);
    GeneratedTransaction tx = factory.failedBuy(t, ids(signature(), user));
    lamports.put(user, tx.accountWrites().get(0).getLamports());
    return tx;
  }

  /** A holder sells 10–100% of its tokens; a buy when no one holds any. */
  public GeneratedTransaction sell() {
    Curve c = activeCurve();
    List<ByteString> holders = new ArrayList<>();
    c.holdings.forEach((w, amount) -> {
      if (amount > 0) {
        holders.add(w);
      }
    });
    if (holders.isEmpty()) {
      return buy();
    }
    ByteString user = holders.get(random.nextInt(holders.size()));
    long held = c.holdings.get(user);
    long tokens = Math.max(1, held * (10 + random.nextInt(91)) / 100);
    long marketCap = c.marketCapLamports().longValueExact();
    long curveTokensBefore = c.curveTokenBalance();
    long out = c.sellProceeds(tokens);
    long fee = Curve.fee(out, PumpProgram.FEE_BASIS_POINTS);
    long creatorFee = Curve.fee(out, PumpProgram.CREATOR_FEE_BASIS_POINTS);
    long minOut = Math.max(0, (out - fee - creatorFee) * 95 / 100);
    c.applySell(tokens, out);
    c.holdings.put(user, held - tokens);
    Trade t = new Trade(c, user, false, tokens, out, fee, creatorFee, fee / 2, minOut, feeRecipient(),
        held, curveTokensBefore, marketCap, unixSeconds.getAsLong());
    return settle(factory.trade(t, ids(signature(), user)), c);
  }

  public GeneratedTransaction vote() {
    int v = random.nextInt(VALIDATORS);
    ByteString identity = validators.get(v);
    ByteString voteAccount = SolanaData.derive("vote-account", identity);
    GeneratedTransaction tx = OtherTraffic.vote(identity, voteAccount, voteSlot++,
        lamports.get(identity), signature(), key32());
    lamports.put(identity, tx.accountWrites().get(0).getLamports());
    return tx;
  }

  public GeneratedTransaction other() {
    ByteString payer = wallet();
    ByteString recipient = wallet();
    GeneratedTransaction tx = OtherTraffic.lookupTableTransfer(payer, recipient, lamports.get(payer),
        1_000_000L + random.nextLong(100_000_000L), signature(), key32());
    lamports.put(payer, tx.accountWrites().get(0).getLamports());
    return tx;
  }

  /** Curves currently trading (for tests and diagnostics). */
  public int activeCurves() {
    return curves.size();
  }

  private Trade decideBuy(Curve c, ByteString user, boolean failing) {
    // Log-uniform between 0.01 and 5 SOL: many small buys, a few large ones.
    double lo = Math.log(10_000_000d);
    double hi = Math.log(5_000_000_000d);
    long budget = (long) Math.exp(lo + random.nextDouble() * (hi - lo));
    long tokens = Math.max(1, c.tokensFor(budget));
    long cost = c.buyCost(tokens);
    long fee = Curve.fee(cost, PumpProgram.FEE_BASIS_POINTS);
    long creatorFee = Curve.fee(cost, PumpProgram.CREATOR_FEE_BASIS_POINTS);
    long marketCap = c.marketCapLamports().longValueExact();
    long held = c.holdings.getOrDefault(user, 0L);
    long curveTokensBefore = c.curveTokenBalance();
    long limit = failing ? cost * 90 / 100 : (cost + fee + creatorFee) * 105 / 100;
    if (!failing) {
      c.applyBuy(tokens, cost);
      c.holdings.put(user, held + tokens);
    }
    return new Trade(c, user, true, tokens, cost, fee, creatorFee, fee / 2, limit, feeRecipient(),
        held, curveTokensBefore, marketCap, unixSeconds.getAsLong());
  }

  private GeneratedTransaction settle(GeneratedTransaction tx, Curve c) {
    ByteString payer = tx.accountWrites().get(0).getPubkey();
    lamports.put(payer, tx.accountWrites().get(0).getLamports());
    if (c.complete) {
      curves.remove(c); // graduated: no more bonding-curve trades
    }
    return tx;
  }

  private Curve activeCurve() {
    if (curves.isEmpty()) {
      create();
    }
    int i = random.nextInt(curves.size());
    return curves.stream().skip(i).findFirst().orElseThrow();
  }

  private ByteString wallet() {
    ByteString w = wallets.get(random.nextInt(WALLETS));
    if (lamports.get(w) < 6_000_000_000L) {
      lamports.put(w, lamports.get(w) + 20_000_000_000L); // traders top up before running dry
    }
    return w;
  }

  private ByteString feeRecipient() {
    return PumpProgram.FEE_RECIPIENTS.get(random.nextInt(PumpProgram.FEE_RECIPIENTS.size()));
  }

  private TxIds ids(ByteString sig, ByteString payer) {
    return new TxIds(sig, signature(), key32(), lamports.get(payer));
  }

  private ByteString key32() {
    return bytes(32);
  }

  private ByteString signature() {
    return bytes(64);
  }

  private ByteString bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return ByteString.copyFrom(b);
  }

  private String symbol() {
    int len = 3 + random.nextInt(4);
    StringBuilder s = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      s.append((char) ('A' + random.nextInt(26)));
    }
    return s.toString();
  }

  private String base32(int len) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    StringBuilder s = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      s.append(alphabet.charAt(random.nextInt(32)));
    }
    return s.toString();
  }
}
