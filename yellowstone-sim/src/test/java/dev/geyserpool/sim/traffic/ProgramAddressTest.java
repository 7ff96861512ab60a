package dev.geyserpool.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.solana.Message;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PDA and ATA derivation against addresses observed on mainnet (facts §0 and real accounts). */
class ProgramAddressTest {
  static final String PUMP = "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P";
  static final String AMM = "pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA";
  static final String LAUNCHLAB = "LanMV9sAd7wArD4vJFi2qDdfnVhFxYSUg6eADduJ3uj";
  static final String WSOL = "So11111111111111111111111111111111111111112";
  static final String SPL_TOKEN = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";

  /** Real PumpSwap Pool account of mint 2fWkVf41…pump (2025, 211 bytes). */
  static final String REAL_POOL_B64 = "8ZptBBGxbbz/AAAlcMWYIeY7+EFx23fd5zIM73sAytymXeRG5uKPtVl9rhi5ZV91jq2pcSMYqBYD8mOq8YV+zHL2akGskNa/"
      + "4aMfBpuIV/6rgYT7aH9jRhjANdrEOdwa6ztVmKDwAAAAAAFL3QTJQUCVEj/ubeLFWmyrsjaWqcqSbMpl/bfzrv7rtc2OVHhArtRehoECAI9eet3DHssa"
      + "5hX70Wxe14eR9hkOAw1DG5Zd1tZLeaQoUr+ABM9iJzyDbbA7wssN4DkLbTEISGtZ0AMAAA==";

  static ByteString key(String b58) {
    return ByteString.copyFrom(Base58.decode(b58));
  }

  static String pda(String program, Object... seeds) {
    return TxInspector.b58(ProgramAddress.pda(key(program), seeds));
  }

  @ParameterizedTest
  @CsvSource({
      PUMP + ", global, 4wTV1YmiEkRvAtNtsSGPtUrqRYQMe5SKy2uB4Jjaxnjf",
      PUMP + ", __event_authority, Ce6TQqeHC9p8KetsN6JsjHK7UTZk7nasjjnr7XxXp9F1",
      PUMP + ", mint-authority, TSLvdd1pWpHVjahSpsvCXUbgwsL3JAcvokwaKt1eokM",
      PUMP + ", global_volume_accumulator, Hq2wp8uJ9jCPsYgNHex8RtqdvMPfVGoYwjvF1ATiwn2Y",
      AMM + ", global_config, ADyA8hdefvWN2dbGGWFotbzWxrAvLW83WG6QCVXvJKqw",
      AMM + ", __event_authority, GS4CU59F31iL7aR2Q8zVS8DRrcRnXX1yjQ66TqNVQnaR",
      LAUNCHLAB + ", vault_auth_seed, WLHv2UAZm6z4KyaaELi5pjdbJh6RESMva1Rnn8pJVVh",
      LAUNCHLAB + ", __event_authority, 2DPAtwB8L12vrMRExbLuyGnC7n2J5LNoZQSejeQGpwkr",
      "CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C, vault_and_lp_mint_auth_seed, GpMZbSM2GgvTKHJirzeGfMFoaZ8UR2X7F4v8vHTvxFbL",
      "LockrWmn6K5twhz3y9w1dQERbmgSaRkfnTeTKbpofwE, lock_cp_authority_seed, 3f7GcQFG397GAaEnv51zR6tsTVihYRydnydDD1cXekxH"})
  void singleSeedPdasMatchMainnet(String program, String seed, String expected) {
    assertThat(pda(program, seed)).isEqualTo(expected);
  }

  @Test
  void fixedAddressesTheGeneratorUsesAreTheirPdas() {
    assertThat(ProgramAddress.find(key(LAUNCHLAB), "vault_auth_seed").bump())
        .isEqualTo(LaunchLabProgram.AUTHORITY_BUMP).isEqualTo(250);
    assertThat(pda(LAUNCHLAB, "global_config", key(WSOL), new byte[] {0}, new byte[] {0, 0}))
        .isEqualTo(TxInspector.b58(LaunchLabProgram.GLOBAL_CONFIG));
    assertThat(pda("CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C", "amm_config", new byte[] {0, 0}))
        .isEqualTo(TxInspector.b58(LaunchLabProgram.CPMM_AMM_CONFIG));
    assertThat(pda("pfeeUxB6jkeY1Hxd7CsFCAjcbHA9rWtchMGdZ6VojVZ", "fee_config", key(PUMP)))
        .isEqualTo(TxInspector.b58(PumpProgram.FEE_CONFIG));
  }

  @Test
  void canonicalPumpSwapPoolOfAGraduatedCoinMatchesTheRealMigrationEvent() {
    // CompletePumpAmmMigrationEvent of ELJFma9J…pump reported pool GnpU6c7H…
    assertThat(TxInspector.b58(PumpSwapProgram.canonicalPool(key("ELJFma9JzJfLWbc2fBSXPMAExayXoTr2LUNJLbPpump"))))
        .isEqualTo("GnpU6c7H9CbPrbb9cUkQMxgz6DZV41h8XbU4pLh4C27e");
    // The same by the seeds spelled out: ["pool", u16 LE 0, pool_authority, mint, wsol]
    String mint = "ELJFma9JzJfLWbc2fBSXPMAExayXoTr2LUNJLbPpump";
    String authority = pda(PUMP, "pool-authority", key(mint));
    assertThat(pda(AMM, "pool", new byte[] {0, 0}, key(authority), key(mint), key(WSOL)))
        .isEqualTo("GnpU6c7H9CbPrbb9cUkQMxgz6DZV41h8XbU4pLh4C27e");
  }

