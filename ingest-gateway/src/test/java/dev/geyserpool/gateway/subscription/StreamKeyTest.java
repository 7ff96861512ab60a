package dev.geyserpool.gateway.subscription;

import static dev.geyserpool.gateway.subscription.FilterKind.Keys.PUMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestAccountsDataSlice;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccounts;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.wire.MonitorGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StreamKeyTest {
  private static final SubscribeRequestAccountsDataSlice HEAD = slice(0, 40);
  private static final SubscribeRequestAccountsDataSlice RESERVES = slice(48, 16);

  @Test
  void takesGroupCommitmentAndSlicesFromTheDeclaration() {
    MonitorDeclaration declaration = declaration("medium", SubscribeRequest.newBuilder()
        .setCommitment(CommitmentLevel.CONFIRMED).addAccountsDataSlice(HEAD).addAccountsDataSlice(RESERVES));

    StreamKey key = StreamKey.of(declaration);

    assertThat(key.group()).isEqualTo(MonitorGroup.MEDIUM);
    assertThat(key.commitment()).isEqualTo(CommitmentLevel.CONFIRMED);
    assertThat(key.dataSlices()).containsExactly(HEAD, RESERVES);
    assertThat(key).isEqualTo(new StreamKey(MonitorGroup.MEDIUM, CommitmentLevel.CONFIRMED, List.of(HEAD, RESERVES)));
  }

  @Test
  void commitmentDefaultsToProcessed() {
    StreamKey implicit = StreamKey.of(declaration("high", SubscribeRequest.newBuilder()));
    StreamKey explicit = StreamKey.of(declaration("high", SubscribeRequest.newBuilder().setCommitment(CommitmentLevel.PROCESSED)));

    assertThat(implicit.commitment()).isEqualTo(CommitmentLevel.PROCESSED);
    assertThat(implicit).isEqualTo(explicit).hasSameHashCodeAs(explicit);
  }

  @ParameterizedTest
  @CsvSource({"high,HIGH", "HIGH,HIGH", "Medium,MEDIUM", "' low ',LOW"})
  void parsesGroupInAnyCase(String group, MonitorGroup expected) {
    assertThat(StreamKey.of(declaration(group, SubscribeRequest.newBuilder())).group()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "urgent", "reserve"})
  void rejectsUnknownGroupWithTheParseMessage(String group) {
    assertThatThrownBy(() -> StreamKey.of(declaration(group, SubscribeRequest.newBuilder())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown monitor group '" + group + "'; use one of high, medium, low");
  }

  @Test
  void monitorsDifferingOnlyInIdPriorityAndFiltersShareAKey() {
    MonitorDeclaration curves = MonitorDeclaration.newBuilder().setMonitorId("curves").setGroup("low").setPriority(5)
        .setFilters(SubscribeRequest.newBuilder().setCommitment(CommitmentLevel.FINALIZED).addAccountsDataSlice(HEAD)
            .putAccounts("curves", SubscribeRequestFilterAccounts.newBuilder().addOwner(PUMP).build()))
        .build();
    MonitorDeclaration trades = MonitorDeclaration.newBuilder().setMonitorId("trades").setGroup("LOW").setPriority(0)
        .setFilters(SubscribeRequest.newBuilder().setCommitment(CommitmentLevel.FINALIZED).addAccountsDataSlice(HEAD)
            .putTransactions("trades", SubscribeRequestFilterTransactions.newBuilder().addAccountInclude(PUMP).build()))
        .build();

    assertThat(StreamKey.of(curves)).isEqualTo(StreamKey.of(trades));
  }

  static Stream<Arguments> differentKeys() {
    StreamKey base = new StreamKey(MonitorGroup.HIGH, CommitmentLevel.CONFIRMED, List.of(HEAD));
    return Stream.of(
        arguments(base, new StreamKey(MonitorGroup.MEDIUM, CommitmentLevel.CONFIRMED, List.of(HEAD))),
        arguments(base, new StreamKey(MonitorGroup.HIGH, CommitmentLevel.PROCESSED, List.of(HEAD))),
        arguments(base, new StreamKey(MonitorGroup.HIGH, CommitmentLevel.CONFIRMED, List.of())),
        arguments(base, new StreamKey(MonitorGroup.HIGH, CommitmentLevel.CONFIRMED, List.of(RESERVES))),
        arguments(base, new StreamKey(MonitorGroup.HIGH, CommitmentLevel.CONFIRMED, List.of(HEAD, RESERVES))));
  }

  @ParameterizedTest
  @MethodSource("differentKeys")
  void anyDifferenceInGroupCommitmentOrSlicesMakesAnotherKey(StreamKey a, StreamKey b) {
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void keepsACopyOfTheSlices() {
    List<SubscribeRequestAccountsDataSlice> slices = new ArrayList<>(List.of(HEAD));
    StreamKey key = new StreamKey(MonitorGroup.LOW, CommitmentLevel.PROCESSED, slices);

    slices.add(RESERVES);

    assertThat(key.dataSlices()).containsExactly(HEAD);
    assertThatThrownBy(() -> key.dataSlices().add(RESERVES)).isInstanceOf(UnsupportedOperationException.class);
  }

  static Stream<Arguments> labels() {
    return Stream.of(
        arguments(MonitorGroup.HIGH, CommitmentLevel.PROCESSED, List.of(), "high-processed"),
        arguments(MonitorGroup.MEDIUM, CommitmentLevel.CONFIRMED, List.of(), "medium-confirmed"),
        arguments(MonitorGroup.LOW, CommitmentLevel.FINALIZED, List.of(), "low-finalized"),
        arguments(MonitorGroup.HIGH, CommitmentLevel.FINALIZED, List.of(HEAD), "high-finalized-slice1"),
        arguments(MonitorGroup.LOW, CommitmentLevel.CONFIRMED, List.of(HEAD, RESERVES), "low-confirmed-slice2"));
  }

  @ParameterizedTest
  @MethodSource("labels")
  void labelNamesGroupCommitmentAndSliceCount(MonitorGroup group, CommitmentLevel commitment,
      List<SubscribeRequestAccountsDataSlice> slices, String label) {
    assertThat(new StreamKey(group, commitment, slices).label()).isEqualTo(label);
  }

  @Test
  void labelOfADeclaredKey() {
    MonitorDeclaration declaration = declaration(" Low ", SubscribeRequest.newBuilder()
        .addAccountsDataSlice(HEAD).addAccountsDataSlice(RESERVES));

    assertThat(StreamKey.of(declaration).label()).isEqualTo("low-processed-slice2");
  }

  private static MonitorDeclaration declaration(String group, SubscribeRequest.Builder filters) {
    return MonitorDeclaration.newBuilder().setMonitorId("pump-trades").setGroup(group).setFilters(filters).build();
  }

  private static SubscribeRequestAccountsDataSlice slice(long offset, long length) {
    return SubscribeRequestAccountsDataSlice.newBuilder().setOffset(offset).setLength(length).build();
  }
}
