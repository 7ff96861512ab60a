package dev.geyserpool.gateway.pool;

import static dev.geyserpool.gateway.pool.PoolHarness.MS;
import static dev.geyserpool.gateway.pool.PoolHarness.S;
import static dev.geyserpool.gateway.pool.PoolHarness.of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.gateway.pool.ConnectionPool.StreamFailure;
import dev.geyserpool.gateway.pool.PoolAction.CloseConnection;
import dev.geyserpool.gateway.pool.PoolAction.CloseStream;
import dev.geyserpool.gateway.pool.PoolAction.Dial;
import dev.geyserpool.gateway.pool.PoolAction.MonitorStatus;
import dev.geyserpool.gateway.pool.PoolAction.OpenStream;
import dev.geyserpool.gateway.pool.PoolAction.Ping;
import dev.geyserpool.gateway.pool.PoolAction.UpdateFilters;
import dev.geyserpool.wire.MonitorGroup;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every pool rule on a fake clock: nothing happens at t−1, the action happens at t. */
class ConnectionPoolTest {
  private final PoolHarness h = new PoolHarness(PoolHarness.rules(40, 15, 55, PoolHarness.shares(16, 12, 8), 4));

  private StreamSlot onlySlot() {
    return h.pool.slots().values().iterator().next();
  }

  private void startOneMonitor() {
    h.declare("pf-price", MonitorGroup.HIGH);
    List<PoolAction> first = h.run();
    h.readyAll(first);
    h.dataOnAll(100);
    h.run();
  }

  @Test
  void monitorsOfOneKindShareOneStreamAndOneConnection() {
    h.declare("pf-price", MonitorGroup.HIGH);
    h.declare("pf-trades", MonitorGroup.HIGH);
    List<PoolAction> actions = h.run();

    assertThat(of(actions, Dial.class)).hasSize(1);
    assertThat(of(actions, OpenStream.class)).singleElement()
        .satisfies(o -> assertThat(o.monitors()).containsExactlyInAnyOrder("pf-price", "pf-trades"));
  }

  @Test
  void addingAMonitorToAnOpenStreamResendsFiltersAfterTheDebounceWithoutANewConnection() {
    startOneMonitor();
    h.declare("pf-trades", MonitorGroup.HIGH);

    h.advance(200 * MS - 1);
    assertThat(of(h.run(), UpdateFilters.class)).isEmpty();

    h.advance(1);
    List<PoolAction> actions = h.run();
    assertThat(of(actions, UpdateFilters.class)).singleElement()
        .satisfies(u -> assertThat(u.monitors()).containsExactlyInAnyOrder("pf-price", "pf-trades"));
    assertThat(of(h.log, Dial.class)).hasSize(1);
    // Only the monitor whose filters just went out is told it is served now.
    assertThat(of(actions, MonitorStatus.class)).singleElement().satisfies(m -> {
      assertThat(m.monitorId()).isEqualTo("pf-trades");
      assertThat(m.state()).isEqualTo("active");
    });
  }

  @Test
  void eachGroupGetsItsOwnStreamAndConnection() {
    h.declare("pf-price", MonitorGroup.HIGH);
    h.declare("pf-mint", MonitorGroup.MEDIUM);
    h.declare("pf-account", MonitorGroup.LOW);
    List<PoolAction> actions = h.run();

    assertThat(of(actions, Dial.class)).hasSize(3);
    assertThat(of(actions, OpenStream.class)).extracting(o -> o.kind().group())
        .containsExactlyInAnyOrder(MonitorGroup.HIGH, MonitorGroup.MEDIUM, MonitorGroup.LOW);
    assertThat(h.pool.connections().values()).extracting(PoolConnection::group)
        .containsExactlyInAnyOrder(MonitorGroup.HIGH, MonitorGroup.MEDIUM, MonitorGroup.LOW);
  }

