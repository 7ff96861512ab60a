package dev.geyserpool.gateway.pool;

import static dev.geyserpool.gateway.pool.PoolHarness.MS;
import static dev.geyserpool.gateway.pool.PoolHarness.S;
import static dev.geyserpool.gateway.pool.PoolHarness.of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.gateway.pool.ConnectionPool.StreamFailure;
import dev.geyserpool.gateway.pool.PoolAction.Dial;
import dev.geyserpool.gateway.pool.PoolAction.Event;
import dev.geyserpool.gateway.subscription.StreamKey;
import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.wire.MonitorGroup;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The events a stream processor rebuilds the pool from, as the pool core decides them, on a fake
 * clock: why each connection was dialed, a connection idle as soon as it is ready, one token
 * denial per blocked episode in both rate-limit scopes, the queue, membership and failure kinds.
 */
class PoolEventsTest {
  private final PoolHarness h = new PoolHarness(PoolHarness.rules(40, 15, 55, PoolHarness.shares(16, 12, 8), 4));

  private static List<Event> events(List<PoolAction> actions, PoolEventKind type) {
    return of(actions, Event.class).stream().filter(e -> e.type() == type).toList();
  }

  private static PoolRules streamsScope(PoolRules base) {
    return new PoolRules(base.maxConnections(), base.maxStreamsPerConnection(), base.maxMonitorsPerStream(),
        base.connectionTtl(), base.ttlJitterPermille(), base.idleTimeout(), base.healthCheckInterval(),
        base.streamSilenceTimeout(), base.budgetLimit(), base.providerLimit(), base.budgetWindow(),
        PoolRules.RateLimitScope.STREAMS, base.groupConnections(), base.reserveConnections(), base.requestTimeout(),
        base.backoffMin(), base.backoffMax(), base.filterDebounce());
  }

  private StreamSlot onlySlot() {
    return h.pool.slots().values().iterator().next();
  }

  private List<PoolAction> drainAndRun() {
    List<PoolAction> actions = new ArrayList<>(h.drain());
    actions.addAll(h.run());
    return actions;
  }

  @Test
  void eachDialSaysWhyFirstThenReplacementAfterAFailureThenRotationAtTheTtl() {
    h.declare("pf-price", MonitorGroup.HIGH);
    List<PoolAction> first = h.run();
    assertThat(events(first, PoolEventKind.CONNECTION_CREATED)).singleElement().satisfies(e -> {
      assertThat(e.dialCause()).isEqualTo(DialCause.FIRST);
      assertThat(e.group()).isEqualTo(MonitorGroup.HIGH);
      assertThat(e.value()).as("one token spent").isEqualTo(1);
    });
    assertThat(of(first, Dial.class)).singleElement().satisfies(d -> assertThat(d.reason()).isEqualTo("first"));
    h.readyAll(first);
    h.dataOnAll(100);
    h.run();

    String failed = onlySlot().connectionId();
    h.pool.connectionFailed(failed, FailureKind.UNAVAILABLE, "channel TRANSIENT_FAILURE", h.now);
    List<PoolAction> replaced = drainAndRun();
    assertThat(events(replaced, PoolEventKind.CONNECTION_FAILED)).singleElement().satisfies(e -> {
      assertThat(e.connectionId()).isEqualTo(failed);
      assertThat(e.failure()).isEqualTo(FailureKind.UNAVAILABLE);
      assertThat(e.group()).isEqualTo(MonitorGroup.HIGH);
    });
    assertThat(events(replaced, PoolEventKind.CONNECTION_CREATED)).singleElement()
        .satisfies(e -> assertThat(e.dialCause()).isEqualTo(DialCause.REPLACEMENT));
    assertThat(of(replaced, Dial.class)).singleElement().satisfies(d -> assertThat(d.reason()).isEqualTo("replacement"));
    h.readyAll(replaced);
    h.dataOnAll(150);
    h.run();

    PoolConnection current = h.pool.connections().get(onlySlot().connectionId());
    h.advance(current.expiresAtNanos() - h.now - 1);
    h.dataOnAll(200);
    assertThat(events(h.run(), PoolEventKind.CONNECTION_CREATED)).isEmpty();
    h.advance(1);
    h.dataOnAll(201);
    assertThat(events(h.run(), PoolEventKind.CONNECTION_CREATED)).singleElement()
        .satisfies(e -> assertThat(e.dialCause()).isEqualTo(DialCause.ROTATION));
  }

