package dev.geyserpool.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Header names and encodings of stream records. Values are UTF-8 text so that a console consumer
 * shows them as they are.
 */
public final class RecordHeaders {
  /** The ids of the monitors whose filters matched the update, comma-separated. */
  public static final String MONITORS = "geyser.monitors";
  /** The full names of the filters the update matched, comma-separated ({@code monitor/filter}). */
  public static final String FILTERS = "geyser.filters";
  /** The update's slot, decimal. */
  public static final String SLOT = "geyser.slot";
  /** When the gateway received the update, epoch microseconds, decimal. */
  public static final String RECEIVED_AT_MICROS = "geyser.received-at-us";

  /**
   * What the record value is: absent or {@code update} for a {@code SubscribeUpdate}, {@code gap}
   * for a {@code GapRecord}, {@code same} for an update the topic already holds (see
   * {@link #SAME_AS}).
   */
  public static final String RECORD_TYPE = "geyser.record-type";

  public static final String RECORD_TYPE_GAP = "gap";

  /**
   * A record of type {@code same} has an empty value: the update it carries for its monitors is
   * the value of the record at offset {@link #SAME_AS} of the same partition, published earlier
   * for other monitors (a second stream of the group, or another commitment, matched it). Its own
   * headers ({@link #MONITORS}, {@link #FILTERS}, {@link #SLOT}, {@link #RECEIVED_AT_MICROS}) are
   * what holds for its monitors. So each update's bytes are stored once per topic.
   */
  public static final String RECORD_TYPE_SAME = "same";

  /** For a record of type {@code same}: the offset, in its own partition, of the record holding the update. */
  public static final String SAME_AS = "geyser.same-as";

  /** Dead-letter records: the monitor that failed, the error, and where the record came from. */
  public static final String DLQ_MONITOR = "geyser.dlq.monitor";
  public static final String DLQ_ERROR = "geyser.dlq.error";
  public static final String DLQ_SOURCE = "geyser.dlq.source";

  private RecordHeaders() {}

  public static byte[] text(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] number(long value) {
    return text(Long.toString(value));
  }

  public static String text(byte[] value) {
    return value == null ? "" : new String(value, StandardCharsets.UTF_8);
  }

  public static long number(byte[] value) {
    return value == null || value.length == 0 ? 0L : Long.parseLong(text(value));
  }

  public static byte[] list(Iterable<String> values) {
    return text(String.join(",", values));
  }

  public static List<String> list(byte[] value) {
    String text = text(value);
    return text.isEmpty() ? List.of() : Arrays.asList(text.split(","));
  }
}