  @Test
  void aConnectionCarriesAtMostMaxStreamsThenANewOneIsDialed() {
    PoolHarness small = new PoolHarness(PoolHarness.rules(40, 2, 55, PoolHarness.shares(16, 12, 8), 4));
    // One monitor per slot: commitment differs, so each needs its own stream.
    for (var c : dev.geyserpool.proto.geyser.CommitmentLevel.values()) {
      if (c == dev.geyserpool.proto.geyser.CommitmentLevel.UNRECOGNIZED) {
        continue;
      }
      small.pool.declare(new MonitorSpec("m-" + c.getNumber(),
          new dev.geyserpool.gateway.subscription.StreamKey(MonitorGroup.HIGH, c, List.of()).kind(), 0), small.now);
    }
    List<PoolAction> actions = small.run();

    assertThat(of(actions, OpenStream.class)).hasSize(3);
    assertThat(of(actions, Dial.class)).hasSize(2);
    assertThat(small.pool.connections().values()).allSatisfy(c -> assertThat(c.streams().size()).isLessThanOrEqualTo(2));
  }

  @Test
  void aGroupNeverHoldsMoreThanItsShareThenUsesTheReserve() {
    PoolHarness tight = new PoolHarness(PoolHarness.rules(40, 1, 55, PoolHarness.shares(1, 1, 1), 1));
    tight.pool.declare(new MonitorSpec("a", new dev.geyserpool.gateway.subscription.StreamKey(MonitorGroup.HIGH,
        dev.geyserpool.proto.geyser.CommitmentLevel.PROCESSED, List.of()).kind(), 0), tight.now);
    tight.pool.declare(new MonitorSpec("b", new dev.geyserpool.gateway.subscription.StreamKey(MonitorGroup.HIGH,
        dev.geyserpool.proto.geyser.CommitmentLevel.CONFIRMED, List.of()).kind(), 0), tight.now);
    tight.pool.declare(new MonitorSpec("c", new dev.geyserpool.gateway.subscription.StreamKey(MonitorGroup.HIGH,
        dev.geyserpool.proto.geyser.CommitmentLevel.FINALIZED, List.of()).kind(), 0), tight.now);
    List<PoolAction> actions = tight.run();

    // One own connection, one reserve; the third stream has nowhere to go and waits.
    assertThat(of(actions, Dial.class)).hasSize(2);
    assertThat(tight.pool.connections().values()).extracting(PoolConnection::group)
        .containsExactlyInAnyOrder(MonitorGroup.HIGH, null);
    assertThat(tight.pool.queuedRequests()).isEqualTo(1);
  }

  @Test
  void dialsStopWhenTheBudgetIsSpentAndResumeExactlyWhenTheOldestAttemptLeavesTheWindow() {
    PoolHarness budget = new PoolHarness(PoolHarness.rules(40, 1, 2, PoolHarness.shares(16, 12, 8), 4));
    budget.pool.declare(new MonitorSpec("a", PoolHarness.key(MonitorGroup.HIGH), 0), budget.now);
    budget.pool.declare(new MonitorSpec("b", PoolHarness.key(MonitorGroup.MEDIUM), 0), budget.now);
    budget.pool.declare(new MonitorSpec("c", PoolHarness.key(MonitorGroup.LOW), 0), budget.now);
    List<PoolAction> first = budget.run();
    assertThat(of(first, Dial.class)).hasSize(2);
    budget.readyAll(first);

    budget.advance(60 * S - 1);
    budget.dataOnAll(100);
    assertThat(of(budget.run(), Dial.class)).isEmpty();

    budget.advance(1);
    budget.dataOnAll(101);
    assertThat(of(budget.run(), Dial.class)).hasSize(1);
  }

