package dev.geyserpool.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Layout history and bad data: older (shorter) events and accounts decode the fields they hold,
 * newer (longer) ones count their unread bytes, and malformed data becomes a readable problem
 * line while the rest of the transaction still decodes. Nothing throws.
 */
class TolerantDecodingTest {
  private static final List<String> BUY_ACCOUNTS = Keys.fakes(1, 16);

  @Test
  void createEventCutToThe2024LayoutDecodesItsFirstSixFields() {
    String uri = "https://ipfs.io/ipfs/QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbd"; // 66 bytes
    byte[] old = TestBorsh.event("CreateEvent").string("Old Coin").string("OLD").string(uri)
        .pubkey(Keys.fake(1)).pubkey(Keys.fake(2)).pubkey(Keys.fake(3)).bytes();

    DecodedEvent e = onlyEvent(Keys.PUMP, old);

    assertThat(e.payloadBytes()).isEqualTo(185);
    assertThat(e.fields().asMap().keySet()).containsExactly("name", "symbol", "uri", "mint", "bonding_curve", "user");
    assertThat(e.fields().string("uri")).isEqualTo(uri);
    assertThat(e.fields().has("creator")).isFalse();
    assertThat(e.unreadBytes()).isZero();
  }

  @ParameterizedTest
  @CsvSource({
      "121, real_token_reserves, fee_recipient",
      "217, creator_fee, track_volume",
      "274, cashback, buyback_fee_basis_points",
      "350, real_quote_reserves, ''"})
  void tradeEventOfEachHistoricalSizeDecodesUpToItsLastField(int payload, String last, String firstAbsent) {
    DecodedEvent e = onlyEvent(Keys.PUMP, Samples.cut(Samples.tradeEvent(), payload));

    List<String> names = List.copyOf(e.fields().asMap().keySet());
    assertThat(names.get(names.size() - 1)).isEqualTo(last);
    if (!firstAbsent.isEmpty()) {
      assertThat(e.fields().has(firstAbsent)).isFalse();
    }
    assertThat(e.unreadBytes()).isZero();
    assertThat(e.derived().decimal("price_sol")).isEqualTo(new BigDecimal("2.8143359820910101307E-8"));
  }

  @Test
  void tradeEventWithBytesBeyondTheIdlCountsThem() {
    byte[] longer = new TestBorsh().raw(Samples.tradeEvent()).u64(1).u64(2).u8(3).bytes();

    DecodedEvent e = onlyEvent(Keys.PUMP, longer);

    assertThat(e.fields().u64("real_quote_reserves")).isEqualTo(98_750_018L);
    assertThat(e.unreadBytes()).isEqualTo(17);
    assertThat(e.payloadBytes()).isEqualTo(367);
  }

  @Test
  void olderBondingCurveLayoutsDecodeTheirFields() {
    byte[] v2025 = TestBorsh.account("BondingCurve").u64(1_072_911_112_000_000L).u64(30_002_485_430L)
        .u64(793_011_112_000_000L).u64(2_485_430L).u64(1_000_000_000_000_000L).bool(false).bytes();
    byte[] migrated = TestBorsh.account("BondingCurve").u64(0).u64(0).u64(0).u64(0)
        .u64(1_000_000_000_000_000L).bool(true).pubkey(Keys.fake(4)).bytes();

    DecodedAccount old = SolanaDecoder.account(Fixtures.account(Keys.fake(1), Keys.PUMP, v2025, 1), 1).orElseThrow();
    DecodedAccount done = SolanaDecoder.account(Fixtures.account(Keys.fake(2), Keys.PUMP, migrated, 1), 1).orElseThrow();

    assertThat(old.dataLength()).isEqualTo(49);
    assertThat(old.fields().asMap()).containsOnlyKeys("virtual_token_reserves", "virtual_quote_reserves",
        "real_token_reserves", "real_quote_reserves", "token_total_supply", "complete");
    assertThat(old.derived().decimal("price_sol")).isEqualTo(new BigDecimal("2.7963626338134151042E-8"));
    assertThat(old.derived().decimal("market_cap_sol")).isEqualTo(new BigDecimal("27.963626338134151042"));
    assertThat(old.derived().decimal("progress_pct")).isEqualTo(new BigDecimal("0.01"));
    assertThat(old.derived().bool("migrated")).isFalse();
    assertThat(done.fields().string("creator")).isEqualTo(Keys.fake(4));
    assertThat(done.derived().bool("migrated")).isTrue();
    assertThat(done.derived().has("price_sol")).isFalse();
    assertThat(done.derived().decimal("progress_pct")).isEqualTo(new BigDecimal("100.00"));
  }