  @Test
  void aStreamRestoredFromACheckpointDialsItsFirstConnectionAsFirst() {
    h.pool.declare(new MonitorSpec("restored", PoolHarness.key(MonitorGroup.HIGH), 0, 500), h.now);

    assertThat(events(h.run(), PoolEventKind.CONNECTION_CREATED)).singleElement()
        .satisfies(e -> assertThat(e.dialCause()).isEqualTo(DialCause.FIRST));
  }

  @Test
  void aConnectionWhoseStreamsLeftWhileItWasDialedIsReportedIdleWhenReady() {
    h.declare("pf-price", MonitorGroup.HIGH);
    List<PoolAction> dial = h.run();
    h.pool.remove("pf-price", h.now);
    h.drain();
    h.advance(40 * MS);

    h.readyAll(dial);
    List<PoolAction> ready = h.drain();

    assertThat(h.pool.connections().values()).singleElement()
        .satisfies(c -> assertThat(c.state()).isEqualTo(ConnectionState.IDLE));
    assertThat(of(ready, Event.class)).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(PoolEventKind.CONNECTION_IDLE);
      assertThat(e.value()).as("connect time in ms").isEqualTo(40);
      assertThat(e.group()).isEqualTo(MonitorGroup.HIGH);
    });
  }

  @Test
  void aConnectionReadyWithItsStreamsIsReportedActive() {
    h.declare("pf-price", MonitorGroup.HIGH);
    List<PoolAction> dial = h.run();
    h.advance(40 * MS);

    h.readyAll(dial);

    assertThat(of(h.drain(), Event.class)).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(PoolEventKind.CONNECTION_ACTIVE);
      assertThat(e.value()).isEqualTo(40);
    });
  }

  @Test
  void aDialBlockedOnTheBudgetIsDeniedOncePerBlockedEpisode() {
    PoolHarness budget = new PoolHarness(PoolHarness.rules(40, 1, 1, PoolHarness.shares(16, 12, 8), 4));
    budget.declare("a", MonitorGroup.HIGH);
    budget.readyAll(budget.run());
    budget.declare("b", MonitorGroup.MEDIUM);
    String waiting = budget.pool.slotOf("b").orElseThrow();

    List<PoolAction> blocked = new ArrayList<>();
    for (int second = 0; second < 60; second++) {
      blocked.addAll(budget.run());
      budget.advance(S - (second == 59 ? 1 : 0));
      budget.dataOnAll(100 + second);
    }
    assertThat(events(blocked, PoolEventKind.TOKEN_DENIED)).as("60 ticks, one blocked episode").singleElement()
        .satisfies(e -> {
          assertThat(e.slotId()).isEqualTo(waiting);
          assertThat(e.group()).isEqualTo(MonitorGroup.MEDIUM);
          assertThat(e.monitors()).containsExactly("b");
          assertThat(e.value()).as("tokens remaining").isZero();
        });
    assertThat(events(blocked, PoolEventKind.CONNECTION_CREATED)).isEmpty();

    // At 60 s the first attempt leaves the window: the grant ends the episode.
    budget.advance(1);
    List<PoolAction> granted = budget.run();
    assertThat(events(granted, PoolEventKind.TOKEN_GRANTED)).hasSize(1);
    assertThat(events(granted, PoolEventKind.TOKEN_DENIED)).isEmpty();

    budget.declare("c", MonitorGroup.LOW);
    List<PoolAction> again = new ArrayList<>(budget.run());
    budget.advance(S);
    again.addAll(budget.run());
    assertThat(events(again, PoolEventKind.TOKEN_DENIED)).as("a new episode").singleElement()
        .satisfies(e -> assertThat(e.monitors()).containsExactly("c"));
  }

  @Test
  void aStreamBlockedOnTheBudgetInStreamsScopeIsDeniedOncePerBlockedEpisode() {
    PoolHarness budget = new PoolHarness(streamsScope(PoolHarness.rules(40, 15, 1, PoolHarness.shares(16, 12, 8), 4)));
    budget.declare("a", MonitorGroup.HIGH);
    budget.readyAll(budget.run());
    budget.declare("b", MonitorGroup.MEDIUM);

    List<PoolAction> blocked = new ArrayList<>();
    for (int second = 0; second < 60; second++) {
      blocked.addAll(budget.run());
      budget.advance(S - (second == 59 ? 1 : 0));
      budget.dataOnAll(100 + second);
    }
    assertThat(events(blocked, PoolEventKind.TOKEN_DENIED)).singleElement().satisfies(e -> {
      assertThat(e.slotId()).isEqualTo(budget.pool.slotOf("b").orElseThrow());
      assertThat(e.group()).isEqualTo(MonitorGroup.MEDIUM);
    });
    assertThat(events(blocked, PoolEventKind.STREAM_OPENED)).isEmpty();

    budget.advance(1);
    List<PoolAction> granted = budget.run();
    assertThat(events(granted, PoolEventKind.STREAM_OPENED)).hasSize(1);
    assertThat(events(granted, PoolEventKind.TOKEN_GRANTED)).singleElement()
        .satisfies(e -> assertThat(e.slotId()).isEqualTo(budget.pool.slotOf("b").orElseThrow()));

    budget.declare("c", MonitorGroup.LOW);
    List<PoolAction> again = new ArrayList<>(budget.run());
    budget.advance(S);
    again.addAll(budget.run());
    assertThat(events(again, PoolEventKind.TOKEN_DENIED)).as("a new episode").singleElement()
        .satisfies(e -> assertThat(e.monitors()).containsExactly("c"));
  }

  @Test
  void whenTheProviderCountsStreamsADialSpendsNoTokenAndReportsNone() {
    PoolHarness s = new PoolHarness(streamsScope(PoolHarness.rules(40, 15, 55, PoolHarness.shares(16, 12, 8), 4)));
    s.declare("a", MonitorGroup.HIGH);
    s.declare("b", MonitorGroup.MEDIUM);
    List<PoolAction> actions = s.run();

    assertThat(events(actions, PoolEventKind.CONNECTION_CREATED)).hasSize(2)
        .allSatisfy(e -> assertThat(e.value()).as("tokens spent by the dial").isZero());
    assertThat(events(actions, PoolEventKind.TOKEN_GRANTED)).as("one per stream opened, none per dial").hasSize(2)
        .allSatisfy(e -> assertThat(e.slotId()).isNotNull());
    assertThat(s.pool.budget().used(s.now)).isEqualTo(2);
  }

  @Test
  void aRequestJoiningTheQueueIsReportedWithItsMonitorsAndItsWaitWhenItOpens() {
    PoolHarness budget = new PoolHarness(PoolHarness.rules(40, 1, 1, PoolHarness.shares(16, 12, 8), 4));
    budget.declare("a", MonitorGroup.HIGH);
    List<PoolAction> first = new ArrayList<>(budget.drain());
    first.addAll(budget.run());
    assertThat(events(first, PoolEventKind.REQUEST_QUEUED)).singleElement().satisfies(e -> {
      assertThat(e.monitors()).containsExactly("a");
      assertThat(e.group()).isEqualTo(MonitorGroup.HIGH);
    });
    assertThat(events(first, PoolEventKind.STREAM_OPENED)).singleElement()
        .satisfies(e -> assertThat(e.queueWaitNanos()).as("placed at once").isZero());
    budget.readyAll(first);

    budget.advance(S);
    budget.declare("b", MonitorGroup.MEDIUM);
    budget.declare("b2", MonitorGroup.MEDIUM); // joins b's waiting stream: it keeps its place
    List<PoolAction> queued = budget.drain();
    assertThat(events(queued, PoolEventKind.REQUEST_QUEUED)).singleElement().satisfies(e -> {
      assertThat(e.slotId()).isEqualTo(budget.pool.slotOf("b").orElseThrow());
      assertThat(e.monitors()).containsExactly("b");
      assertThat(e.group()).isEqualTo(MonitorGroup.MEDIUM);
      assertThat(e.value()).as("queue depth").isEqualTo(1);
    });

    budget.advance(59 * S);
    budget.dataOnAll(100);
    assertThat(events(budget.run(), PoolEventKind.STREAM_OPENED)).singleElement().satisfies(e -> {
      assertThat(e.monitors()).containsExactlyInAnyOrder("b", "b2");
      assertThat(e.queueWaitNanos()).isEqualTo(59 * S);
    });
  }

  @Test
  void aMonitorJoiningOrLeavingAnOpenStreamIsReportedWithTheStreamAndItsConnection() {
    h.declare("pf-price", MonitorGroup.HIGH);
    h.declare("pf-waiting", MonitorGroup.HIGH); // joins before the stream is open: no membership event
    List<PoolAction> first = h.run();
    h.readyAll(first);
    h.dataOnAll(100);
    h.run();
    StreamSlot slot = onlySlot();

    h.declare("pf-trades", MonitorGroup.HIGH);
    assertThat(of(h.drain(), Event.class)).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(PoolEventKind.MONITOR_JOINED);
      assertThat(e.slotId()).isEqualTo(slot.id());
      assertThat(e.connectionId()).isEqualTo(slot.connectionId());
      assertThat(e.monitors()).containsExactly("pf-trades");
      assertThat(e.group()).isEqualTo(MonitorGroup.HIGH);
      assertThat(e.value()).as("monitors on the stream now").isEqualTo(3);
    });

    h.pool.remove("pf-trades", h.now);
    assertThat(of(h.drain(), Event.class)).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(PoolEventKind.MONITOR_LEFT);
      assertThat(e.slotId()).isEqualTo(slot.id());
      assertThat(e.connectionId()).isEqualTo(slot.connectionId());
      assertThat(e.monitors()).containsExactly("pf-trades");
      assertThat(e.value()).isEqualTo(2);
    });
    assertThat(events(h.log, PoolEventKind.MONITOR_JOINED)).extracting(e -> e.monitors().iterator().next())
        .containsExactly("pf-trades");
  }

  @Test
  void aStreamSilentPastTheTimeoutFailsItsConnectionAsATimeout() {
    h.declare("pf-price", MonitorGroup.HIGH);
    h.readyAll(h.run());
    h.dataOnAll(100);
    h.run();

    h.advance(60 * S);
    assertThat(events(h.run(), PoolEventKind.CONNECTION_FAILED)).singleElement()
        .satisfies(e -> assertThat(e.failure()).isEqualTo(FailureKind.TIMEOUT));
  }

  @Test
  void aStreamFailureCarriesTheKindTheAdapterClassifiedAndItsGroup() {
    h.declare("pf-mint", MonitorGroup.MEDIUM);
    h.readyAll(h.run());
    h.dataOnAll(100);
    h.run();
    StreamSlot slot = onlySlot();

    h.pool.streamFailed(slot.id(), slot.generation(), StreamFailure.RETRYABLE, FailureKind.SERVER, "INTERNAL: boom", h.now);
    assertThat(events(h.drain(), PoolEventKind.STREAM_FAILED)).singleElement().satisfies(e -> {
      assertThat(e.failure()).isEqualTo(FailureKind.SERVER);
      assertThat(e.group()).isEqualTo(MonitorGroup.MEDIUM);
      assertThat(e.slotId()).isEqualTo(slot.id());
    });
  }

  @Test
  void connectionEventsCarryTheShareTheConnectionCountsAgainstAndNoneForTheReserve() {
    PoolHarness tight = new PoolHarness(PoolHarness.rules(40, 1, 55, PoolHarness.shares(1, 1, 1), 1));
    tight.pool.declare(new MonitorSpec("a", new StreamKey(MonitorGroup.HIGH, CommitmentLevel.PROCESSED, List.of()).kind(), 0),
        tight.now);
    tight.pool.declare(new MonitorSpec("b", new StreamKey(MonitorGroup.HIGH, CommitmentLevel.CONFIRMED, List.of()).kind(), 0),
        tight.now);
    List<PoolAction> actions = tight.run();

    assertThat(events(actions, PoolEventKind.CONNECTION_CREATED)).extracting(Event::group)
        .containsExactly(MonitorGroup.HIGH, null);
    assertThat(events(actions, PoolEventKind.STREAM_OPENED)).extracting(Event::group)
        .containsExactly(MonitorGroup.HIGH, MonitorGroup.HIGH);
  }
}