  @Test
  void waitingRequestsAreServedHighestPriorityFirstThenInArrivalOrder() {
    PoolHarness budget = new PoolHarness(PoolHarness.rules(40, 1, 1, PoolHarness.shares(16, 12, 8), 4));
    budget.declare("first", MonitorGroup.HIGH, 0);
    budget.readyAll(budget.run());
    budget.declare("low-early", MonitorGroup.LOW, 0);
    budget.advance(MS);
    budget.declare("critical-late", MonitorGroup.MEDIUM, 10);
    budget.run();

    budget.advance(60 * S);
    budget.dataOnAll(100);
    List<OpenStream> opened = of(budget.run(), OpenStream.class);
    assertThat(opened).singleElement().satisfies(o -> assertThat(o.monitors()).containsExactly("critical-late"));
  }

  @Test
  void aRequestWaitingPastItsTimeoutTellsTheMonitorWithThePoolState() {
    PoolHarness budget = new PoolHarness(PoolHarness.rules(40, 1, 1, PoolHarness.shares(16, 12, 8), 4));
    budget.declare("first", MonitorGroup.HIGH);
    budget.run();
    budget.declare("late", MonitorGroup.LOW);
    budget.run();

    budget.advance(30 * S - 1);
    assertThat(of(budget.run(), MonitorStatus.class)).noneMatch(m -> m.state().equals("waiting"));

    budget.advance(1);
    assertThat(of(budget.run(), MonitorStatus.class)).singleElement().satisfies(m -> {
      assertThat(m.monitorId()).isEqualTo("late");
      assertThat(m.state()).isEqualTo("waiting");
      assertThat(m.message()).startsWith("monitor late waited 30000 ms for a connection and is still queued (total=1, ")
          .contains("waiting=1, rateLimitRemaining=0/1");
    });
  }

  @Test
  void healthCheckPingsEveryOpenStreamEveryInterval() {
    startOneMonitor();
    h.log.clear();
    h.advance(30 * S - 1);
    h.dataOnAll(101);
    assertThat(of(h.run(), Ping.class)).isEmpty();

    h.advance(1);
    assertThat(of(h.run(), Ping.class)).hasSize(1);
  }

  @Test
  void aSilentStreamFailsItsConnectionAtTheSilenceTimeoutAndResumesFromItsLastSlot() {
    startOneMonitor();
    String connection = onlySlot().connectionId();

    h.advance(60 * S - 1);
    assertThat(of(h.run(), CloseConnection.class)).isEmpty();

    h.advance(1);
    List<PoolAction> actions = h.run();
    assertThat(of(actions, CloseConnection.class)).singleElement()
        .satisfies(c -> assertThat(c.connectionId()).isEqualTo(connection));
    assertThat(of(actions, OpenStream.class)).singleElement().satisfies(o -> {
      assertThat(o.connectionId()).isNotEqualTo(connection);
      assertThat(o.fromSlot()).isEqualTo(100);
    });
  }

  @Test
  void aFailedConnectionIsRemovedAndItsStreamsMoveToAReplacementResumingFromTheirLastSlot() {
    startOneMonitor();
    String connection = onlySlot().connectionId();

    h.pool.connectionFailed(connection, "UNAVAILABLE", h.now);
    List<PoolAction> actions = h.drain();
    actions = new java.util.ArrayList<>(actions);
    actions.addAll(h.run());

    assertThat(h.pool.connections()).doesNotContainKey(connection);
    assertThat(of(actions, Dial.class)).hasSize(1);
    assertThat(of(actions, OpenStream.class)).singleElement().satisfies(o -> assertThat(o.fromSlot()).isEqualTo(100));
  }

  @Test
  void aFailedStreamRetriesAfterItsBackoffNotBefore() {
    startOneMonitor();
    StreamSlot slot = onlySlot();
    h.pool.streamFailed(slot.id(), slot.generation(), StreamFailure.RETRYABLE, "UNAVAILABLE", h.now);
    h.drain();
    // Random draws 0: the first delay is half the minimum, 250 ms.
    h.advance(250 * MS - 1);
    assertThat(of(h.run(), OpenStream.class)).isEmpty();

    h.advance(1);
    assertThat(of(h.run(), OpenStream.class)).singleElement().satisfies(o -> assertThat(o.fromSlot()).isEqualTo(100));
  }