  @Test
  void emptyShortAndUnknownAccountsAreNotDecoded() {
    byte[] unknown = TestBorsh.account("SomethingElse").u64(1).bytes();

    assertThat(SolanaDecoder.account(Fixtures.account(Keys.fake(1), Keys.PUMP, new byte[0], 1), 1)).isEmpty();
    assertThat(SolanaDecoder.account(Fixtures.account(Keys.fake(1), Keys.PUMP, new byte[7], 1), 1)).isEmpty();
    assertThat(SolanaDecoder.account(Fixtures.account(Keys.fake(1), Keys.PUMP, unknown, 1), 1)).isEmpty();
  }

  @Test
  void malformedInstructionsBecomeProblemsAndTheRestStillDecodes() {
    Txs t = new Txs();
    t.index(Keys.fake(1));
    byte[] truncatedString = TestBorsh.instruction("create").u32(1000).raw(new byte[10]).bytes();
    byte[] badBool = TestBorsh.instruction("buy").u64(1).u64(2).u8(2).bytes();
    byte[] cutU64 = TestBorsh.instruction("sell").u64(1).u32(7).bytes();
    byte[] tooShort = {1, 2, 3};
    SubscribeUpdateTransactionInfo info = t
        .top(Keys.PUMP, Keys.fakes(1, 14), truncatedString)
        .top(Keys.PUMP, BUY_ACCOUNTS, badBool)
        .top(Keys.PUMP, Keys.fakes(1, 14), cutU64)
        .top(Keys.PUMP, List.of(), tooShort)
        .top(Keys.PUMP, BUY_ACCOUNTS, TestBorsh.instruction("buy").u64(5).u64(6).bool(true).bytes())
        .build();

    DecodedTransaction tx = SolanaDecoder.transaction(info, 3);

    assertThat(tx.problems()).containsExactly(
        "top[0] pump create: name at payload byte 0: string of 1000 bytes is truncated, 10 left",
        "top[1] pump buy: track_volume at payload byte 16: bool byte 2 (must be 0 or 1)",
        "top[2] pump sell: min_sol_output at payload byte 8: data ends 4 bytes into u64 (8 bytes)",
        "top[3] pump unknown: data is 3 bytes, shorter than the 8-byte discriminator");
    assertThat(tx.instructions()).extracting(DecodedInstruction::name)
        .containsExactly("create", "buy", "sell", "unknown", "buy");
    assertThat(tx.instructions().get(0).missingArgs()).containsExactly("name", "symbol", "uri", "creator");
    assertThat(tx.instructions().get(0).unreadBytes()).isEqualTo(14);
    assertThat(tx.instructions().get(1).args().u64("max_sol_cost")).isEqualTo(2);
    assertThat(tx.instructions().get(1).missingArgs()).containsExactly("track_volume");
    assertThat(tx.instructions().get(2).args().u64("amount")).isEqualTo(1);
    assertThat(tx.instructions().get(3).args().string("discriminator")).isEqualTo("010203");
    assertThat(tx.instructions().get(4).args().bool("track_volume")).isTrue();
  }

