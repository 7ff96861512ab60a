package dev.geyserpool.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeldValuesTest {
  private static final int VALUE = 1000;
  private static final long COST = VALUE + HeldValues.ENTRY_OVERHEAD_BYTES;

  private static HeldValues.Position at(long offset) {
    return new HeldValues.Position("geyser.high.transactions", 0, offset);
  }

  @Test
  void valuesBeyondTheBoundEvictTheLeastRecentlyUsed() {
    HeldValues held = new HeldValues(3 * COST);
    held.put(at(0), new byte[VALUE]);
    held.put(at(1), new byte[VALUE]);
    held.put(at(2), new byte[VALUE]);
    assertThat(held.heldBytes()).isEqualTo(3 * COST);

    // A use of offset 0 makes offset 1 the least recently used.
    assertThat(held.get(at(0))).isPresent();
    held.put(at(3), new byte[VALUE]);

    assertThat(held.get(at(1))).isEmpty();
    assertThat(held.get(at(0))).isPresent();
    assertThat(held.get(at(2))).isPresent();
    assertThat(held.get(at(3))).isPresent();
    assertThat(held.heldBytes()).isEqualTo(3 * COST);
  }

  @Test
  void aValueLargerThanTheBoundIsNotKeptAndEvictsNothing() {
    HeldValues held = new HeldValues(3 * COST);
    held.put(at(0), new byte[VALUE]);

    held.put(at(1), new byte[(int) (3 * COST) - HeldValues.ENTRY_OVERHEAD_BYTES + 1]);

    assertThat(held.get(at(1))).isEmpty();
    assertThat(held.get(at(0))).isPresent();
    assertThat(held.heldBytes()).isEqualTo(COST);
  }

  @Test
  void aValueFillingTheWholeBoundIsKeptAlone() {
    HeldValues held = new HeldValues(3 * COST);
    held.put(at(0), new byte[VALUE]);

    held.put(at(1), new byte[(int) (3 * COST) - HeldValues.ENTRY_OVERHEAD_BYTES]);

    assertThat(held.get(at(1))).isPresent();
    assertThat(held.get(at(0))).isEmpty();
    assertThat(held.heldBytes()).isEqualTo(3 * COST);
  }

  @Test
  void tinyValuesAreBoundedByTheirEntryCost() {
    HeldValues held = new HeldValues(10L * HeldValues.ENTRY_OVERHEAD_BYTES);
    for (long offset = 0; offset < 1000; offset++) {
      held.put(at(offset), new byte[0]);
    }

    assertThat(held.size()).isEqualTo(10);
    assertThat(held.get(at(989))).isEmpty();
    assertThat(held.get(at(990))).isPresent();
  }

  @Test
  void aPositionPutAgainIsCountedOnce() {
    HeldValues held = new HeldValues(3 * COST);
    held.put(at(0), new byte[VALUE]);
    held.put(at(0), new byte[VALUE]);

    assertThat(held.size()).isEqualTo(1);
    assertThat(held.heldBytes()).isEqualTo(COST);
  }

  @Test
  void positionsOfOtherPartitionsAndTopicsAreDistinct() {
    HeldValues held = new HeldValues(3 * COST);
    byte[] value = new byte[VALUE];
    held.put(at(5), value);

    assertThat(held.get(new HeldValues.Position("geyser.high.transactions", 1, 5))).isEmpty();
    assertThat(held.get(new HeldValues.Position("geyser.low.transactions", 0, 5))).isEmpty();
    assertThat(held.get(at(5))).containsSame(value);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1})
  void rejectsACapacityThatIsNotPositive(long capacity) {
    assertThatThrownBy(() -> new HeldValues(capacity))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("held values capacity is " + capacity + " bytes, but must be positive");
  }
}