  @Test
  void backoffGrowsOnRepeatedFailureAndResetsOnlyAfterData() {
    startOneMonitor();
    StreamSlot slot = onlySlot();
    for (int i = 0; i < 3; i++) {
      h.pool.streamFailed(slot.id(), slot.generation(), StreamFailure.RETRYABLE, "UNAVAILABLE", h.now);
      h.advance(10 * S);
      h.run();
    }
    assertThat(slot.backoff().attempts()).isEqualTo(3);
    h.advance(MS);
    h.dataOnAll(150);
    assertThat(slot.backoff().attempts()).isZero();
  }

  @Test
  void aConnectionPastItsTtlMovesItsStreamsMakeBeforeBreakThenCloses() {
    startOneMonitor();
    String old = onlySlot().connectionId();
    h.log.clear();

    h.advance(5 * 60 * S - 1 - h.now + h.pool.connections().get(old).createdAtNanos());
    h.dataOnAll(200);
    assertThat(of(h.run(), Dial.class)).isEmpty();

    h.advance(1);
    List<PoolAction> rotation = h.run();
    assertThat(of(rotation, Dial.class)).hasSize(1);
    assertThat(of(rotation, OpenStream.class)).singleElement().satisfies(o -> assertThat(o.fromSlot()).isEqualTo(200));
    assertThat(of(rotation, CloseStream.class)).isEmpty();
    assertThat(h.pool.connections().get(old).state()).isEqualTo(ConnectionState.EXPIRED);

    h.readyAll(rotation);
    h.advance(MS);
    h.dataOnAll(201);
    List<PoolAction> handover = h.drain();
    handover = new java.util.ArrayList<>(handover);
    handover.addAll(h.run());
    assertThat(of(handover, CloseStream.class)).hasSize(1);
    assertThat(of(handover, CloseConnection.class)).singleElement()
        .satisfies(c -> assertThat(c.connectionId()).isEqualTo(old));
    assertThat(onlySlot().connectionId()).isNotEqualTo(old);
  }

  @Test
  void aStreamSilentSinceAHealthCheckPingFailsItsConnectionAtThePingTimeout() {
    startOneMonitor();
    String connection = onlySlot().connectionId();
    h.advance(30 * S);
    assertThat(of(h.run(), Ping.class)).hasSize(1);

    h.advance(10 * S - 1);
    assertThat(of(h.run(), CloseConnection.class)).isEmpty();
    h.advance(1);
    assertThat(of(h.run(), CloseConnection.class)).singleElement()
        .satisfies(c -> assertThat(c.connectionId()).isEqualTo(connection));
  }

