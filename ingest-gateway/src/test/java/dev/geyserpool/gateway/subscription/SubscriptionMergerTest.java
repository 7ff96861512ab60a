package dev.geyserpool.gateway.subscription;

import static dev.geyserpool.gateway.subscription.FilterKind.Keys.PUMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.google.protobuf.ByteString;
import dev.geyserpool.wire.FilterValidator;
import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestAccountsDataSlice;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccounts;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilter;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilterMemcmp;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterBlockFooter;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterBlocksMeta;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterSlots;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.geyser.SubscribeRequestPing;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SubscriptionMergerTest {
  private static final SubscribeRequestAccountsDataSlice HEAD = slice(0, 40);
  private static final SubscribeRequestAccountsDataSlice RESERVES = slice(48, 16);

  @Test
  void poolSlotsFilterIsNamedOutsideEveryMonitorsNamespace() {
    // Monitor ids start with a letter or digit, so '_pool' can never be one.
    assertThat(SubscriptionMerger.POOL_SLOTS_FILTER).isEqualTo("_pool/slots");
  }

  @ParameterizedTest
  @EnumSource(FilterKind.class)
  void qualifiesEveryFilterNameWithItsMonitorId(FilterKind kind) {
    SubscribeRequest.Builder alpha = SubscribeRequest.newBuilder();
    kind.put(alpha, "main");
    kind.put(alpha, "second");
    SubscribeRequest.Builder beta = SubscribeRequest.newBuilder();
    kind.put(beta, "main"); // the same local name as alpha's: the qualified names still differ

    SubscribeRequest merged = SubscriptionMerger.merge(List.of(monitor("alpha", alpha), monitor("beta", beta)));

    List<String> expected = new ArrayList<>(List.of("alpha/main", "alpha/second", "beta/main"));
    if (kind == FilterKind.SLOTS) {
      expected.add(SubscriptionMerger.POOL_SLOTS_FILTER);
    }
    assertThat(kind.names(merged)).containsExactlyInAnyOrderElementsOf(expected);
    for (FilterKind other : FilterKind.values()) {
      if (other != kind && other != FilterKind.SLOTS) {
        assertThat(other.names(merged)).as(other.name()).isEmpty();
      }
    }
  }

  @Test
  void carriesEachFilterUnchanged() {
    SubscribeRequestFilterAccounts curves = SubscribeRequestFilterAccounts.newBuilder()
        .addOwner(PUMP)
        .addFilters(SubscribeRequestFilterAccountsFilter.newBuilder().setMemcmp(
            SubscribeRequestFilterAccountsFilterMemcmp.newBuilder()
                .setOffset(0).setBytes(ByteString.copyFrom(HexFormat.of().parseHex("17b7f83760d8ac60")))))
        .addFilters(SubscribeRequestFilterAccountsFilter.newBuilder().setDatasize(151))
        .build();
    SubscribeRequestFilterTransactions trades = SubscribeRequestFilterTransactions.newBuilder()
        .setVote(false).setFailed(false).addAccountInclude(PUMP).build();
    SubscribeRequestFilterSlots ownSlots = SubscribeRequestFilterSlots.newBuilder()
        .setFilterByCommitment(false).setInterslotUpdates(true).build();
    MonitorDeclaration pump = monitor("pump", SubscribeRequest.newBuilder()
        .putAccounts("curves", curves)
        .putTransactions("trades", trades)
        .putTransactionsStatus("trades", trades)
        .putSlots("slots", ownSlots));

    SubscribeRequest merged = SubscriptionMerger.merge(List.of(pump));

    assertThat(merged.getAccountsMap()).containsExactlyEntriesOf(Map.of("pump/curves", curves));
    assertThat(merged.getTransactionsMap()).containsExactlyEntriesOf(Map.of("pump/trades", trades));
    assertThat(merged.getTransactionsStatusMap()).containsExactlyEntriesOf(Map.of("pump/trades", trades));
    assertThat(merged.getSlotsMap()).containsEntry("pump/slots", ownSlots);
  }

  static Stream<Arguments> monitorSets() {
    return Stream.of(
        arguments("one accounts monitor", List.of(monitor("pump", accounts()))),
        arguments("one monitor with its own slots filter", List.of(monitor("pump", SubscribeRequest.newBuilder()
            .putSlots("slots", SubscribeRequestFilterSlots.newBuilder().setFilterByCommitment(false).build())))),
        arguments("a monitor with a slots filter named like the pool's", List.of(monitor("pool", SubscribeRequest.newBuilder()
            .putSlots("slots", SubscribeRequestFilterSlots.newBuilder().setFilterByCommitment(false).build())))),
        arguments("three monitors", List.of(
            monitor("a", accounts()), monitor("b", transactions()), monitor("c", blocksMeta()))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("monitorSets")
  void alwaysAddsThePoolSlotsFilterFilteredByCommitment(String what, List<MonitorDeclaration> monitors) {
    SubscribeRequest merged = SubscriptionMerger.merge(monitors);

    assertThat(merged.getSlotsMap()).containsKey(SubscriptionMerger.POOL_SLOTS_FILTER);
    SubscribeRequestFilterSlots pool = merged.getSlotsMap().get(SubscriptionMerger.POOL_SLOTS_FILTER);
    assertThat(pool.hasFilterByCommitment()).isTrue();
    assertThat(pool.getFilterByCommitment()).isTrue();
  }

  @Test
  void keepsAMonitorsOwnSlotsFilterBesideThePoolOne() {
    SubscribeRequestFilterSlots every = SubscribeRequestFilterSlots.newBuilder().setFilterByCommitment(false).build();

    SubscribeRequest merged = SubscriptionMerger.merge(List.of(monitor("pool", SubscribeRequest.newBuilder()
        .putSlots("slots", every))));

    assertThat(merged.getSlotsMap()).containsOnlyKeys("pool/slots", SubscriptionMerger.POOL_SLOTS_FILTER);
    assertThat(merged.getSlotsMap().get("pool/slots")).isEqualTo(every);
  }

  @ParameterizedTest
  @EnumSource(value = CommitmentLevel.class, names = "UNRECOGNIZED", mode = EnumSource.Mode.EXCLUDE)
  void takesCommitmentAndDataSlicesFromTheMonitors(CommitmentLevel commitment) {
    MonitorDeclaration alpha = monitor("alpha", accounts().setCommitment(commitment)
        .addAccountsDataSlice(HEAD).addAccountsDataSlice(RESERVES));
    MonitorDeclaration beta = monitor("beta", transactions().setCommitment(commitment)
        .addAccountsDataSlice(HEAD).addAccountsDataSlice(RESERVES));

    SubscribeRequest merged = SubscriptionMerger.merge(List.of(alpha, beta));

    assertThat(merged.hasCommitment()).isTrue();
    assertThat(merged.getCommitment()).isEqualTo(commitment);
    assertThat(merged.getAccountsDataSliceList()).containsExactly(HEAD, RESERVES);
  }

  @Test
  void setsProcessedWhenTheMonitorsLeaveCommitmentOut() {
    MonitorDeclaration implicit = monitor("alpha", accounts());
    MonitorDeclaration explicit = monitor("beta", transactions().setCommitment(CommitmentLevel.PROCESSED));

    SubscribeRequest merged = SubscriptionMerger.merge(List.of(implicit, explicit));

    assertThat(merged.hasCommitment()).isTrue();
    assertThat(merged.getCommitment()).isEqualTo(CommitmentLevel.PROCESSED);
    assertThat(merged.getAccountsDataSliceList()).isEmpty();
  }

  @Test
  void neverForwardsFromSlotOrPingOfAMonitor() {
    MonitorDeclaration pump = monitor("pump", accounts().setFromSlot(350_000_000L)
        .setPing(SubscribeRequestPing.newBuilder().setId(3)));

    SubscribeRequest merged = SubscriptionMerger.merge(List.of(pump));

    assertThat(merged.hasFromSlot()).isFalse();
    assertThat(merged.hasPing()).isFalse();
  }

  static Stream<Arguments> incompatibleMonitors() {
    return Stream.of(
        arguments(monitor("alpha", "high", accounts()), monitor("beta", "low", accounts()),
            "monitor beta needs stream low-processed but is merged into a high-processed stream"),
        arguments(monitor("alpha", "high", accounts().setCommitment(CommitmentLevel.CONFIRMED)),
            monitor("beta", "high", accounts().setCommitment(CommitmentLevel.FINALIZED)),
            "monitor beta needs stream high-finalized but is merged into a high-confirmed stream"),
        arguments(monitor("alpha", "medium", accounts()), monitor("beta", "medium", accounts().addAccountsDataSlice(HEAD)),
            "monitor beta needs stream medium-processed-slice1 but is merged into a medium-processed stream"),
        arguments(monitor("alpha", "low", accounts().addAccountsDataSlice(HEAD).addAccountsDataSlice(RESERVES)),
            monitor("beta", "low", accounts().addAccountsDataSlice(HEAD)),
            "monitor beta needs stream low-processed-slice1 but is merged into a low-processed-slice2 stream"),
        // Same count of slices, other ranges: the labels match, the keys do not.
        arguments(monitor("alpha", "low", accounts().addAccountsDataSlice(HEAD)),
            monitor("beta", "low", accounts().addAccountsDataSlice(RESERVES)),
            "monitor beta needs stream low-processed-slice1 but is merged into a low-processed-slice1 stream"));
  }

  @ParameterizedTest
  @MethodSource("incompatibleMonitors")
  void refusesMonitorsOfDifferentStreamKeys(MonitorDeclaration alpha, MonitorDeclaration beta, String message) {
    assertThatThrownBy(() -> SubscriptionMerger.merge(List.of(alpha, beta)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    // The monitor named is the same whichever comes first.
    assertThatThrownBy(() -> SubscriptionMerger.merge(List.of(beta, alpha)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void resultDoesNotDependOnInputOrder() {
    List<MonitorDeclaration> monitors = List.of(
        monitor("pump-curves", accounts().setCommitment(CommitmentLevel.CONFIRMED)),
        monitor("pump-trades", transactions().setCommitment(CommitmentLevel.CONFIRMED)),
        monitor("blocks", blocksMeta().setCommitment(CommitmentLevel.CONFIRMED)),
        monitor("mixed", accounts().putTransactions("trades", transactions().getTransactionsOrThrow("trades"))
            .putSlots("slots", SubscribeRequestFilterSlots.getDefaultInstance())
            .setCommitment(CommitmentLevel.CONFIRMED)));
    SubscribeRequest first = SubscriptionMerger.merge(monitors);

    for (List<MonitorDeclaration> order : permutations(monitors)) {
      SubscribeRequest merged = SubscriptionMerger.merge(order);
      assertThat(merged).as("merged %s", order.stream().map(MonitorDeclaration::getMonitorId).toList())
          .isEqualTo(first);
      // Byte for byte: the provider sees the very same request, map order included.
      assertThat(merged.toByteString()).isEqualTo(first.toByteString());
    }
    assertThat(first.getAccountsMap()).containsOnlyKeys("pump-curves/curves", "mixed/curves");
    assertThat(first.getTransactionsMap()).containsOnlyKeys("pump-trades/trades", "mixed/trades");
    assertThat(first.getBlocksMetaMap()).containsOnlyKeys("blocks/meta");
    assertThat(first.getSlotsMap()).containsOnlyKeys("mixed/slots", SubscriptionMerger.POOL_SLOTS_FILTER);
  }

  @Test
  void doesNotDropBlockFooterFiltersSilently() {
    MonitorDeclaration pump = monitor("pump", accounts()
        .putBlockFooter("footers", SubscribeRequestFilterBlockFooter.getDefaultInstance()));

    boolean rejected = !FilterValidator.problems(pump).isEmpty();
    boolean forwarded = SubscriptionMerger.merge(List.of(pump)).getBlockFooterMap().containsKey("pump/footers");
    assertThat(rejected || forwarded).as("block_footer filter is either rejected or forwarded").isTrue();
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static MonitorDeclaration monitor(String id, SubscribeRequest.Builder filters) {
    return monitor(id, "high", filters);
  }

  private static MonitorDeclaration monitor(String id, String group, SubscribeRequest.Builder filters) {
    return MonitorDeclaration.newBuilder().setMonitorId(id).setGroup(group).setFilters(filters).build();
  }

  private static SubscribeRequest.Builder accounts() {
    return SubscribeRequest.newBuilder()
        .putAccounts("curves", SubscribeRequestFilterAccounts.newBuilder().addOwner(PUMP).build());
  }

  private static SubscribeRequest.Builder transactions() {
    return SubscribeRequest.newBuilder()
        .putTransactions("trades", SubscribeRequestFilterTransactions.newBuilder().addAccountInclude(PUMP).build());
  }

  private static SubscribeRequest.Builder blocksMeta() {
    return SubscribeRequest.newBuilder().putBlocksMeta("meta", SubscribeRequestFilterBlocksMeta.getDefaultInstance());
  }

  private static SubscribeRequestAccountsDataSlice slice(long offset, long length) {
    return SubscribeRequestAccountsDataSlice.newBuilder().setOffset(offset).setLength(length).build();
  }

  private static <T> List<List<T>> permutations(List<T> items) {
    if (items.isEmpty()) {
      return List.of(List.of());
    }
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      List<T> rest = new ArrayList<>(items);
      T head = rest.remove(i);
      for (List<T> tail : permutations(rest)) {
        List<T> permutation = new ArrayList<>();
        permutation.add(head);
        permutation.addAll(tail);
        out.add(Collections.unmodifiableList(permutation));
      }
    }
    return out;
  }
}