  @Test
  void realPumpSwapPoolAccountIsTheCanonicalPoolOfItsMint() {
    byte[] data = Base64.getDecoder().decode(REAL_POOL_B64);
    PumpDecoder d = new PumpDecoder(data);
    assertThat(d.hex(8)).isEqualTo("f19a6d0411b16dbc");
    PumpSwapProgram.Pool real = d.pool();
    ByteString mint = real.baseMint();
    assertThat(TxInspector.b58(mint)).isEqualTo("2fWkVf417bfxEgUemymkYNagXVitnmNxvq7dhUwnpump");
    assertThat(real.creator()).isEqualTo(PumpProgram.poolAuthority(mint));
    ProgramAddress.Found pool = PumpSwapProgram.canonicalPoolWithBump(mint);
    assertThat(pool.bump()).isEqualTo(real.poolBump());
    assertThat(PumpSwapProgram.lpMint(pool.address())).isEqualTo(real.lpMint());
    assertThat(ProgramAddress.ata(pool.address(), key(SPL_TOKEN), mint)).isEqualTo(real.poolBaseTokenAccount());
    assertThat(ProgramAddress.ata(pool.address(), key(SPL_TOKEN), key(WSOL))).isEqualTo(real.poolQuoteTokenAccount());
    // The writer reproduces the 2025 account's bytes (the 2026 layout only appends fields).
    assertThat(java.util.Arrays.copyOf(PumpSwapProgram.poolData(real), data.length)).isEqualTo(data);
  }

  @Test
  void launchLabPoolAndVaultsMatchTheRealPoolState() {
    byte[] data = Base64.getDecoder().decode(LaunchLabTrafficTest.REAL_POOL_STATE_B64);
    LaunchLabProgram.PoolState real = LaunchLabDecoder.poolState(data);
    assertThat(TxInspector.b58(real.baseMint())).isEqualTo("ALvT2usBGUC8C21dDiXpwAGVwA3x1GBKtut3VFWQcX8x");
    assertThat(TxInspector.b58(real.quoteMint())).isEqualTo("SNAPcESrvnH8yUdgeMF6xm1hym9b6hW6s8YeqeHdZFz");
    ByteString pool = LaunchLabProgram.poolState(real.baseMint(), real.quoteMint());
    assertThat(TxInspector.b58(pool)).isEqualTo("7L2sWFH3rjHCBbjye28oHXDW1H9Vkt2WNeMJcW4B1hUK");
    assertThat(LaunchLabProgram.vault(pool, real.baseMint())).isEqualTo(real.baseVault());
    assertThat(LaunchLabProgram.vault(pool, real.quoteMint())).isEqualTo(real.quoteVault());
    assertThat(TxInspector.b58(real.baseVault())).startsWith("2ZwH1hZr");
    assertThat(TxInspector.b58(real.quoteVault())).startsWith("7HcFHeCs");
  }

  @Test
  void curveAndAssociatedAccountsMatchTheRealCreateTransaction() throws Exception {
    Message m = PumpTrafficGeneratorTest.fixture().getTransaction().getTransaction().getTransaction().getMessage();
    List<ByteString> keys = m.getAccountKeysList();
    ByteString mint = keys.get(m.getInstructions(0).getAccounts().byteAt(0));
    ByteString curve = keys.get(m.getInstructions(0).getAccounts().byteAt(2));
    ByteString associatedCurve = keys.get(m.getInstructions(0).getAccounts().byteAt(3));
    ByteString user = keys.get(m.getInstructions(0).getAccounts().byteAt(5));
    ByteString userAta = keys.get(m.getInstructions(1).getAccounts().byteAt(1));
    assertThat(PumpProgram.bondingCurve(mint)).isEqualTo(curve);
    assertThat(ProgramAddress.ata(curve, PumpProgram.TOKEN_2022, mint)).isEqualTo(associatedCurve);
    assertThat(ProgramAddress.ata(user, PumpProgram.TOKEN_2022, mint)).isEqualTo(userAta);
    Curve c = new Curve(mint, user);
    assertThat(c.bondingCurve).isEqualTo(curve);
    assertThat(c.associatedBondingCurve).isEqualTo(associatedCurve);
    assertThat(PumpTxFactory.ata(user, mint)).isEqualTo(userAta);
  }

  @Test
  void pdasAreOffCurveAndEd25519KeysAreOn() {
    // The base point's compressed form (y = 4/5) is on the curve; a PDA never is.
    byte[] basePoint = TxInspector.hex("5866666666666666666666666666666666666666666666666666666666666666");
    assertThat(ProgramAddress.onCurve(basePoint)).isTrue();
    assertThat(ProgramAddress.onCurve(key("4wTV1YmiEkRvAtNtsSGPtUrqRYQMe5SKy2uB4Jjaxnjf").toByteArray())).isFalse();
    // A wallet (ed25519 public key) from the fixture is on the curve.
    assertThat(ProgramAddress.onCurve(key("39azUYFWPz3VHgKCf3VChUwbpURdCHRxjWVowf5jUJjg").toByteArray())).isTrue();
  }
}