  @Test
  void dataAfterAPingKeepsTheStreamAliveWithoutAPong() {
    startOneMonitor();
    StreamSlot slot = onlySlot();
    h.advance(30 * S);
    h.run();
    long pongBefore = h.now - 30 * S;

    h.advance(5 * S);
    h.pool.observe(slot.id(), slot.generation(), new CallProgress(h.now, pongBefore, 150, 150, false), h.now);
    h.advance(10 * S);

    assertThat(of(h.run(), CloseConnection.class)).isEmpty();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(longs = {0, 1, 12, 25})
  void aConnectionExpiresAtItsTtlLessItsDrawnJitterNotBefore(long drawnPermille) {
    // The jitter source draws `drawnPermille` of the 0..25 allowed: the TTL shortens by as much.
    PoolHarness jittered = new PoolHarness(PoolHarness.withJitter(
        PoolHarness.rules(40, 15, 55, PoolHarness.shares(16, 12, 8), 4), 25), bound -> Math.min(drawnPermille, bound - 1));
    jittered.declare("pf-price", MonitorGroup.HIGH);
    List<PoolAction> first = jittered.run();
    jittered.readyAll(first);
    PoolConnection c = jittered.pool.connections().values().iterator().next();
    long ttl = 5 * 60 * S;
    long expiresAt = c.createdAtNanos() + ttl - ttl / 1000 * drawnPermille;
    assertThat(c.expiresAtNanos()).isEqualTo(expiresAt);

    jittered.advance(expiresAt - 1 - jittered.now);
    jittered.dataOnAll(100);
    jittered.run();
    assertThat(c.state()).isEqualTo(ConnectionState.ACTIVE);
    jittered.advance(1);
    jittered.run();
    assertThat(c.state()).isEqualTo(ConnectionState.EXPIRED);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"0, 250", "125, 375", "250, 500"})
  void aFailedStreamRetriesWithinTheJitteredBackoffRange(long drawnMillis, long retryAfterMillis) {
    // The first delay is drawn from [min/2, min] = [250 ms, 500 ms].
    PoolHarness jittered = new PoolHarness(PoolHarness.rules(40, 15, 55, PoolHarness.shares(16, 12, 8), 4),
        bound -> Math.min(drawnMillis * MS, bound - 1));
    jittered.declare("pf-price", MonitorGroup.HIGH);
    jittered.readyAll(jittered.run());
    jittered.dataOnAll(100);
    StreamSlot slot = jittered.pool.slots().values().iterator().next();
    jittered.pool.streamFailed(slot.id(), slot.generation(), StreamFailure.RETRYABLE, "UNAVAILABLE", jittered.now);
    jittered.drain();

    jittered.advance(retryAfterMillis * MS - 1);
    assertThat(of(jittered.run(), OpenStream.class)).isEmpty();
    jittered.advance(1);
    assertThat(of(jittered.run(), OpenStream.class)).hasSize(1);
  }

  @Test
  void rotationHandsOverOnlyOnceTheSuccessorDeliveredPastItsFromSlot() {
    startOneMonitor();
    StreamSlot slot = onlySlot();
    String old = slot.connectionId();
    h.advance(5 * 60 * S);
    h.dataOnAll(200);
    List<PoolAction> rotation = h.run();
    h.readyAll(rotation);
    OpenStream successor = of(rotation, OpenStream.class).get(0);
    assertThat(successor.fromSlot()).isEqualTo(200);

    // The successor has started (data and pongs) but is still replaying from_slot itself.
    h.advance(MS);
    h.pool.observe(slot.id(), successor.generation(), new CallProgress(h.now, h.now, 200, 200, false), h.now);
    assertThat(of(h.drain(), CloseStream.class)).as("no handover before it delivered past slot 200").isEmpty();
    assertThat(slot.connectionId()).isEqualTo(old);

    h.pool.observe(slot.id(), successor.generation(), new CallProgress(h.now, h.now, 201, 201, false), h.now);
    assertThat(of(h.drain(), CloseStream.class)).singleElement()
        .satisfies(c -> assertThat(c.generation()).isEqualTo(successor.generation() - 1));
    assertThat(slot.connectionId()).isEqualTo(successor.connectionId());
  }

  @Test
  void theResumePointFollowsThePrimaryCallEvenBackwards() {
    // An older update Kafka has not acknowledged holds the resume point back: not a maximum.
    startOneMonitor();
    StreamSlot slot = onlySlot();
    h.pool.observe(slot.id(), slot.generation(), new CallProgress(h.now, h.now, 150, 160, false), h.now);
    h.pool.observe(slot.id(), slot.generation(), new CallProgress(h.now, h.now, 120, 170, false), h.now);

    h.pool.streamFailed(slot.id(), slot.generation(), StreamFailure.RETRYABLE, "Kafka refused an update", h.now);
    h.advance(10 * S);

    assertThat(of(h.run(), OpenStream.class)).singleElement().satisfies(o -> assertThat(o.fromSlot()).isEqualTo(120));
  }

