package dev.geyserpool.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeduplicatorTest {
  private static final long SLOT = 350_000_000L;

  @Test
  void identityIsFirstOnlyTheFirstTime() {
    Deduplicator dedup = new Deduplicator(300);

    assertThat(dedup.firstTime(SLOT, "tx:5VERv8NM")).isTrue();
    assertThat(dedup.firstTime(SLOT, "tx:5VERv8NM")).isFalse();
    assertThat(dedup.firstTime(SLOT, "tx:5VERv8NM")).isFalse();
    assertThat(dedup.duplicates()).isEqualTo(2);
  }

  @Test
  void otherIdentityInTheSameSlotIsNew() {
    Deduplicator dedup = new Deduplicator(300);
    dedup.firstTime(SLOT, "tx:a");

    assertThat(dedup.firstTime(SLOT, "tx:b")).isTrue();
    assertThat(dedup.duplicates()).isZero();
  }

  @Test
  void sameIdentityInAnotherSlotIsNew() {
    Deduplicator dedup = new Deduplicator(300);
    dedup.firstTime(SLOT, "account:curve");

    assertThat(dedup.firstTime(SLOT + 1, "account:curve")).isTrue();
    assertThat(dedup.firstTime(SLOT - 1, "account:curve")).isTrue();
    assertThat(dedup.duplicates()).isZero();
    assertThat(dedup.size()).isEqualTo(3);
  }

  @Test
  void replayOfAnOlderRememberedSlotIsCaught() {
    // A resumed stream replays from an earlier slot while newer slots were already published.
    Deduplicator dedup = new Deduplicator(300);
    for (long slot = SLOT; slot < SLOT + 10; slot++) {
      dedup.firstTime(slot, "tx:" + slot);
    }

    for (long slot = SLOT; slot < SLOT + 10; slot++) {
      assertThat(dedup.firstTime(slot, "tx:" + slot)).as("replay of slot %d", slot).isFalse();
    }
    assertThat(dedup.firstTime(SLOT + 3, "tx:late")).as("unseen update of a remembered slot").isTrue();
    assertThat(dedup.duplicates()).isEqualTo(10);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 300})
  void slotJustOutsideTheWindowIsADuplicateAndJustInsideIsNew(int slotsRemembered) {
    Deduplicator dedup = new Deduplicator(slotsRemembered);
    long last = SLOT;
    dedup.firstTime(last, "tx:newest");

    // Remembered: (last - slotsRemembered, last]. Anything older may only be a replay.
    assertThat(dedup.firstTime(last - slotsRemembered, "tx:never-seen")).isFalse();
    assertThat(dedup.duplicates()).isEqualTo(1);
    assertThat(dedup.firstTime(last - slotsRemembered + 1, "tx:never-seen")).isTrue();
    assertThat(dedup.duplicates()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5})
  void remembersExactlyTheLastSlotsRemembered(int slotsRemembered) {
    Deduplicator dedup = new Deduplicator(slotsRemembered);
    for (long slot = SLOT; slot < SLOT + 20; slot++) {
      dedup.firstTime(slot, "a");
      dedup.firstTime(slot, "b");
    }
    long last = SLOT + 19;

    assertThat(dedup.size()).isEqualTo(2 * slotsRemembered);
    for (long slot = last - slotsRemembered + 1; slot <= last; slot++) {
      assertThat(dedup.firstTime(slot, "a")).as("slot %d is remembered", slot).isFalse();
      assertThat(dedup.firstTime(slot, "c")).as("slot %d takes new identities", slot).isTrue();
    }
    assertThat(dedup.firstTime(last - slotsRemembered, "c")).as("slot fallen out").isFalse();
  }

  @Test
  void newerSlotMovesTheWindowAndForgetsOldSlots() {
    Deduplicator dedup = new Deduplicator(3);
    dedup.firstTime(SLOT, "tx:a");
    dedup.firstTime(SLOT + 1, "tx:b");
    dedup.firstTime(SLOT + 2, "tx:c");
    assertThat(dedup.size()).isEqualTo(3);

    dedup.firstTime(SLOT + 3, "tx:d"); // SLOT falls out

    assertThat(dedup.size()).isEqualTo(3);
    assertThat(dedup.firstTime(SLOT, "tx:other")).isFalse();
    assertThat(dedup.firstTime(SLOT + 1, "tx:other")).isTrue();
  }

  @Test
  void skippedSlotsStillCountTowardsTheWindow() {
    // The window is measured in slot numbers, not in slots seen: a jump forgets everything older.
    Deduplicator dedup = new Deduplicator(10);
    dedup.firstTime(SLOT, "tx:a");

    dedup.firstTime(SLOT + 10, "tx:b");

    assertThat(dedup.size()).isEqualTo(1);
    assertThat(dedup.firstTime(SLOT, "tx:z")).isFalse();
    assertThat(dedup.firstTime(SLOT + 1, "tx:z")).isTrue();
  }

  @Test
  void duplicatesCountsRepeatsAndTooOldUpdatesButNotFirsts() {
    Deduplicator dedup = new Deduplicator(5);
    dedup.firstTime(SLOT, "tx:a");
    dedup.firstTime(SLOT, "tx:b");
    dedup.firstTime(SLOT + 10, "tx:c");
    assertThat(dedup.duplicates()).isZero();

    dedup.firstTime(SLOT + 10, "tx:c"); // repeat
    dedup.firstTime(SLOT, "tx:a"); // too old
    dedup.firstTime(SLOT + 9, "tx:d"); // new, in the window

    assertThat(dedup.duplicates()).isEqualTo(2);
  }

  @Test
  void concurrentDeliveriesOfTheSameUpdatesYieldEachOnceAsFirst() throws Exception {
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
      Future<List<String>> forward = executor.submit(deliver(dedup, order, start));
      Future<List<String>> backward = executor.submit(deliver(dedup, reversed, start));
      start.countDown();
      List<String> firstsA = forward.get(30, TimeUnit.SECONDS);
      List<String> firstsB = backward.get(30, TimeUnit.SECONDS);

      Set<String> all = new HashSet<>(firstsA);
      all.addAll(firstsB);
      assertThat(firstsA.size() + firstsB.size()).isEqualTo(slots * perSlot);
      assertThat(all).hasSize(slots * perSlot);
      assertThat(dedup.duplicates()).isEqualTo(slots * perSlot);
      assertThat(dedup.size()).isEqualTo(slots * perSlot);
    } finally {
      executor.shutdownNow();
      assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static Callable<List<String>> deliver(Deduplicator dedup, List<long[]> updates, CountDownLatch start) {
    return () -> {
      start.await();
      List<String> firsts = new ArrayList<>();
      for (long[] u : updates) {
        String identity = "tx:" + u[1];
        if (dedup.firstTime(u[0], identity)) {
          firsts.add(u[0] + "/" + identity);
        }
      }
      return firsts;
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