  @Test
  void badAccountIndexesAreProblemsAndOtherAccountsKeepTheirNames() {
    SubscribeUpdateTransactionInfo good = Txs.single(Keys.PUMP, BUY_ACCOUNTS,
        TestBorsh.instruction("buy").u64(1).u64(2).bytes());
    byte[] indexes = good.getTransaction().getMessage().getInstructions(0).getAccounts().toByteArray();
    indexes[2] = (byte) 200;
    SubscribeUpdateTransactionInfo.Builder bad = good.toBuilder();
    bad.getTransactionBuilder().getMessageBuilder().getInstructionsBuilder(0)
        .setAccounts(com.google.protobuf.ByteString.copyFrom(indexes));
    bad.getTransactionBuilder().getMessageBuilder()
        .addInstructions(dev.geyserpool.proto.solana.CompiledInstruction.newBuilder().setProgramIdIndex(99));

    DecodedTransaction tx = SolanaDecoder.transaction(bad.build(), 1);

    int table = good.getTransaction().getMessage().getAccountKeysCount();
    assertThat(tx.problems()).containsExactly(
        "top[0] pump buy: mint (account 2) index 200 is out of range (the account table has " + table
            + " keys: static + loaded writable + loaded readonly)",
        "top[1]: program id index 99 is out of range (the account table has " + table
            + " keys: static + loaded writable + loaded readonly)");
    DecodedInstruction buy = tx.instructions().get(0);
    assertThat(buy.account("mint")).isNull();
    assertThat(buy.account("bonding_curve")).isEqualTo(BUY_ACCOUNTS.get(3));
    assertThat(buy.accounts()).hasSize(15);
  }

  @Test
  void loadedAddressesResolveAfterTheStaticKeys() {
    SubscribeUpdateTransactionInfo good = Txs.single(Keys.PUMP, BUY_ACCOUNTS,
        TestBorsh.instruction("buy").u64(1).u64(2).bytes());
    SubscribeUpdateTransactionInfo.Builder b = good.toBuilder();
    int table = good.getTransaction().getMessage().getAccountKeysCount();
    b.getMetaBuilder().addLoadedWritableAddresses(Fixtures.key(Keys.fake(300)))
        .addLoadedReadonlyAddresses(Fixtures.key(Keys.fake(301)));
    byte[] indexes = good.getTransaction().getMessage().getInstructions(0).getAccounts().toByteArray();
    indexes[1] = (byte) table; // first loaded writable
    indexes[14] = (byte) (table + 1); // first loaded readonly
    b.getTransactionBuilder().getMessageBuilder().getInstructionsBuilder(0)
        .setAccounts(com.google.protobuf.ByteString.copyFrom(indexes));

    DecodedInstruction buy = SolanaDecoder.transaction(b.build(), 1).instructions().get(0);

    assertThat(buy.account("fee_recipient")).isEqualTo(Keys.fake(300));
    assertThat(buy.account("fee_config")).isEqualTo(Keys.fake(301));
  }

  @Test
  void unknownDiscriminatorKeepsTheRawBytesAndEveryAccount() {
    byte[] data = {1, 2, 3, 4, 5, 6, 7, 8, (byte) 0xAA, (byte) 0xBB};

    DecodedTransaction tx = SolanaDecoder.transaction(Txs.single(Keys.PUMP_AMM, Keys.fakes(1, 3), data), 1);

    DecodedInstruction ix = tx.instructions().get(0);
    assertThat(tx.problems()).isEmpty();
    assertThat(ix.name()).isEqualTo("unknown");
    assertThat(ix.args().string("discriminator")).isEqualTo("0102030405060708");
    assertThat(ix.args().string("data")).isEqualTo("aabb");
    assertThat(ix.accounts()).isEmpty();
    assertThat(ix.extraAccounts()).isEqualTo(Keys.fakes(1, 3));
  }

  @Test
  void unknownAndTruncatedEventsOfAKnownProgram() {
    DecodedTransaction tx = SolanaDecoder.transaction(new Txs()
        .top(Keys.PUMP, BUY_ACCOUNTS, TestBorsh.instruction("buy").u64(1).u64(2).bytes())
        .inner(Keys.PUMP, List.of(Keys.PUMP_EVENT_AUTHORITY), Txs.emitCpi(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 1}), 2)
        .inner(Keys.PUMP, List.of(Keys.PUMP_EVENT_AUTHORITY), Txs.emitCpi(new byte[] {9, 9, 9}), 2)
        .build(), 1);

