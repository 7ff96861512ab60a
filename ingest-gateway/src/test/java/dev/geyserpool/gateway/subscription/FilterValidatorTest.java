package dev.geyserpool.gateway.subscription;

import static dev.geyserpool.gateway.subscription.FilterKind.Keys.PUMP;
import static dev.geyserpool.gateway.subscription.FilterKind.Keys.SPL_TOKEN;
import static dev.geyserpool.gateway.subscription.FilterKind.Keys.SYSTEM_PROGRAM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.wire.FilterValidator;
import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.proto.geyser.CuckooFilter;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestAccountsDataSlice;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccounts;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilter;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilterLamports;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilterMemcmp;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterBlocks;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterBlocksMeta;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterSlots;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.geyser.SubscribeRequestPing;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.sim.FilterMatcher;
import dev.geyserpool.sim.InvalidFilterException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FilterValidatorTest {
  private static final String ID = "pump-trades";
  /** Anchor discriminator of Pump.fun's BondingCurve account: sha256("account:BondingCurve")[..8]. */
  private static final byte[] BONDING_CURVE_DISCRIMINATOR = HexFormat.of().parseHex("17b7f83760d8ac60");

  // ---- the whole declaration ---------------------------------------------------------------

  @Test
  void acceptsRealisticPumpFunDeclaration() {
    SubscribeRequest filters = SubscribeRequest.newBuilder()
        .putAccounts("bonding-curves", SubscribeRequestFilterAccounts.newBuilder()
            .addOwner(PUMP)
            .addFilters(memcmp(m -> m.setOffset(0).setBytes(ByteString.copyFrom(BONDING_CURVE_DISCRIMINATOR))))
            .addFilters(SubscribeRequestFilterAccountsFilter.newBuilder().setDatasize(151))
            .build())
        .putTransactions("trades", SubscribeRequestFilterTransactions.newBuilder()
            .setVote(false).setFailed(false)
            .addAccountInclude(PUMP)
            .addAccountExclude(SYSTEM_PROGRAM)
            .build())
        .putTransactionsStatus("trade-status", SubscribeRequestFilterTransactions.newBuilder()
            .addAccountRequired(PUMP).addAccountRequired(SPL_TOKEN).build())
        .putBlocks("pump-blocks", SubscribeRequestFilterBlocks.newBuilder()
            .addAccountInclude(PUMP).setIncludeTransactions(true).build())
        .putBlocksMeta("meta", SubscribeRequestFilterBlocksMeta.getDefaultInstance())
        .putSlots("slots", SubscribeRequestFilterSlots.newBuilder().setFilterByCommitment(true).build())
        .setCommitment(CommitmentLevel.CONFIRMED)
        .addAccountsDataSlice(SubscribeRequestAccountsDataSlice.newBuilder().setOffset(0).setLength(115))
        .build();
    MonitorDeclaration declaration = MonitorDeclaration.newBuilder()
        .setMonitorId(ID).setGroup("high").setPriority(2).setInstanceId("trader-1").setFilters(filters).build();

    assertThat(FilterValidator.problems(declaration)).isEmpty();
  }

  @Test
  void realisticPumpFunDeclarationIsAlsoAcceptedByTheSimulatedProvider() throws Exception {
    // The validator exists so that Yellowstone never ends a shared stream; the simulator applies
    // Yellowstone's rules, so an accepted declaration must compile there once merged.
    MonitorDeclaration declaration = declaration(SubscribeRequest.newBuilder()
        .putAccounts("bonding-curves", SubscribeRequestFilterAccounts.newBuilder()
            .addOwner(PUMP)
            .addFilters(memcmp(m -> m.setBase58(Base58.encode(BONDING_CURVE_DISCRIMINATOR))))
            .build())
        .putTransactions("trades", SubscribeRequestFilterTransactions.newBuilder().addAccountInclude(PUMP).build()));

    assertThat(FilterValidator.problems(declaration)).isEmpty();
    FilterMatcher.compile(SubscriptionMerger.merge(List.of(declaration)));
  }

  @Test
  void reportsEveryProblemOfADeclaration() {
    MonitorDeclaration declaration = MonitorDeclaration.newBuilder()
        .setMonitorId(ID)
        .setGroup("urgent")
        .setFilters(SubscribeRequest.newBuilder()
            .setFromSlot(1_000)
            .putAccounts("curves", SubscribeRequestFilterAccounts.newBuilder()
                .addOwner("111")
                .addFilters(SubscribeRequestFilterAccountsFilter.getDefaultInstance())
                .build())
            .putTransactions("trades", SubscribeRequestFilterTransactions.newBuilder()
                .setSignature("not-a-signature")
                .build())
            .putBlocksMeta("bad name", SubscribeRequestFilterBlocksMeta.getDefaultInstance()))
        .build();

    assertThat(FilterValidator.problems(declaration)).containsExactlyInAnyOrder(
        "unknown monitor group 'urgent'; use one of high, medium, low",
        "filters of monitor pump-trades set from_slot or ping; leave them out: the gateway resumes and pings streams itself",
        "filter name 'bad name' must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'",
        "monitor pump-trades: accounts.curves.owner[0] '111' decodes to 3 bytes; a pubkey is 32 bytes of base58",
        "monitor pump-trades: accounts.curves has an empty data filter; set memcmp, datasize, lamports or token_account_state",
        "monitor pump-trades: transactions.trades.signature 'not-a-signature' is not a base58 signature of 64 bytes");
  }

  // ---- monitor id, group, stream-wide fields -----------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"", "Pump-Trades", "_pool", "-trades", ".trades", "pump/trades", "pump trades", "pümp",
      "a1234567890123456789012345678901234567890123456789012345678901234"})
  void rejectsBadMonitorId(String id) {
    MonitorDeclaration declaration = declaration(slotsOnly()).toBuilder().setMonitorId(id).build();

    assertThat(FilterValidator.problems(declaration)).containsExactly(
        "monitor id '" + id + "' must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"p", "0", "pump.fun_trades-v2", "a123456789012345678901234567890123456789012345678901234567890123"})
  void acceptsMonitorIdsOfOneToSixtyFourAllowedCharacters(String id) {
    MonitorDeclaration declaration = declaration(slotsOnly()).toBuilder().setMonitorId(id).build();

    assertThat(FilterValidator.problems(declaration)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "urgent", "highest", "hi gh", "critical"})
  void rejectsUnknownGroup(String group) {
    MonitorDeclaration declaration = declaration(slotsOnly()).toBuilder().setGroup(group).build();

    assertThat(FilterValidator.problems(declaration))
        .containsExactly("unknown monitor group '" + group + "'; use one of high, medium, low");
  }

  @ParameterizedTest
  @ValueSource(strings = {"high", "MEDIUM", "Low", " low "})
  void acceptsKnownGroupInAnyCase(String group) {
    MonitorDeclaration declaration = declaration(slotsOnly()).toBuilder().setGroup(group).build();

    assertThat(FilterValidator.problems(declaration)).isEmpty();
  }

  static Stream<Arguments> fromSlotOrPing() {
    return Stream.of(
        arguments("from_slot", slotsOnly().setFromSlot(350_000_000L)),
        arguments("from_slot 0", slotsOnly().setFromSlot(0)),
        arguments("ping", slotsOnly().setPing(SubscribeRequestPing.newBuilder().setId(1))),
        arguments("empty ping", slotsOnly().setPing(SubscribeRequestPing.getDefaultInstance())),
        arguments("both", slotsOnly().setFromSlot(1).setPing(SubscribeRequestPing.newBuilder().setId(1))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fromSlotOrPing")
  void rejectsFromSlotOrPingOnce(String what, SubscribeRequest.Builder filters) {
    assertThat(FilterValidator.problems(declaration(filters))).containsExactly(
        "filters of monitor pump-trades set from_slot or ping; leave them out: the gateway resumes and pings streams itself");
  }

  static Stream<Arguments> noFilter() {
    return Stream.of(
        arguments("nothing", SubscribeRequest.newBuilder()),
        arguments("commitment only", SubscribeRequest.newBuilder().setCommitment(CommitmentLevel.FINALIZED)),
        arguments("data slice only", SubscribeRequest.newBuilder()
            .addAccountsDataSlice(SubscribeRequestAccountsDataSlice.newBuilder().setOffset(0).setLength(8))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("noFilter")
  void rejectsDeclarationWithoutAnyFilter(String what, SubscribeRequest.Builder filters) {
    assertThat(FilterValidator.problems(declaration(filters))).containsExactly(
        "monitor pump-trades declares no filter; add at least one accounts, transactions, transactions_status,"
            + " blocks, blocks_meta or slots filter");
  }

  @Test
  void rejectsDeclarationWhoseFiltersAreUnset() {
    MonitorDeclaration declaration = MonitorDeclaration.newBuilder().setMonitorId(ID).setGroup("low").build();

    assertThat(FilterValidator.problems(declaration)).containsExactly(
        "monitor pump-trades declares no filter; add at least one accounts, transactions, transactions_status,"
            + " blocks, blocks_meta or slots filter");
  }

  @ParameterizedTest
  @EnumSource(FilterKind.class)
  void acceptsAnyFilterKindAsTheOnlyFilter(FilterKind kind) {
    SubscribeRequest.Builder filters = SubscribeRequest.newBuilder();
    kind.put(filters, "only");

    assertThat(FilterValidator.problems(declaration(filters))).isEmpty();
  }

  // ---- filter names ------------------------------------------------------------------------

  static Stream<Arguments> badFilterNames() {
    List<String> names = List.of("", "bad name", "pump/trades", "trades!", "ümlaut",
        "a1234567890123456789012345678901234567890123456789012345678901234");
    List<Arguments> cases = new ArrayList<>();
    for (FilterKind kind : FilterKind.values()) {
      for (String name : names) {
        cases.add(arguments(kind, name,
            "filter name '" + name + "' must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'"));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} ''{1}''")
  @MethodSource("badFilterNames")
  void rejectsBadFilterNameOfEveryKind(FilterKind kind, String name, String message) {
    SubscribeRequest.Builder filters = SubscribeRequest.newBuilder();
    kind.put(filters, name);

    assertThat(FilterValidator.problems(declaration(filters))).containsExactly(message);
  }

  @ParameterizedTest
  @EnumSource(FilterKind.class)
  void rejectsQualifiedFilterNameOver128Bytes(FilterKind kind) {
    String id = "m" + "x".repeat(63); // 64 characters, the longest id
    String name = "F" + "y".repeat(63); // 64 characters, the longest name
    SubscribeRequest.Builder filters = SubscribeRequest.newBuilder();
    kind.put(filters, name);
    MonitorDeclaration declaration = declaration(filters).toBuilder().setMonitorId(id).build();

    assertThat(FilterValidator.problems(declaration)).containsExactly(
        "filter name '" + id + "/" + name + "' is 129 bytes; Yellowstone allows at most 128:"
            + " shorten the monitor id or filter name");
  }

  @ParameterizedTest
  @EnumSource(FilterKind.class)
  void acceptsQualifiedFilterNameOfExactly128Bytes(FilterKind kind) {
    String id = "m" + "x".repeat(62); // 63 + '/' + 64 = 128 bytes
    String name = "F" + "y".repeat(63);
    SubscribeRequest.Builder filters = SubscribeRequest.newBuilder();
    kind.put(filters, name);
    MonitorDeclaration declaration = declaration(filters).toBuilder().setMonitorId(id).build();

    assertThat(FilterValidator.problems(declaration)).isEmpty();
  }

  // ---- accounts ----------------------------------------------------------------------------

  static Stream<Arguments> badPubkeys() {
    return Stream.of(
        arguments("", "is empty; expected a base58 pubkey of 32 bytes"),
        arguments("0x6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P",
            "has '0' at position 0, which is not base58 (0, O, I and l are never used)"),
        arguments("6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6O",
            "has 'O' at position 42, which is not base58 (0, O, I and l are never used)"),
        arguments("pump.fun", "has '.' at position 4, which is not base58 (0, O, I and l are never used)"),
        arguments("111", "decodes to 3 bytes; a pubkey is 32 bytes of base58"),
        arguments("1".repeat(31), "decodes to 31 bytes; a pubkey is 32 bytes of base58"),
        arguments("1".repeat(33), "decodes to 33 bytes; a pubkey is 32 bytes of base58"));
  }

  static Stream<Arguments> badAccountPubkeys() {
    return badPubkeys().flatMap(a -> Stream.of("account", "owner")
        .map(field -> arguments(field, a.get()[0], a.get()[1])));
  }

  @ParameterizedTest(name = "{0} ''{1}''")
  @MethodSource("badAccountPubkeys")
  void rejectsBadPubkeyInAccountFilter(String field, String key, String problem) {
    SubscribeRequestFilterAccounts.Builder f = SubscribeRequestFilterAccounts.newBuilder();
    List<String> keys = List.of(PUMP, key); // the bad key is the second: the index must say so
    if (field.equals("account")) {
      f.addAllAccount(keys);
    } else {
      f.addAllOwner(keys);
    }

    assertThat(FilterValidator.problems(accounts(f))).containsExactly(
        "monitor pump-trades: accounts.curves." + field + "[1] '" + key + "' " + problem);
  }

  @Test
  void rejectsCuckooAccountsFilter() {
    SubscribeRequestFilterAccounts.Builder f = SubscribeRequestFilterAccounts.newBuilder()
        .setCuckooAccountsFilter(CuckooFilter.newBuilder().setData(ByteString.copyFrom(new byte[64])).setBucketCount(8));

    assertThat(FilterValidator.problems(accounts(f))).containsExactly(
        "monitor pump-trades: accounts.curves uses a cuckoo filter, which the gateway does not forward;"
            + " list the accounts instead");
  }

  @ParameterizedTest
  @ValueSource(ints = {5, 6, 12})
  void rejectsMoreThanFourDataFilters(int count) {
    SubscribeRequestFilterAccounts.Builder f = SubscribeRequestFilterAccounts.newBuilder().addOwner(PUMP);
    for (int i = 0; i < count; i++) {
      f.addFilters(memcmp(m -> m.setOffset(0).setBytes(ByteString.copyFrom(BONDING_CURVE_DISCRIMINATOR))));
    }

    assertThat(FilterValidator.problems(accounts(f))).containsExactly(
        "monitor pump-trades: accounts.curves has " + count + " data filters; Yellowstone allows at most 4:"
            + " split it into several account filters");
  }

  @Test
  void acceptsFourDataFiltersOfEveryKind() {
    SubscribeRequestFilterAccounts.Builder f = SubscribeRequestFilterAccounts.newBuilder().addOwner(PUMP)
        .addFilters(memcmp(m -> m.setBytes(ByteString.copyFrom(BONDING_CURVE_DISCRIMINATOR))))
        .addFilters(SubscribeRequestFilterAccountsFilter.newBuilder().setDatasize(151))
        .addFilters(SubscribeRequestFilterAccountsFilter.newBuilder()
            .setLamports(SubscribeRequestFilterAccountsFilterLamports.newBuilder().setGt(1_000_000)))
        .addFilters(SubscribeRequestFilterAccountsFilter.newBuilder().setTokenAccountState(true));

    assertThat(FilterValidator.problems(accounts(f))).isEmpty();
  }

  @Test
  void rejectsEmptyDataFilter() {
    SubscribeRequestFilterAccounts.Builder f = SubscribeRequestFilterAccounts.newBuilder().addOwner(PUMP)
        .addFilters(SubscribeRequestFilterAccountsFilter.newBuilder().setDatasize(151))
        .addFilters(SubscribeRequestFilterAccountsFilter.getDefaultInstance());

    assertThat(FilterValidator.problems(accounts(f))).containsExactly(
        "monitor pump-trades: accounts.curves has an empty data filter; set memcmp, datasize, lamports or token_account_state");
  }

  static Stream<Arguments> oversizedMemcmp() {
    return Stream.of(129, 200).flatMap(n -> Stream.of(
        arguments("bytes", n, memcmp(m -> m.setBytes(ByteString.copyFrom(filled(n))))),
        arguments("base58", n, memcmp(m -> m.setBase58(Base58.encode(filled(n))))),
        arguments("base58 of zeros", n, memcmp(m -> m.setBase58("1".repeat(n)))),
        arguments("base64", n, memcmp(m -> m.setBase64(Base64.getEncoder().encodeToString(filled(n)))))));
  }

  @ParameterizedTest(name = "{0} of {1} bytes")
  @MethodSource("oversizedMemcmp")
  void rejectsMemcmpOver128BytesInEveryForm(String form, int bytes, SubscribeRequestFilterAccountsFilter memcmp) {
    SubscribeRequestFilterAccounts.Builder f = SubscribeRequestFilterAccounts.newBuilder().addOwner(PUMP).addFilters(memcmp);

    assertThat(FilterValidator.problems(accounts(f))).containsExactly(
        "monitor pump-trades: accounts.curves.memcmp compares " + bytes + " bytes; Yellowstone allows at most 128:"
            + " compare a shorter prefix");
  }

  static Stream<Arguments> memcmpOf128Bytes() {
    return Stream.of(
        arguments("bytes", memcmp(m -> m.setBytes(ByteString.copyFrom(filled(128))))),
        arguments("base58", memcmp(m -> m.setBase58(Base58.encode(filled(128))))),
        arguments("base58 of zeros", memcmp(m -> m.setBase58("1".repeat(128)))),
        arguments("base64", memcmp(m -> m.setBase64(Base64.getEncoder().encodeToString(filled(128))))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("memcmpOf128Bytes")
  void acceptsMemcmpOfExactly128BytesInEveryForm(String form, SubscribeRequestFilterAccountsFilter memcmp) {
    SubscribeRequestFilterAccounts.Builder f = SubscribeRequestFilterAccounts.newBuilder().addOwner(PUMP).addFilters(memcmp);

    assertThat(FilterValidator.problems(accounts(f))).isEmpty();
  }

  static Stream<Arguments> undecodableMemcmp() {
    String base58 = "monitor pump-trades: accounts.curves.memcmp.base58 is not base58;"
        + " encode the bytes in base58 or use the bytes field";
    String base64 = "monitor pump-trades: accounts.curves.memcmp.base64 is not base64;"
        + " encode the bytes in base64 or use the bytes field";
    return Stream.of(
        arguments(memcmp(m -> m.setBase58("0OIl")), base58),
        arguments(memcmp(m -> m.setBase58("F8ZA+g==")), base58),
        arguments(memcmp(m -> m.setBase58("3yZe7d ")), base58),
        arguments(memcmp(m -> m.setBase64("not base64!")), base64),
        arguments(memcmp(m -> m.setBase64("F8f4N2DYrGA=x")), base64),
        arguments(memcmp(m -> m.setBase64("F8f4N2DYrGA_")), base64));
  }

  @ParameterizedTest
  @MethodSource("undecodableMemcmp")
  void rejectsUndecodableMemcmp(SubscribeRequestFilterAccountsFilter memcmp, String message) {
    SubscribeRequestFilterAccounts.Builder f = SubscribeRequestFilterAccounts.newBuilder().addOwner(PUMP).addFilters(memcmp);

    assertThat(FilterValidator.problems(accounts(f))).containsExactly(message);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 8, 1_000})
  void rejectsMemcmpWithoutData(long offset) {
    SubscribeRequestFilterAccounts.Builder f = SubscribeRequestFilterAccounts.newBuilder().addOwner(PUMP)
        .addFilters(memcmp(m -> m.setOffset(offset)));

    assertThat(FilterValidator.problems(accounts(f))).containsExactly(
        "monitor pump-trades: accounts.curves.memcmp has no data; set bytes, base58 or base64");
  }

  // ---- transactions and transactions_status ------------------------------------------------

  static Stream<Arguments> badTransactionPubkeys() {
    return badPubkeys().flatMap(a -> Stream.of(FilterKind.TRANSACTIONS, FilterKind.TRANSACTIONS_STATUS)
        .flatMap(kind -> Stream.of("account_include", "account_exclude", "account_required")
            .map(field -> arguments(kind, field, a.get()[0], a.get()[1]))));
  }

  @ParameterizedTest(name = "{0} {1} ''{2}''")
  @MethodSource("badTransactionPubkeys")
  void rejectsBadPubkeyInTransactionFilter(FilterKind kind, String field, String key, String problem) {
    SubscribeRequestFilterTransactions.Builder f = SubscribeRequestFilterTransactions.newBuilder();
    List<String> keys = List.of(PUMP, SPL_TOKEN, key); // the bad key is the third
    switch (field) {
      case "account_include" -> f.addAllAccountInclude(keys);
      case "account_exclude" -> f.addAllAccountExclude(keys);
      default -> f.addAllAccountRequired(keys);
    }

    assertThat(FilterValidator.problems(transactions(kind, f))).containsExactly(
        "monitor pump-trades: " + kindName(kind) + ".trades." + field + "[2] '" + key + "' " + problem);
  }

  static Stream<Arguments> badSignatures() {
    List<String> signatures = List.of(
        "",
        "1".repeat(63), // 63 bytes
        "1".repeat(65), // 65 bytes
        PUMP, // a pubkey: 32 bytes
        "5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW0",
        "not-a-signature");
    return Stream.of(FilterKind.TRANSACTIONS, FilterKind.TRANSACTIONS_STATUS)
        .flatMap(kind -> signatures.stream().map(sig -> arguments(kind, sig)));
  }

  @ParameterizedTest(name = "{0} ''{1}''")
  @MethodSource("badSignatures")
  void rejectsSignatureThatIsNotSixtyFourBytesOfBase58(FilterKind kind, String signature) {
    SubscribeRequestFilterTransactions.Builder f = SubscribeRequestFilterTransactions.newBuilder().setSignature(signature);

    assertThat(FilterValidator.problems(transactions(kind, f))).containsExactly(
        "monitor pump-trades: " + kindName(kind) + ".trades.signature '" + signature
            + "' is not a base58 signature of 64 bytes");
  }

  @ParameterizedTest
  @EnumSource(value = FilterKind.class, names = {"TRANSACTIONS", "TRANSACTIONS_STATUS"})
  void acceptsSignatureOfSixtyFourBytes(FilterKind kind) {
    byte[] signature = filled(64);
    SubscribeRequestFilterTransactions.Builder f =
        SubscribeRequestFilterTransactions.newBuilder().setSignature(Base58.encode(signature));

    assertThat(FilterValidator.problems(transactions(kind, f))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = FilterKind.class, names = {"TRANSACTIONS", "TRANSACTIONS_STATUS"})
  void rejectsCuckooTransactionFilter(FilterKind kind) {
    SubscribeRequestFilterTransactions.Builder f = SubscribeRequestFilterTransactions.newBuilder()
        .setCuckooAccountInclude(CuckooFilter.newBuilder().setData(ByteString.copyFrom(new byte[64])));

    assertThat(FilterValidator.problems(transactions(kind, f))).containsExactly(
        "monitor pump-trades: " + kindName(kind) + ".trades uses a cuckoo filter, which the gateway does not forward;"
            + " list the accounts instead");
  }

  // ---- blocks ------------------------------------------------------------------------------

  @ParameterizedTest(name = "''{0}''")
  @MethodSource("badPubkeys")
  void rejectsBadPubkeyInBlocksAccountInclude(String key, String problem) {
    SubscribeRequest.Builder filters = SubscribeRequest.newBuilder().putBlocks("pump-blocks",
        SubscribeRequestFilterBlocks.newBuilder().addAccountInclude(PUMP).addAccountInclude(key).build());

    assertThat(FilterValidator.problems(declaration(filters))).containsExactly(
        "monitor pump-trades: blocks.pump-blocks.account_include[1] '" + key + "' " + problem);
  }

  // ---- gaps: rules the provider enforces that the validator does not check -----------------

  @Test
  void rejectsCuckooBlocksFilter() {
    SubscribeRequest.Builder filters = SubscribeRequest.newBuilder().putBlocks("pump-blocks",
        SubscribeRequestFilterBlocks.newBuilder()
            .setCuckooAccountInclude(CuckooFilter.newBuilder().setData(ByteString.copyFrom(new byte[64])))
            .build());

    assertThat(FilterValidator.problems(declaration(filters))).containsExactly(
        "monitor pump-trades: blocks.pump-blocks uses a cuckoo filter, which the gateway does not forward;"
            + " list the accounts instead");
  }

  @Test
  void rejectsUnknownCommitment() {
    MonitorDeclaration declaration = declaration(slotsOnly().setCommitmentValue(7));

    assertThat(FilterValidator.problems(declaration)).hasSize(1);
    assertThat(FilterValidator.problems(declaration).get(0)).contains("commitment");
  }

  static Stream<Arguments> refusedByProvider() {
    Function<SubscribeRequestFilterAccountsFilter.Builder, SubscribeRequest.Builder> accountsWith = data ->
        SubscribeRequest.newBuilder().putAccounts("curves",
            SubscribeRequestFilterAccounts.newBuilder().addOwner(PUMP).addFilters(data).build());
    return Stream.of(
        arguments("token_account_state false",
            accountsWith.apply(SubscribeRequestFilterAccountsFilter.newBuilder().setTokenAccountState(false))),
        arguments("lamports without comparison",
            accountsWith.apply(SubscribeRequestFilterAccountsFilter.newBuilder()
                .setLamports(SubscribeRequestFilterAccountsFilterLamports.getDefaultInstance()))),
        arguments("data slices out of order", slotsOnly()
            .addAccountsDataSlice(SubscribeRequestAccountsDataSlice.newBuilder().setOffset(32).setLength(8))
            .addAccountsDataSlice(SubscribeRequestAccountsDataSlice.newBuilder().setOffset(0).setLength(8))),
        arguments("overlapping data slices", slotsOnly()
            .addAccountsDataSlice(SubscribeRequestAccountsDataSlice.newBuilder().setOffset(0).setLength(16))
            .addAccountsDataSlice(SubscribeRequestAccountsDataSlice.newBuilder().setOffset(8).setLength(8))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedByProvider")
  void rejectsWhatTheProviderRefuses(String what, SubscribeRequest.Builder filters) {
    MonitorDeclaration declaration = declaration(filters);
    assertThatThrownBy(() -> FilterMatcher.compile(SubscriptionMerger.merge(List.of(declaration))))
        .isInstanceOf(InvalidFilterException.class);

    assertThat(FilterValidator.problems(declaration)).hasSize(1);
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static MonitorDeclaration declaration(SubscribeRequest.Builder filters) {
    return MonitorDeclaration.newBuilder().setMonitorId(ID).setGroup("high").setFilters(filters).build();
  }

  private static SubscribeRequest.Builder slotsOnly() {
    return SubscribeRequest.newBuilder().putSlots("slots", SubscribeRequestFilterSlots.getDefaultInstance());
  }

  private static MonitorDeclaration accounts(SubscribeRequestFilterAccounts.Builder f) {
    return declaration(SubscribeRequest.newBuilder().putAccounts("curves", f.build()));
  }

  private static MonitorDeclaration transactions(FilterKind kind, SubscribeRequestFilterTransactions.Builder f) {
    SubscribeRequest.Builder filters = SubscribeRequest.newBuilder();
    if (kind == FilterKind.TRANSACTIONS) {
      filters.putTransactions("trades", f.build());
    } else {
      filters.putTransactionsStatus("trades", f.build());
    }
    return declaration(filters);
  }

  private static String kindName(FilterKind kind) {
    return kind == FilterKind.TRANSACTIONS ? "transactions" : "transactions_status";
  }

  private static SubscribeRequestFilterAccountsFilter memcmp(
      Consumer<SubscribeRequestFilterAccountsFilterMemcmp.Builder> data) {
    SubscribeRequestFilterAccountsFilterMemcmp.Builder memcmp = SubscribeRequestFilterAccountsFilterMemcmp.newBuilder();
    data.accept(memcmp);
    return SubscribeRequestFilterAccountsFilter.newBuilder().setMemcmp(memcmp).build();
  }

  private static byte[] filled(int length) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) 0xA7);
    return bytes;
  }

  @Test
  void rejectsEntryAndBlockFooterFiltersNoTopicCarries() {
    SubscribeRequest.Builder filters = SubscribeRequest.newBuilder()
        .putSlots("slots", SubscribeRequestFilterSlots.getDefaultInstance())
        .putEntry("entries", dev.geyserpool.proto.geyser.SubscribeRequestFilterEntry.getDefaultInstance());
    assertThat(FilterValidator.problems(declaration(filters))).containsExactly(
        "monitor pump-trades declares entry or block_footer filters, which no geyser-pool topic carries;"
            + " remove them (use blocks or blocks_meta for per-block data)");
  }
}
