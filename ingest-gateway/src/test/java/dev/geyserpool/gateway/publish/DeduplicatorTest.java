package dev.geyserpool.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geyserpool.gateway.publish.Deduplicator.Claim;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeduplicatorTest {
  private static final long SLOT = 350_000_000L;
  private static final String TX = "tx:5VERv8NM";
  /** The fingerprint of the one content each identity has in these tests. */
  private static final long CONTENT = 42L;

  @Test
  void firstCopyIsPublishedForEveryMonitorItMatched() {
    Deduplicator dedup = new Deduplicator(300);

    Claim claim = dedup.claim(SLOT, TX, List.of("a", "b"), CONTENT);

    assertThat(claim.publication().monitors()).containsExactlyInAnyOrder("a", "b");
    assertThat(claim.awaited()).isEmpty();
  }

  @Test
  void copyArrivingWhileTheFirstIsInFlightWaitsForItsOutcome() {
    Deduplicator dedup = new Deduplicator(300);
    Claim first = dedup.claim(SLOT, TX, List.of("a"), CONTENT);

    Claim second = dedup.claim(SLOT, TX, List.of("a"), CONTENT);

    assertThat(second.publication()).as("nothing is published twice").isNull();
    assertThat(second.awaited()).containsExactly(first.publication());
    AtomicReference<Boolean> heard = new AtomicReference<>();
    dedup.await(second.awaited().get(0), heard::set);
    assertThat(heard.get()).as("no outcome before Kafka answers").isNull();
    dedup.resolve(first.publication(), SLOT, TX, true, 0, 0);
    assertThat(heard.get()).isTrue();
  }

  @Test
  void copyAfterTheAcknowledgementIsAPlainDuplicate() {
    Deduplicator dedup = new Deduplicator(300);
    Claim first = dedup.claim(SLOT, TX, List.of("a", "b"), CONTENT);
    dedup.resolve(first.publication(), SLOT, TX, true, 0, 0);

    Claim again = dedup.claim(SLOT, TX, List.of("b", "a"), CONTENT);

    assertThat(again.duplicate()).isTrue();
    assertThat(dedup.duplicates()).isEqualTo(1);
  }

  @Test
  void refusedPublicationIsWithdrawnSoTheReplayPublishesItAgain() {
    Deduplicator dedup = new Deduplicator(300);
    Claim first = dedup.claim(SLOT, TX, List.of("a"), CONTENT);
    Claim waiting = dedup.claim(SLOT, TX, List.of("a"), CONTENT);
    AtomicReference<Boolean> heard = new AtomicReference<>();
    dedup.await(waiting.awaited().get(0), heard::set);

    dedup.resolve(first.publication(), SLOT, TX, false, 0, 0);
    Claim replay = dedup.claim(SLOT, TX, List.of("a"), CONTENT);

    assertThat(heard.get()).as("the waiting copy fails with it").isFalse();
    assertThat(replay.publication()).isNotNull();
    assertThat(replay.publication().monitors()).containsExactly("a");
  }

  @Test
  void onlyTheFirstOutcomeCounts() {
    Deduplicator dedup = new Deduplicator(300);
    Claim first = dedup.claim(SLOT, TX, List.of("a"), CONTENT);
    dedup.resolve(first.publication(), SLOT, TX, true, 0, 0);

    dedup.resolve(first.publication(), SLOT, TX, false, 0, 0);

    assertThat(dedup.claim(SLOT, TX, List.of("a"), CONTENT).duplicate()).isTrue();
  }

  @Test
  void copyForAnotherMonitorIsPublishedForThatMonitorOnly() {
    // Two streams of one group matched the same transaction for different monitors.
    Deduplicator dedup = new Deduplicator(300);
    Claim first = dedup.claim(SLOT, TX, List.of("a", "b"), CONTENT);
    dedup.resolve(first.publication(), SLOT, TX, true, 0, 0);

    Claim other = dedup.claim(SLOT, TX, List.of("b", "c"), CONTENT);

    assertThat(other.publication().monitors()).containsExactly("c");
    assertThat(other.awaited()).isEmpty();
  }

  @Test
  void copyForAnotherMonitorPointsAtTheStoredBytes() {
    Deduplicator dedup = new Deduplicator(300);
    Claim first = dedup.claim(SLOT, TX, List.of("a"), CONTENT);
    assertThat(first.publication().base()).as("the first copy writes the bytes").isNull();
    dedup.resolve(first.publication(), SLOT, TX, true, 2, 117);

    Claim other = dedup.claim(SLOT, TX, List.of("b"), CONTENT);

    assertThat(other.publication().base()).isSameAs(first.publication());
    assertThat(other.publication().base().partition()).isEqualTo(2);
    assertThat(other.publication().base().offset()).isEqualTo(117);
  }

  @Test
  void copyWithOtherContentWritesItsOwnBytes() {
    // Another data slice or block filter: same identity, different bytes.
    Deduplicator dedup = new Deduplicator(300);
    Claim sliced = dedup.claim(SLOT, TX, List.of("a"), CONTENT);
    dedup.resolve(sliced.publication(), SLOT, TX, true, 0, 5);

    Claim whole = dedup.claim(SLOT, TX, List.of("b"), CONTENT + 1);

    assertThat(whole.publication().monitors()).containsExactly("b");
    assertThat(whole.publication().base()).isNull();
  }

  @Test
  void copyWhileTheBytesArePendingPointsAtThePendingOne() {
    Deduplicator dedup = new Deduplicator(300);
    Claim first = dedup.claim(SLOT, TX, List.of("a"), CONTENT);

    Claim other = dedup.claim(SLOT, TX, List.of("b"), CONTENT);

    assertThat(other.publication().base()).isSameAs(first.publication());
    assertThat(other.publication().base().offset()).as("not placed yet").isEqualTo(-1);
    List<Boolean> heard = new java.util.ArrayList<>();
    dedup.await(other.publication().base(), heard::add);
    dedup.resolve(first.publication(), SLOT, TX, true, 0, 9);
    assertThat(heard).containsExactly(true);
    assertThat(other.publication().base().offset()).isEqualTo(9);
  }

  @Test
  void bytesRefusedForGoodOrFailedAreNoBase() {
    Deduplicator dedup = new Deduplicator(300);
    Claim tooLarge = dedup.claim(SLOT, TX, List.of("a"), CONTENT);
    dedup.resolve(tooLarge.publication(), SLOT, TX, true, -1, -1); // refused for good: a gap record instead
    assertThat(dedup.claim(SLOT, TX, List.of("b"), CONTENT).publication().base()).isNull();

    Claim failed = dedup.claim(SLOT, "tx:other", List.of("a"), CONTENT);
    dedup.resolve(failed.publication(), SLOT, "tx:other", false, -1, -1);
    assertThat(dedup.claim(SLOT, "tx:other", List.of("b"), CONTENT).publication().base()).isNull();
  }

  @Test
  void aPointingCopyIsNeverABase() {
    Deduplicator dedup = new Deduplicator(300);
    Claim first = dedup.claim(SLOT, TX, List.of("a"), CONTENT);
    dedup.resolve(first.publication(), SLOT, TX, true, 0, 3);
    Claim second = dedup.claim(SLOT, TX, List.of("b"), CONTENT);
    dedup.resolve(second.publication(), SLOT, TX, true, 0, 3);

    Claim third = dedup.claim(SLOT, TX, List.of("c"), CONTENT);

    assertThat(third.publication().base()).isSameAs(first.publication());
  }

  @Test
  void seededRecordsWithBytesAreBasesAndSameRecordsAreNot() {
    Deduplicator dedup = new Deduplicator(300);
    dedup.markPublished(SLOT, "tx:same-only", List.of("b"), 0, -1, -1);
    dedup.markPublished(SLOT, TX, List.of("a"), CONTENT, 1, 40);

    assertThat(dedup.claim(SLOT, "tx:same-only", List.of("c"), CONTENT).publication().base()).isNull();
    Deduplicator.Publication base = dedup.claim(SLOT, TX, List.of("c"), CONTENT).publication().base();
    assertThat(base.partition()).isEqualTo(1);
    assertThat(base.offset()).isEqualTo(40);
  }

  @Test
  void markedPublishedUpdatesAreDuplicates() {
    Deduplicator dedup = new Deduplicator(300);
    dedup.markPublished(SLOT, TX, List.of("a", "b"), CONTENT, 0, 0);

    assertThat(dedup.claim(SLOT, TX, List.of("a"), CONTENT).duplicate()).isTrue();
    assertThat(dedup.claim(SLOT, TX, List.of("c"), CONTENT).publication().monitors()).containsExactly("c");
    assertThat(dedup.size()).isEqualTo(3);
  }

  @Test
  void sameIdentityInAnotherSlotIsNew() {
    Deduplicator dedup = new Deduplicator(300);
    dedup.markPublished(SLOT, "acct:curve", List.of("a"), CONTENT, 0, 0);

    assertThat(dedup.claim(SLOT + 1, "acct:curve", List.of("a"), CONTENT).publication()).isNotNull();
    assertThat(dedup.claim(SLOT - 1, "acct:curve", List.of("a"), CONTENT).publication()).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 300})
  void aForgottenSlotIsPublishedUncheckedAndCounted(int slotsRemembered) {
    Deduplicator dedup = new Deduplicator(slotsRemembered);
    dedup.retainFrom(Long.MAX_VALUE); // no stream lags behind
    dedup.markPublished(SLOT - slotsRemembered, "tx:old", List.of("a"), CONTENT, 0, 0);
    dedup.markPublished(SLOT, "tx:newest", List.of("a"), CONTENT, 0, 0);

    Claim tooOld = dedup.claim(SLOT - slotsRemembered, "tx:old", List.of("a"), CONTENT);
    Claim justInside = dedup.claim(SLOT - slotsRemembered + 1, "tx:inside", List.of("a"), CONTENT);

    assertThat(tooOld.publication()).as("a loss would be worse than a second copy").isNotNull();
    assertThat(dedup.beyondHorizon()).isEqualTo(1);
    assertThat(justInside.publication()).isNotNull();
    assertThat(dedup.claim(SLOT - slotsRemembered + 1, "tx:inside", List.of("a"), CONTENT).awaited()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5})
  void remembersExactlyTheLastSlotsRemembered(int slotsRemembered) {
    Deduplicator dedup = new Deduplicator(slotsRemembered);
    dedup.retainFrom(Long.MAX_VALUE);
    for (long slot = SLOT; slot < SLOT + 20; slot++) {
      dedup.markPublished(slot, "x", List.of("a", "b"), CONTENT, 0, 0);
    }
    long last = SLOT + 19;

    assertThat(dedup.size()).isEqualTo(2 * slotsRemembered);
    for (long slot = last - slotsRemembered + 1; slot <= last; slot++) {
      assertThat(dedup.claim(slot, "x", List.of("a"), CONTENT).duplicate()).as("slot %d is remembered", slot).isTrue();
    }
  }

  @Test
  void slotsALaggingStreamMayReplayAreKeptPastTheWindowUpToTheCap() {
    Deduplicator dedup = new Deduplicator(10);
    dedup.retainFrom(SLOT);
    dedup.markPublished(SLOT, TX, List.of("a"), CONTENT, 0, 0);

    dedup.markPublished(SLOT + 100, "tx:later", List.of("a"), CONTENT, 0, 0);
    assertThat(dedup.claim(SLOT, TX, List.of("a"), CONTENT).duplicate()).as("kept for the lagging stream").isTrue();

    dedup.markPublished(SLOT + 10 * Deduplicator.HELD_SLOTS_FACTOR, "tx:much-later", List.of("a"), CONTENT, 0, 0);
    assertThat(dedup.claim(SLOT, TX, List.of("a"), CONTENT).publication()).as("past the cap: forgotten").isNotNull();
    assertThat(dedup.beyondHorizon()).isEqualTo(1);
  }

  @Test
  void concurrentCopiesOfTheSameUpdatesArePublishedOnceEach() throws Exception {
    // The old and the new call of a stream slot deliver the same updates during a move.
    int slots = 64;
    int perSlot = 100;
    Deduplicator dedup = new Deduplicator(slots);
    List<long[]> order = new ArrayList<>();
    for (long s = 0; s < slots; s++) {
      for (int i = 0; i < perSlot; i++) {
        order.add(new long[] {SLOT + s, i});
      }
    }
    List<long[]> reversed = new ArrayList<>(order);
    Collections.reverse(reversed);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger threadNumber = new AtomicInteger();
    ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(2), r -> new Thread(r, "dedup-test-" + threadNumber.incrementAndGet()));
    try {
      Future<Integer> forward = executor.submit(deliver(dedup, order, start));
      Future<Integer> backward = executor.submit(deliver(dedup, reversed, start));
      start.countDown();
      int published = forward.get(30, TimeUnit.SECONDS) + backward.get(30, TimeUnit.SECONDS);

      assertThat(published).isEqualTo(slots * perSlot);
      assertThat(dedup.size()).isEqualTo(slots * perSlot);
    } finally {
      executor.shutdownNow();
      assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static Callable<Integer> deliver(Deduplicator dedup, List<long[]> updates, CountDownLatch start) {
    return () -> {
      start.await();
      int published = 0;
      for (long[] u : updates) {
        String identity = "tx:" + u[1];
        Claim claim = dedup.claim(u[0], identity, Set.of("m"), CONTENT);
        if (claim.publication() != null) {
          published++;
          dedup.resolve(claim.publication(), u[0], identity, true, 0, 0);
        }
      }
      return published;
    };
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, -300, Integer.MIN_VALUE})
  void rejectsFewerThanOneSlot(int slotsRemembered) {
    assertThatThrownBy(() -> new Deduplicator(slotsRemembered))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dedupSlots is " + slotsRemembered + ", but must be at least 1");
  }
}