    assertThat(tx.problems()).containsExactly("inner[0][1] pump event: 3 bytes, shorter than the 8-byte event discriminator");
    assertThat(tx.events()).hasSize(1);
    assertThat(tx.events().get(0).name()).isEqualTo("unknown");
    assertThat(tx.events().get(0).fields().string("discriminator")).isEqualTo("0909090909090909");
    assertThat(tx.events().get(0).fields().string("data")).isEqualTo("01");
  }

  @Test
  void vectorLongerThanTheDataIsAProblemNotAnAllocation() {
    byte[] event = Samples.tradeEvent();
    int shareholders = 8 + 274 + 16; // discriminator + fields through buyback_fee
    event[shareholders + 3] = 0x7F; // count 0x7F000000

    DecodedTransaction tx = SolanaDecoder.transaction(new Txs()
        .top(Keys.PUMP, BUY_ACCOUNTS, TestBorsh.instruction("buy").u64(1).u64(2).bytes())
        .inner(Keys.PUMP, List.of(Keys.PUMP_EVENT_AUTHORITY), Txs.emitCpi(event), 2)
        .build(), 1);

    assertThat(tx.problems()).containsExactly("inner[0][0] pump TradeEvent: shareholders at payload byte 290: "
        + "vector of 2130706432 items needs at least 72444018688 bytes, 56 left");
    assertThat(tx.events().get(0).fields().u64("buyback_fee")).isEqualTo(469_063L);
    assertThat(tx.events().get(0).fields().has("quote_mint")).isFalse();
  }

  @Test
  void u64AboveLongMaxIsExact() {
    byte[] data = TestBorsh.instruction("buy").u64(-1L).u64(Long.MAX_VALUE).bytes();

    DecodedInstruction ix = SolanaDecoder.transaction(Txs.single(Keys.PUMP, BUY_ACCOUNTS, data), 1).instructions().get(0);

    assertThat(ix.args().get("amount")).isEqualTo(new BigInteger("18446744073709551615"));
    assertThat(ix.args().bigInteger("amount")).isEqualTo(new BigInteger("18446744073709551615"));
    assertThat(ix.args().get("max_sol_cost")).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void failedTransactionDecodesInstructionsButCarriesNoEvents() {
    SubscribeUpdateTransactionInfo ok = Samples.yellowstone();
    SubscribeUpdateTransactionInfo failed = ok.toBuilder()
        .setMeta(ok.getMeta().toBuilder().setErr(dev.geyserpool.proto.solana.TransactionError.newBuilder()
            .setErr(com.google.protobuf.ByteString.copyFrom(new byte[] {8, 0, 0, 0}))))
        .build();

    DecodedTransaction tx = SolanaDecoder.transaction(failed, 1);
    DecodedTransaction fromLogs = SolanaDecoder.transaction(RpcTransactions.withoutInnerInstructions(failed), 1);

    assertThat(tx.failed()).isTrue();
    assertThat(tx.instructions()).extracting(DecodedInstruction::name).containsExactly("create_v2", "buy");
    assertThat(tx.events()).isEmpty();
    assertThat(fromLogs.events()).isEmpty();
    assertThat(SolanaDecoder.transaction(ok, 1).failed()).isFalse();
  }

  @Test
  void updateWithoutAMessageIsAProblem() {
    DecodedTransaction tx = SolanaDecoder.transaction(
        dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo.getDefaultInstance(), 1);

    assertThat(tx.problems()).containsExactly("the update carries no transaction message");
    assertThat(tx.instructions()).isEmpty();
  }

  private static DecodedEvent onlyEvent(String program, byte[] event) {
    DecodedTransaction tx = SolanaDecoder.transaction(new Txs()
        .top(program, BUY_ACCOUNTS, TestBorsh.instruction("buy").u64(1).u64(2).bytes())
        .inner(program, List.of(Keys.PUMP_EVENT_AUTHORITY), Txs.emitCpi(event), 2)
        .build(), 1);
    assertThat(tx.problems()).isEmpty();
    assertThat(tx.events()).hasSize(1);
    return tx.events().get(0);
  }
}
