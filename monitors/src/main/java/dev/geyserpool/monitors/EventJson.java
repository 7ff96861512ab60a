package dev.geyserpool.monitors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * The JSON form of a {@link MonitorEvent}: {@code {"monitor":…,"type":…, <the record's components
 * in snake_case>}}; nulls left out, decimals written plainly (never in exponent form). Thread-safe.
 */
public final class EventJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .configure(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN, true)
      .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private EventJson() {}

  /** The event as one line of JSON. */
  public static String toJson(String monitorId, MonitorEvent event) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("monitor", monitorId);
    node.put("type", event.type());
    ObjectNode fields = MAPPER.valueToTree(event);
    fields.remove("type");
    fields.remove("key");
    fields.remove("line");
    node.setAll(fields);
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + event.type() + " event as JSON: " + e.getMessage(), e);
    }
  }

  /** {@link #toJson} as UTF-8 bytes. */
  public static byte[] toBytes(String monitorId, MonitorEvent event) {
    return toJson(monitorId, event).getBytes(StandardCharsets.UTF_8);
  }

  /** Reads a published event back as a tree (for tools and tests). */
  public static com.fasterxml.jackson.databind.JsonNode read(byte[] json) {
    try {
      return MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not a monitor event: " + e.getMessage(), e);
    }
  }
}
