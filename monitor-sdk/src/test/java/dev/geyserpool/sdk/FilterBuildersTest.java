package dev.geyserpool.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilter;
import dev.geyserpool.wire.MonitorGroup;
import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FilterBuildersTest {
  private static final String PUMP = TestKafka.PUMP;
  private static final String NOT_BASE58 = "has '0' at position 0, which is not base58 (0, O, I and l are never used)";
  private static final String FIX = "; pass the account's base58 address (32 bytes)";

  private static Monitor.Builder monitor(String id) {
    return Monitor.builder().id(id).group(MonitorGroup.HIGH).bootstrapServers("127.0.0.1:9").handler(new UpdateHandler() {});
  }

  @Test
  void buildersWriteYellowstoneFilters() {
    Monitor monitor = monitor("pump-all")
        .commitment(CommitmentLevel.CONFIRMED)
        .accountsDataSlice(0, 115)
        .filter(TransactionFilter.named("trades").vote(false).failed(false).accountInclude(PUMP)
            .accountExclude(TestKafka.RAYDIUM).accountRequired(PUMP))
        .filter(AccountFilter.named("curves").owner(PUMP).memcmp(0, HexFormat.of().parseHex("17b7f83760d8ac60"))
            .datasize(151).lamportsGt(1_000).nonemptyTxnSignature(true))
        .filter(BlockFilter.named("blocks").accountInclude(PUMP).includeTransactions(true).includeAccounts(false))
        .filter(BlockMetaFilter.named("meta"))
        .filter(SlotFilter.named("slots").filterByCommitment(true))
        .build();

    SubscribeRequest filters = monitor.declaration().getFilters();
    assertThat(filters.getCommitment()).isEqualTo(CommitmentLevel.CONFIRMED);
    assertThat(filters.getAccountsDataSlice(0).getLength()).isEqualTo(115);
    var trades = filters.getTransactionsOrThrow("trades");
    assertThat(trades.getVote()).isFalse();
    assertThat(trades.hasFailed()).isTrue();
    assertThat(trades.getAccountIncludeList()).containsExactly(PUMP);
    assertThat(trades.getAccountExcludeList()).containsExactly(TestKafka.RAYDIUM);
    assertThat(trades.getAccountRequiredList()).containsExactly(PUMP);
    var curves = filters.getAccountsOrThrow("curves");
    assertThat(curves.getOwnerList()).containsExactly(PUMP);
    assertThat(curves.getFiltersList()).extracting(SubscribeRequestFilterAccountsFilter::getFilterCase)
        .containsExactly(SubscribeRequestFilterAccountsFilter.FilterCase.MEMCMP,
            SubscribeRequestFilterAccountsFilter.FilterCase.DATASIZE,
            SubscribeRequestFilterAccountsFilter.FilterCase.LAMPORTS);
    assertThat(curves.getFilters(2).getLamports().getGt()).isEqualTo(1_000);
    assertThat(curves.getNonemptyTxnSignature()).isTrue();
    assertThat(filters.getBlocksOrThrow("blocks").getIncludeTransactions()).isTrue();
    assertThat(filters.getBlocksMetaMap()).containsKey("meta");
    assertThat(filters.getSlotsOrThrow("slots").getFilterByCommitment()).isTrue();
    assertThat(monitor.topics()).containsExactly("geyser.high.transactions", "geyser.high.accounts", "geyser.high.blocks");
  }

  static Stream<Arguments> badPubkeys() {
    return Stream.of(
        Arguments.of((Supplier<?>) () -> TransactionFilter.named("trades").accountInclude("0xdeadbeef"),
            "transactions.trades.account_include '0xdeadbeef' " + NOT_BASE58 + FIX),
        Arguments.of((Supplier<?>) () -> TransactionFilter.named("trades").accountExclude("0OIl"),
            "transactions.trades.account_exclude '0OIl' " + NOT_BASE58 + FIX),
        Arguments.of((Supplier<?>) () -> TransactionFilter.named("trades").accountRequired(""),
            "transactions.trades.account_required '' is empty; expected a base58 pubkey of 32 bytes" + FIX),
        Arguments.of((Supplier<?>) () -> AccountFilter.named("curves").owner("abc"),
            "accounts.curves.owner 'abc' decodes to 3 bytes; a pubkey is 32 bytes of base58" + FIX),
        Arguments.of((Supplier<?>) () -> AccountFilter.named("curves").account(PUMP, "0"),
            "accounts.curves.account '0' " + NOT_BASE58 + FIX),
        Arguments.of((Supplier<?>) () -> BlockFilter.named("b").accountInclude((String) null),
            "blocks.b.account_include 'null' is empty; expected a base58 pubkey of 32 bytes" + FIX),
        Arguments.of((Supplier<?>) () -> TransactionFilter.named("one").signature(PUMP),
            "transactions.one.signature '" + PUMP + "' is not a base58 signature of 64 bytes;"
                + " pass the transaction signature as base58"),
        Arguments.of((Supplier<?>) () -> AccountFilter.named("curves").memcmp(0, "0x17b7"),
            "accounts.curves.memcmp.base58 '0x17b7' is not base58; encode the bytes in base58 or pass them as byte[]"),
        Arguments.of((Supplier<?>) () -> AccountFilter.named("curves").memcmp(-1, new byte[] {1}),
            "accounts.curves.memcmp.offset is -1, but must be 0 or more"),
        Arguments.of((Supplier<?>) () -> AccountFilter.named("curves").datasize(-8),
            "accounts.curves.datasize is -8, but must be 0 or more"),
        Arguments.of((Supplier<?>) () -> monitor("x").accountsDataSlice(0, -1),
            "accounts_data_slice length is -1, but must be 0 or more"));
  }

  @ParameterizedTest
  @MethodSource("badPubkeys")
  void rejectsBadValuesOnTheSpotNamingFieldValueAndFix(Supplier<?> call, String message) {
    assertThatThrownBy(call::get).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void rejectsTwoFiltersOfOneKindWithOneName() {
    Monitor.Builder builder = monitor("twice").filter(TestKafka.trades());
    assertThatThrownBy(() -> builder.filter(TransactionFilter.named("trades")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("transactions filter 'trades' is declared twice; give each filter of a kind its own name");
    // One name in two kinds is fine: Yellowstone names filters per kind.
    builder.filter(AccountFilter.named("trades").owner(PUMP));
  }

  @Test
  void equalFiltersAddedInAnyOrderHaveOneDigest() {
    Monitor first = monitor("order").filter(TestKafka.trades()).filter(AccountFilter.named("a").owner(PUMP))
        .filter(AccountFilter.named("b").owner(PUMP)).build();
    Monitor second = monitor("order").filter(AccountFilter.named("b").owner(PUMP))
        .filter(AccountFilter.named("a").owner(PUMP)).filter(TestKafka.trades()).build();

    assertThat(second.filtersDigest()).isEqualTo(first.filtersDigest()).matches("[0-9a-f]{64}");
    assertThat(second.instanceId()).isNotEqualTo(first.instanceId());
  }

  @Test
  void digestIsSha256OfTheFiltersBytes() throws Exception {
    SubscribeRequest filters = monitor("digest").filter(TestKafka.trades()).build().declaration().getFilters();
    String expected = HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(filters.toByteArray()));

    assertThat(Declarations.filtersDigest(filters)).isEqualTo(expected);
    assertThat(Declarations.filtersDigest(SubscribeRequest.parseFrom(filters.toByteArray()))).isEqualTo(expected);
  }
}
