package dev.geyserpool.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares decoded values with an EXPECTED.json entry, generically: every expected key must be
 * decoded with the same value (numbers exactly, pubkeys and strings as text, lists and nested
 * structs element by element), every decoded field must be expected, and the bookkeeping keys
 * ({@code _payload_bytes}, {@code _unread}, {@code _missing_from}, {@code _data_len},
 * {@code _unread_bytes_after_known_fields}) must match too.
 */
final class ExpectedValues {
  private ExpectedValues() {}

  /** Expected keys that describe where a value sits rather than what it holds. */
  private static final Set<String> PLACEMENT = Set.of("where", "stackHeight", "event", "outer_ix_index",
      "inner_pos", "stack_height", "accounts");

  static void instructionMatches(String context, JsonNode expected, DecodedInstruction ix) {
    assertThat(ix.name()).as(context + " name").isEqualTo(expected.get("name").asText());
    JsonNode args = expected.get("args");
    fieldsMatch(context + " args", args, ix.args(), Set.of());
    if (args.has("_missing_from")) {
      assertThat(ix.missingArgs()).as(context + " missing args").isNotEmpty();
      assertThat(ix.missingArgs().get(0)).as(context + " first missing arg")
          .isEqualTo(args.get("_missing_from").asText());
    } else {
      assertThat(ix.missingArgs()).as(context + " missing args").isEmpty();
    }
    if (args.has("_unread")) {
      assertThat(ix.unreadBytes()).as(context + " unread bytes").isEqualTo(args.get("_unread").asInt());
    }
    Map<String, String> accounts = new LinkedHashMap<>();
    expected.get("accounts").properties().forEach(e -> accounts.put(e.getKey(), e.getValue().asText()));
    assertThat(ix.accounts()).as(context + " accounts").containsExactlyEntriesOf(accounts);
    List<String> extra = new ArrayList<>();
    expected.get("extra_accounts").forEach(e -> extra.add(e.asText()));
    assertThat(ix.extraAccounts()).as(context + " extra accounts").isEqualTo(extra);
  }

  static void eventMatches(String context, JsonNode expected, DecodedEvent event) {
    assertThat(event.name()).as(context + " name").isEqualTo(expected.get("event").asText());
    fieldsMatch(context, expected, event.fields(), PLACEMENT);
    assertThat(event.payloadBytes()).as(context + " payload bytes").isEqualTo(expected.get("_payload_bytes").asInt());
    assertThat(event.unreadBytes()).as(context + " unread bytes").isEqualTo(expected.get("_unread").asInt());
  }

  static void accountMatches(String context, JsonNode expected, DecodedAccount account) {
    fieldsMatch(context, expected, account.fields(), Set.of());
    assertThat(account.dataLength()).as(context + " data length").isEqualTo(expected.get("_data_len").asInt());
    assertThat(account.unreadBytes()).as(context + " unread bytes")
        .isEqualTo(expected.get("_unread_bytes_after_known_fields").asInt());
    if (expected.has("_missing_from")) {
      assertThat(account.fields().has(expected.get("_missing_from").asText()))
          .as(context + " has the first missing field").isFalse();
    }
  }

  /**
   * Every non-bookkeeping key of {@code expected} (minus {@code ignored}) is decoded with an equal
   * value, and nothing else is decoded.
   */
  static void fieldsMatch(String context, JsonNode expected, Fields actual, Set<String> ignored) {
    Set<String> names = new LinkedHashSet<>();
    expected.fieldNames().forEachRemaining(n -> {
      if (!n.startsWith("_") && !ignored.contains(n)) {
        names.add(n);
      }
    });
    assertThat(actual.asMap().keySet()).as(context + " field names").containsExactlyElementsOf(names);
    for (String n : names) {
      valueMatches(context + "." + n, expected.get(n), actual.get(n));
    }
  }

  static void valueMatches(String context, JsonNode expected, Object actual) {
    if (expected.isIntegralNumber()) {
      assertThat(actual).as(context).isInstanceOfAny(Long.class, BigInteger.class);
      BigInteger a = actual instanceof Long l ? BigInteger.valueOf(l) : (BigInteger) actual;
      assertThat(a).as(context).isEqualTo(expected.bigIntegerValue());
    } else if (expected.isBoolean()) {
      assertThat(actual).as(context).isEqualTo(expected.booleanValue());
    } else if (expected.isTextual()) {
      assertThat(actual).as(context).isEqualTo(expected.textValue());
    } else if (expected.isArray()) {
      assertThat(actual).as(context).isInstanceOf(List.class);
      List<?> list = (List<?>) actual;
      assertThat(list).as(context + " size").hasSize(expected.size());
      for (int i = 0; i < list.size(); i++) {
        valueMatches(context + "[" + i + "]", expected.get(i), list.get(i));
      }
    } else if (expected.isObject()) {
      assertThat(actual).as(context).isInstanceOf(Fields.class);
      fieldsMatch(context, expected, (Fields) actual, Set.of());
    } else {
      throw new AssertionError(context + ": cannot compare expected " + expected);
    }
  }
}
