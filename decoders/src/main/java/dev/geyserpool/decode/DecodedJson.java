package dev.geyserpool.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One-line JSON for decoded values, as monitors publish them. Integers are JSON numbers (a
 * {@code u64} above {@code Long.MAX_VALUE} as its exact unsigned value), pubkeys base58 strings,
 * derived decimals plain JSON numbers (never an exponent), enum variants and structs nested
 * objects. Shapes:
 * <pre>
 * {"type":"instruction","program":"pump","name":"buy","signature":…,"slot":…,"path":"top[2]",
 *  "stack_height":1,"args":{…},"accounts":{…},"extra_accounts":[…],"missing_args":[…],"unread_bytes":0}
 * {"type":"event","program":"pump","name":"TradeEvent","signature":…,"slot":…,"path":"inner[2][8]",
 *  "stack_height":2,"source":"inner_instruction","parent":"top[2]","parent_name":"buy",
 *  "fields":{…},"derived":{…},"payload_bytes":350,"unread_bytes":0}
 * {"type":"account","program":"pump","account_type":"BondingCurve","pubkey":…,"slot":…,
 *  "lamports":…,"txn_signature":…,"fields":{…},"derived":{…},"data_len":151,"unread_bytes":36}
 * </pre>
 * {@code program} is the IDL name ({@code pump}, {@code pump_amm}, {@code raydium_launchpad}).
 *
 * <p>Stateless and thread-safe (Jackson's factory is).
 */
public final class DecodedJson {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
      .build();

  private DecodedJson() {}

  /**
   * Every instruction, then every event, of a transaction: one line each. The instructions of a
   * failed transaction carry {@code "failed":true} (it changed nothing and has no events).
   */
  public static List<String> lines(DecodedTransaction tx) {
    List<String> lines = new ArrayList<>();
    for (DecodedInstruction ix : tx.instructions()) {
      lines.add(instruction(ix, tx.signature(), tx.slot(), tx.failed()));
    }
    for (DecodedEvent e : tx.events()) {
      lines.add(event(e, tx.signature(), tx.slot()));
    }
    return lines;
  }

  /** An instruction of the transaction {@code signature} landed in {@code slot}. */
  public static String instruction(DecodedInstruction ix, String signature, long slot) {
    return instruction(ix, signature, slot, false);
  }

  /** As {@link #instruction(DecodedInstruction, String, long)}, marking a failed transaction's. */
  public static String instruction(DecodedInstruction ix, String signature, long slot, boolean failed) {
    return write(g -> {
      head(g, "instruction", ix.program(), ix.name(), signature, slot, ix.location());
      if (failed) {
        g.writeBooleanField("failed", true);
      }
      g.writeFieldName("args");
      fields(g, ix.args());
      g.writeObjectFieldStart("accounts");
      for (Map.Entry<String, String> a : ix.accounts().entrySet()) {
        g.writeStringField(a.getKey(), a.getValue());
      }
      g.writeEndObject();
      strings(g, "extra_accounts", ix.extraAccounts());
      strings(g, "missing_args", ix.missingArgs());
      g.writeNumberField("unread_bytes", ix.unreadBytes());
    });
  }

  /** An event of the transaction {@code signature} landed in {@code slot}. */
  public static String event(DecodedEvent e, String signature, long slot) {
    return write(g -> {
      head(g, "event", e.program(), e.name(), signature, slot, e.location());
      g.writeStringField("source", e.source().name().toLowerCase());
      if (e.parent() != null) {
        g.writeStringField("parent", e.parent().location().path());
        g.writeStringField("parent_name", e.parent().name());
      }
      g.writeFieldName("fields");
      fields(g, e.fields());
      g.writeFieldName("derived");
      fields(g, e.derived());
      g.writeNumberField("payload_bytes", e.payloadBytes());
      g.writeNumberField("unread_bytes", e.unreadBytes());
    });
  }

  /** An account; its slot and writing transaction are its own. */
  public static String account(DecodedAccount a) {
    return write(g -> {
      g.writeStringField("type", "account");
      g.writeStringField("program", a.program().idlName());
      g.writeStringField("account_type", a.type());
      g.writeStringField("pubkey", a.pubkey());
      g.writeNumberField("slot", a.slot());
      g.writeNumberField("lamports", a.lamports());
      if (a.txnSignature() != null) {
        g.writeStringField("txn_signature", a.txnSignature());
      }
      g.writeFieldName("fields");
      fields(g, a.fields());
      g.writeFieldName("derived");
      fields(g, a.derived());
      g.writeNumberField("data_len", a.dataLength());
      g.writeNumberField("unread_bytes", a.unreadBytes());
    });
  }

  /** Decoded fields as a JSON object. */
  public static String fields(Fields fields) {
    return write(g -> {
      for (Map.Entry<String, Object> e : fields.asMap().entrySet()) {
        g.writeFieldName(e.getKey());
        value(g, e.getValue());
      }
    });
  }

  private static void head(JsonGenerator g, String type, Program program, String name,
      String signature, long slot, Location location) throws IOException {
    g.writeStringField("type", type);
    g.writeStringField("program", program.idlName());
    g.writeStringField("name", name);
    g.writeStringField("signature", signature);
    g.writeNumberField("slot", slot);
    g.writeStringField("path", location.path());
    g.writeNumberField("stack_height", location.stackHeight());
  }

  private static void fields(JsonGenerator g, Fields fields) throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, Object> e : fields.asMap().entrySet()) {
      g.writeFieldName(e.getKey());
      value(g, e.getValue());
    }
    g.writeEndObject();
  }

  private static void value(JsonGenerator g, Object v) throws IOException {
    if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof BigInteger b) {
      g.writeNumber(b);
    } else if (v instanceof BigDecimal d) {
      g.writeNumber(d);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Fields f) {
      fields(g, f);
    } else if (v instanceof List<?> list) {
      g.writeStartArray();
      for (Object item : list) {
        value(g, item);
      }
      g.writeEndArray();
    } else if (v instanceof Number n) {
      g.writeNumber(n.longValue());
    } else {
      g.writeString(String.valueOf(v));
    }
  }

  private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static String write(Body body) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      body.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to a StringWriter cannot fail", e);
    }
    return out.toString();
  }
}
