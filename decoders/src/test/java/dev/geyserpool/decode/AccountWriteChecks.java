package dev.geyserpool.decode;

import static dev.geyserpool.decode.ChainFactChecks.hasFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.geyserpool.decode.ChainFactChecks.Decoded;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.sim.traffic.ChainFact;
import dev.geyserpool.sim.traffic.ChainFact.CurveAccountWritten;
import dev.geyserpool.sim.traffic.ChainFact.PoolStateWritten;
import dev.geyserpool.sim.traffic.ChainFact.PumpSwapPoolWritten;
import java.util.List;

/**
 * Compares the program accounts a generated transaction wrote, as {@link SolanaDecoder#account}
 * reads them, with the simulator's {@code …Written} facts for them, field by field. Stateless.
 */
final class AccountWriteChecks {
  private AccountWriteChecks() {}

  /**
   * Every write to an account of ours decodes, in write order, to the transaction's next
   * {@code …Written} fact; every other write (wallets, token accounts) is not ours.
   */
  static void matchTheirFacts(Decoded d) {
    List<ChainFact> written = d.generated().facts().stream().filter(ChainFactChecks::isWrite).toList();
    List<SubscribeUpdateAccountInfo> ours = d.generated().accountWrites().stream()
        .filter(w -> Program.byId(w.getOwner()).isPresent()).toList();
    assertThat(d.accounts()).hasSameSizeAs(ours).hasSameSizeAs(written);
    for (int i = 0; i < written.size(); i++) {
      DecodedAccount account = d.accounts().get(i);
      assertThat(account.txnSignature()).isEqualTo(d.tx().signature());
      assertThat(account.slot()).isEqualTo(d.tx().slot());
      assertThat(account.lamports()).isEqualTo(ours.get(i).getLamports());
      ChainFact fact = written.get(i);
      if (fact instanceof CurveAccountWritten f) {
        curveWritten(f, account, d.tx());
      } else if (fact instanceof PoolStateWritten f) {
        poolStateWritten(f, account);
      } else if (fact instanceof PumpSwapPoolWritten f) {
        pumpSwapPoolWritten(f, account);
      } else {
        fail("no check for written fact " + fact);
      }
    }
  }

  /** The account holds no mint: every pump instruction naming this curve names the fact's mint. */
  private static void curveWritten(CurveAccountWritten f, DecodedAccount a, DecodedTransaction tx) {
    assertThat(a.program()).isEqualTo(Program.PUMP);
    assertThat(a.type()).isEqualTo("BondingCurve");
    assertThat(a.pubkey()).isEqualTo(f.pubkey());
    hasFields(a.fields(), "virtual_token_reserves", f.virtualTokenReserves(),
        "virtual_quote_reserves", f.virtualSolReserves(), "real_token_reserves", f.realTokenReserves(),
        "real_quote_reserves", f.realSolReserves(), "complete", f.complete(), "creator", f.creator());
    List<DecodedInstruction> naming = tx.instructions().stream()
        .filter(ix -> ix.program() == Program.PUMP && f.pubkey().equals(ix.account("bonding_curve"))).toList();
    assertThat(naming).isNotEmpty().allSatisfy(ix -> assertThat(ix.account("mint")).isEqualTo(f.mint()));
  }

  private static void poolStateWritten(PoolStateWritten f, DecodedAccount a) {
    assertThat(a.program()).isEqualTo(Program.LAUNCHLAB);
    assertThat(a.type()).isEqualTo("PoolState");
    assertThat(a.pubkey()).isEqualTo(f.pubkey());
    hasFields(a.fields(), "base_mint", f.baseMint(), "status", f.status(), "real_base", f.realBase(),
        "real_quote", f.realQuote(), "total_base_sell", f.totalBaseSell());
  }

  private static void pumpSwapPoolWritten(PumpSwapPoolWritten f, DecodedAccount a) {
    assertThat(a.program()).isEqualTo(Program.PUMP_AMM);
    assertThat(a.type()).isEqualTo("Pool");
    assertThat(a.pubkey()).isEqualTo(f.pubkey());
    hasFields(a.fields(), "base_mint", f.baseMint(), "quote_mint", f.quoteMint(), "lp_mint", f.lpMint(),
        "creator", f.creator(), "coin_creator", f.coinCreator(),
        "pool_base_token_account", f.poolBaseTokenAccount(),
        "pool_quote_token_account", f.poolQuoteTokenAccount(), "lp_supply", f.lpSupply());
  }
}