  @Test
  void theWatchdogLeavesAStreamWaitingForKafkaAlone() {
    startOneMonitor();
    StreamSlot slot = onlySlot();
    long heard = h.now;
    h.pool.observe(slot.id(), slot.generation(), new CallProgress(heard, heard, 100, 100, true), h.now);

    h.advance(2 * 60 * S); // twice the silence timeout, within the TTL
    assertThat(of(h.run(), CloseConnection.class)).as("backpressure is not a stall").isEmpty();

    h.pool.observe(slot.id(), slot.generation(), new CallProgress(heard, heard, 100, 100, false), h.now);
    assertThat(of(h.run(), CloseConnection.class)).as("silent and not waiting: a stall").hasSize(1);
  }

  @Test
  void noStreamOpensWhileKafkaRefusesRecordsAndTheyResumeWhenItIsBack() {
    startOneMonitor();
    StreamSlot slot = onlySlot();
    h.pool.sinkAvailable(false, h.now);
    h.pool.streamFailed(slot.id(), slot.generation(), StreamFailure.RETRYABLE, "Kafka refused an update", h.now);
    h.declare("other", MonitorGroup.LOW);

    h.advance(60 * S);
    List<PoolAction> waiting = h.run();
    assertThat(of(waiting, OpenStream.class)).isEmpty();
    assertThat(of(waiting, Dial.class)).as("no budget spent for nothing").isEmpty();

    h.pool.sinkAvailable(true, h.now);
    List<PoolAction> back = h.run();
    assertThat(of(back, OpenStream.class)).hasSize(2)
        .anySatisfy(o -> assertThat(o.fromSlot()).isEqualTo(100));
  }

  @Test
  void aMonitorWhoseCheckpointIsOlderRewindsTheOpenStreamItJoins() {
    startOneMonitor();
    StreamSlot slot = onlySlot();
    int generation = slot.generation();

    h.pool.declare(new MonitorSpec("restored", PoolHarness.key(MonitorGroup.HIGH), 0, 80), h.now);
    List<PoolAction> actions = h.drain();
    actions = new java.util.ArrayList<>(actions);
    actions.addAll(h.run());

    assertThat(of(actions, CloseStream.class)).singleElement()
        .satisfies(c -> assertThat(c.generation()).isEqualTo(generation));
    assertThat(of(actions, OpenStream.class)).singleElement().satisfies(o -> {
      assertThat(o.fromSlot()).isEqualTo(80);
      assertThat(o.monitors()).contains("pf-price", "restored");
    });
  }

  @Test
  void aMonitorWhoseCheckpointIsNewerJoinsWithoutARewind() {
    startOneMonitor();

    h.pool.declare(new MonitorSpec("restored", PoolHarness.key(MonitorGroup.HIGH), 0, 150), h.now);
    h.advance(S);
    List<PoolAction> actions = h.run();

    assertThat(of(actions, CloseStream.class)).isEmpty();
    assertThat(of(actions, UpdateFilters.class)).hasSize(1);
  }

  @Test
  void theFirstOpenResumesFromTheOldestCheckpointOfItsMonitors() {
    h.pool.declare(new MonitorSpec("a", PoolHarness.key(MonitorGroup.HIGH), 0, 500), h.now);
    h.pool.declare(new MonitorSpec("b", PoolHarness.key(MonitorGroup.HIGH), 0, 450), h.now);
    h.pool.declare(new MonitorSpec("c", PoolHarness.key(MonitorGroup.HIGH), 0, 0), h.now);

    assertThat(of(h.run(), OpenStream.class)).singleElement().satisfies(o -> assertThat(o.fromSlot()).isEqualTo(450));
  }

  @Test
  void outOfRangeStartsLiveNextAndCarriesWhereTheGapStarts() {
    startOneMonitor();
    StreamSlot slot = onlySlot();
    h.pool.streamFailed(slot.id(), slot.generation(), StreamFailure.OUT_OF_RANGE, "OUT_OF_RANGE", h.now);
    h.advance(10 * S);

    assertThat(of(h.run(), OpenStream.class)).singleElement().satisfies(o -> {
      assertThat(o.fromSlot()).isZero();
      assertThat(o.gapFromSlot()).isEqualTo(100);
    });
  }

