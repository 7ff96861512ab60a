package dev.geyserpool.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.geyserpool.proto.geyser.SlotStatus;
import dev.geyserpool.sim.SimEvent;
import dev.geyserpool.sim.SimEvent.SlotUpdate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotRingTest {
  static SlotUpdate status(long slot, SlotStatus s) {
    return new SlotUpdate(slot, slot - 1, s, Timestamp.getDefaultInstance());
  }

  @Test
  void eventsFromGivesHeldSlotsBackInEmissionOrderNotGroupedBySlot() {
    SlotRing ring = new SlotRing(3);
    ring.open(10);
    ring.add(1, status(10, SlotStatus.SLOT_PROCESSED));
    ring.open(11);
    ring.add(2, status(11, SlotStatus.SLOT_PROCESSED));
    ring.add(3, status(10, SlotStatus.SLOT_CONFIRMED)); // slot 10's, emitted while 11 closed
    ring.open(12);
    ring.add(4, status(12, SlotStatus.SLOT_PROCESSED));
    ring.add(5, status(11, SlotStatus.SLOT_CONFIRMED));

    List<SimEvent> all = ring.eventsFrom(10);
    assertThat(all).extracting(e -> e.slot() + ":" + ((SlotUpdate) e).status().getNumber())
        .containsExactly("10:0", "11:0", "10:1", "12:0", "11:1");
    assertThat(ring.eventsFrom(11)).extracting(SimEvent::slot).containsExactly(11L, 12L, 11L);
    assertThat(ring.eventsFrom(13)).isEmpty();

    assertThat(ring.open(13)).isEqualTo(10); // evicts 10
    assertThat(ring.firstAvailable()).isEqualTo(11);
    assertThat(ring.eventsFrom(5)).extracting(SimEvent::slot).containsExactly(11L, 12L, 11L);
  }
}
