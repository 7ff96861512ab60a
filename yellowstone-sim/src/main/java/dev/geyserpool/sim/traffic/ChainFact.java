package dev.geyserpool.sim.traffic;

/**
 * What a generated transaction did on the simulated chain, in plain values, independent of any
 * byte layout: the ground truth that tests compare monitor output with. Keys are base58 strings,
 * amounts raw integer units (lamports, token base units), reserves as the program reports them.
 *
 * <p>A transaction's facts follow its instructions' order (launch, trade, completion, migration,
 * status change), then one {@code …Written} fact per program account it wrote, in write order.
 * Failed transactions carry no facts; neither do votes and other background traffic. Placed in a
 * slot, each fact is paired with its transaction's signature and slot by the simulator's
 * {@code GeneratedLog#facts()}.
 *
 * <p>Records: immutable and thread-safe.
 */
public sealed interface ChainFact {

  /** A Pump.fun coin launched ({@code create_v2}); the curve starts at pump's initial reserves. */
  record TokenLaunched(
      String mint, String name, String symbol, String uri, String creator, String bondingCurve,
      String tokenProgram) implements ChainFact {}

  /**
   * A trade on a Pump.fun bonding curve. {@code solAmount} is the curve's side before fees (buy
   * cost or sell proceeds); reserves are post-trade, as in pump's TradeEvent.
   */
  record CurveTraded(
      String mint, String user, boolean buy, long solAmount, long tokenAmount, long fee,
      long creatorFee, long virtualSolReserves, long virtualTokenReserves, long realSolReserves,
      long realTokenReserves) implements ChainFact {}

  /** The buy that emptied a curve's real token reserves: CompleteEvent, {@code complete = true}. */
  record CurveCompleted(String mint, String bondingCurve, String user) implements ChainFact {}

  /**
   * A completed curve migrated to its canonical PumpSwap pool ({@code migrate}):
   * {@code solAmount} = real SOL reserves − {@code poolMigrationFee}.
   */
  record CurveMigrated(
      String mint, String bondingCurve, String pool, long mintAmount, long solAmount,
      long poolMigrationFee) implements ChainFact {}

  /**
   * A PumpSwap trade. {@code quoteAmount} is the pool's quote side before fees (BuyEvent
   * {@code quote_amount_in} / SellEvent {@code quote_amount_out}); {@code userQuoteAmount} what
   * the user paid or received with fees; reserves are pre-trade, as in the events.
   */
  record PumpSwapTraded(
      String pool, String baseMint, String user, boolean buy, long baseAmount, long quoteAmount,
      long userQuoteAmount, long poolBaseReservesBefore, long poolQuoteReservesBefore)
      implements ChainFact {}

  /** A Raydium LaunchLab pool launched ({@code initialize_v2}). */
  record LaunchLabPoolCreated(
      String pool, String baseMint, String quoteMint, String creator, String name, String symbol,
      String uri) implements ChainFact {}

  /**
   * A LaunchLab trade ({@code buy_exact_in} / {@code sell_exact_in}): quote in and base out on
   * buys, base in and quote out (after fees) on sells; {@code poolStatus} after the trade
   * (0 Fund, 1 Migrate, 2 Trade).
   */
  record LaunchLabTraded(
      String pool, String baseMint, String user, boolean buy, long amountIn, long amountOut,
      long realBaseAfter, long realQuoteAfter, int poolStatus) implements ChainFact {}

  /** A LaunchLab pool's status byte changed: 0→1 when fund-raising ends, 1→2 on migration. */
  record LaunchLabStatusChanged(String pool, String baseMint, int fromStatus, int toStatus)
      implements ChainFact {}

  /** A pump BondingCurve account write (all-zero reserves once migrated). */
  record CurveAccountWritten(
      String pubkey, String mint, long virtualTokenReserves, long virtualSolReserves,
      long realTokenReserves, long realSolReserves, boolean complete, String creator)
      implements ChainFact {}

  /** A LaunchLab PoolState account write. */
  record PoolStateWritten(
      String pubkey, String baseMint, int status, long realBase, long realQuote, long totalBaseSell)
      implements ChainFact {}

  /** A PumpSwap Pool account write. */
  record PumpSwapPoolWritten(
      String pubkey, String baseMint, String quoteMint, String lpMint, String creator,
      String coinCreator, String poolBaseTokenAccount, String poolQuoteTokenAccount, long lpSupply)
      implements ChainFact {}
}