  @Test
  void anIdleConnectionIsClosedAfterTheIdleTimeout() {
    startOneMonitor();
    String connection = onlySlot().connectionId();
    h.pool.remove("pf-price", h.now);
    h.run();
    assertThat(h.pool.connections().get(connection).state()).isEqualTo(ConnectionState.IDLE);

    h.advance(60 * S - 1);
    assertThat(of(h.run(), CloseConnection.class)).isEmpty();

    h.advance(1);
    assertThat(of(h.run(), CloseConnection.class)).singleElement()
        .satisfies(c -> assertThat(c.connectionId()).isEqualTo(connection));
  }

  @Test
  void anIdleConnectionIsRecycledForANewStream() {
    startOneMonitor();
    String connection = onlySlot().connectionId();
    h.pool.remove("pf-price", h.now);
    h.run();
    h.declare("pf-trades", MonitorGroup.HIGH);
    List<PoolAction> actions = h.run();

    assertThat(of(actions, Dial.class)).isEmpty();
    assertThat(of(actions, OpenStream.class)).singleElement()
        .satisfies(o -> assertThat(o.connectionId()).isEqualTo(connection));
    assertThat(h.pool.counters().connectionsRecycled()).isEqualTo(1);
  }

  @Test
  void providerRejectionDropsOnlyTheMonitorWhoseChangeCameLast() {
    startOneMonitor();
    h.declare("bad", MonitorGroup.HIGH);
    h.advance(S);
    h.run();
    StreamSlot slot = onlySlot();

    assertThat(h.pool.rejectOffendingMonitor(slot.id(), java.util.Optional.empty(), "INVALID_ARGUMENT", h.now))
        .contains("bad");
    assertThat(slot.monitors()).containsExactly("pf-price");
    assertThat(of(h.drain(), MonitorStatus.class)).anySatisfy(m -> {
      assertThat(m.monitorId()).isEqualTo("bad");
      assertThat(m.state()).isEqualTo("rejected");
    });
  }

  @Test
  void removingTheLastMonitorClosesItsStream() {
    startOneMonitor();
    h.pool.remove("pf-price", h.now);
    assertThat(of(h.drain(), CloseStream.class)).hasSize(1);
    assertThat(h.pool.slots()).isEmpty();
  }

  @Test
  void whenTheProviderCountsStreamsEachStreamOpenSpendsAToken() {
    PoolRules base = PoolHarness.rules(40, 15, 2, PoolHarness.shares(16, 12, 8), 4);
    PoolRules streams = new PoolRules(base.maxConnections(), base.maxStreamsPerConnection(), base.maxMonitorsPerStream(),
        base.connectionTtl(), base.ttlJitterPermille(), base.idleTimeout(), base.healthCheckInterval(),
        base.streamSilenceTimeout(), base.budgetLimit(), base.providerLimit(), base.budgetWindow(),
        PoolRules.RateLimitScope.STREAMS, base.groupConnections(), base.reserveConnections(), base.requestTimeout(),
        base.backoffMin(), base.backoffMax(), base.filterDebounce());
    PoolHarness s = new PoolHarness(streams);
    s.declare("a", MonitorGroup.HIGH);
    s.declare("b", MonitorGroup.MEDIUM);
    s.declare("c", MonitorGroup.LOW);
    List<PoolAction> first = s.run();
    assertThat(of(first, OpenStream.class)).hasSize(2).allMatch(OpenStream::budgeted);
    s.readyAll(first);

    s.advance(60 * S - 1);
    s.dataOnAll(100);
    assertThat(of(s.run(), OpenStream.class)).isEmpty();

    s.advance(1);
    s.dataOnAll(101);
    assertThat(of(s.run(), OpenStream.class)).singleElement()
        .satisfies(o -> assertThat(o.monitors()).containsExactly("c"));
  }
}
