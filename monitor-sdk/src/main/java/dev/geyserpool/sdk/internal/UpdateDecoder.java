package dev.geyserpool.sdk.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.pool.GapRecord;
import dev.geyserpool.sdk.AccountUpdate;
import dev.geyserpool.sdk.BlockUpdate;
import dev.geyserpool.sdk.GapUpdate;
import dev.geyserpool.sdk.MonitorUpdate;
import dev.geyserpool.sdk.TransactionStatusUpdate;
import dev.geyserpool.sdk.TransactionUpdate;
import dev.geyserpool.sdk.UnreadableRecordException;
import dev.geyserpool.sdk.UpdateContext;
import dev.geyserpool.wire.FilterNames;
import dev.geyserpool.wire.RecordHeaders;
import dev.geyserpool.wire.UpdateIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns a stream record into the typed update of one monitor: only records whose
 * {@code geyser.monitors} header names the monitor are its own; the filter names it sees are
 * its local names (the gateway qualifies them as {@code <monitor>/<filter>}). A record of type
 * {@code same} carries no bytes: its update is the value of an earlier record, which the caller's
 * {@link Originals} supplies; everything else (filters, slot, receive time, position) is the
 * {@code same} record's own.
 *
 * <p>Stateless and thread-safe; the {@link Originals} passed to {@link #decode} is called on the
 * calling thread.
 */
public final class UpdateDecoder {
  /** Where the update bytes of a record of type {@code same} come from ({@link SameRecords#valueOf}). */
  @FunctionalInterface
  public interface Originals {
    /**
     * The value of the record {@code same} repeats.
     *
     * @throws UnreadableRecordException when that record cannot be found or is no update
     */
    byte[] valueOf(ConsumerRecord<String, byte[]> same);
  }

  private static final String UPDATE = "update";

  private final String monitorId;

  public UpdateDecoder(String monitorId) {
    this.monitorId = monitorId;
  }

  /** Whether the record's {@code geyser.monitors} header names this monitor. */
  public boolean isFor(ConsumerRecord<String, byte[]> record) {
    return RecordHeaders.list(header(record, RecordHeaders.MONITORS)).contains(monitorId);
  }

  /** The {@code geyser.slot} header, or -1 when absent or not a number. */
  public static long slotOf(ConsumerRecord<String, byte[]> record) {
    try {
      byte[] slot = header(record, RecordHeaders.SLOT);
      return slot == null ? -1 : RecordHeaders.number(slot);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The {@code geyser.record-type} header: empty when absent. */
  public static String typeOf(ConsumerRecord<String, byte[]> record) {
    return RecordHeaders.text(header(record, RecordHeaders.RECORD_TYPE));
  }

  /** Whether the record's value is meant to be a {@code SubscribeUpdate}: no record type, or {@code update}. */
  public static boolean isUpdateRecord(ConsumerRecord<String, byte[]> record) {
    String type = typeOf(record);
    return type.isEmpty() || UPDATE.equals(type);
  }

  /**
   * The update a record of this monitor carries, or empty when the record is not the monitor's.
   *
   * @param originals supplies the update of a record of type {@code same}
   * @throws UnreadableRecordException when it is the monitor's but cannot be read
   */
  public Optional<MonitorUpdate> decode(ConsumerRecord<String, byte[]> record, Originals originals) {
    if (!isFor(record)) {
      return Optional.empty();
    }
    String type = typeOf(record);
    boolean same = RecordHeaders.RECORD_TYPE_SAME.equals(type);
    if (!same) {
      if (record.value() == null) {
        throw unreadable(record, "has no value", null);
      }
      if (RecordHeaders.RECORD_TYPE_GAP.equals(type)) {
        return Optional.of(gap(record));
      }
      if (!type.isEmpty() && !UPDATE.equals(type)) {
        throw unreadable(record, "has record type '" + type + "', which this SDK does not know", null);
      }
    }
    SubscribeUpdate update;
    try {
      update = SubscribeUpdate.parseFrom(same ? originals.valueOf(record) : record.value());
    } catch (InvalidProtocolBufferException e) {
      throw unreadable(record, (same ? "repeats a value that is" : "is") + " not a SubscribeUpdate: " + e.getMessage(),
          e);
    }
    UpdateContext context = context(record, UpdateIdentity.of(update).orElse(""), number(record, RecordHeaders.SLOT),
        micros(number(record, RecordHeaders.RECEIVED_AT_MICROS)));
    return Optional.of(switch (update.getUpdateOneofCase()) {
      case TRANSACTION -> new TransactionUpdate(context,
          Base58.encode(update.getTransaction().getTransaction().getSignature().toByteArray()),
          update.getTransaction().getTransaction());
      case TRANSACTION_STATUS -> new TransactionStatusUpdate(context,
          Base58.encode(update.getTransactionStatus().getSignature().toByteArray()), update.getTransactionStatus());
      case ACCOUNT -> new AccountUpdate(context,
          Base58.encode(update.getAccount().getAccount().getPubkey().toByteArray()), update.getAccount().getAccount());
      case BLOCK, BLOCK_META, SLOT -> new BlockUpdate(context, update);
      default -> throw unreadable(record, "carries a " + update.getUpdateOneofCase()
          + " update, which no monitor handler takes", null);
    });
  }

  private MonitorUpdate gap(ConsumerRecord<String, byte[]> record) {
    GapRecord gap;
    try {
      gap = GapRecord.parseFrom(record.value());
    } catch (InvalidProtocolBufferException e) {
      throw unreadable(record, "is marked as a gap but is not a GapRecord: " + e.getMessage(), e);
    }
    UpdateContext context = context(record, "gap:" + gap.getFromSlot() + "-" + gap.getToSlot(), gap.getFromSlot(),
        micros(gap.getDetectedAtEpochMicros()));
    return new GapUpdate(context, gap);
  }

  private UpdateContext context(ConsumerRecord<String, byte[]> record, String identity, long slot, Instant receivedAt) {
    List<String> own = new ArrayList<>();
    for (String filter : RecordHeaders.list(header(record, RecordHeaders.FILTERS))) {
      if (FilterNames.monitorOf(filter).filter(monitorId::equals).isPresent()) {
        own.add(FilterNames.localName(filter));
      }
    }
    return new UpdateContext(identity, slot, List.copyOf(own), receivedAt, record.topic(), record.partition(),
        record.offset());
  }

  private static long number(ConsumerRecord<String, byte[]> record, String name) {
    try {
      return RecordHeaders.number(header(record, name));
    } catch (NumberFormatException e) {
      throw unreadable(record, "has header " + name + " '" + RecordHeaders.text(header(record, name))
          + "', which is not a number", e);
    }
  }

  private static Instant micros(long epochMicros) {
    return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000), Math.floorMod(epochMicros, 1_000_000) * 1_000);
  }

  private static UnreadableRecordException unreadable(ConsumerRecord<String, byte[]> record, String why, Throwable cause) {
    return new UnreadableRecordException("the record at " + Sources.of(record) + " " + why, cause);
  }

  static byte[] header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : header.value();
  }
}
