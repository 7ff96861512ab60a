package dev.geyserpool.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionInfo;
import dev.geyserpool.proto.solana.CompiledInstruction;
import dev.geyserpool.proto.solana.InnerInstruction;
import dev.geyserpool.proto.solana.InnerInstructions;
import dev.geyserpool.proto.solana.Message;
import dev.geyserpool.proto.solana.MessageHeader;
import dev.geyserpool.proto.solana.Transaction;
import dev.geyserpool.proto.solana.TransactionError;
import dev.geyserpool.proto.solana.TransactionStatusMeta;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Turns JSON-RPC captures into the Yellowstone messages the decoder takes: a
 * {@code getTransaction} (jsonParsed) result and a {@code blockSubscribe} transaction (base64 wire
 * transaction + JSON meta). Test code only.
 */
final class RpcTransactions {
  private RpcTransactions() {}

  /**
   * A jsonParsed {@code getTransaction} result. Its {@code accountKeys} list the full table
   * (static keys, then lookup-table writable, then readonly); instructions the RPC parsed (system,
   * token) carry no raw data and become empty instructions of their program.
   */
  static SubscribeUpdateTransactionInfo fromGetTransaction(JsonNode result) {
    JsonNode tx = result.get("transaction");
    JsonNode msg = tx.get("message");
    List<String> table = new ArrayList<>();
    Message.Builder m = Message.newBuilder().setVersioned(true)
        .setRecentBlockhash(key(msg.get("recentBlockhash").asText()));
    TransactionStatusMeta.Builder meta = TransactionStatusMeta.newBuilder();
    int signers = 0;
    for (JsonNode k : msg.get("accountKeys")) {
      String pubkey = k.get("pubkey").asText();
      table.add(pubkey);
      String source = k.path("source").asText("transaction");
      if (source.equals("transaction")) {
        m.addAccountKeys(key(pubkey));
        signers += k.get("signer").asBoolean() ? 1 : 0;
      } else if (k.get("writable").asBoolean()) {
        meta.addLoadedWritableAddresses(key(pubkey));
      } else {
        meta.addLoadedReadonlyAddresses(key(pubkey));
      }
    }
    m.setHeader(MessageHeader.newBuilder().setNumRequiredSignatures(signers));
    for (JsonNode ix : msg.get("instructions")) {
      m.addInstructions(CompiledInstruction.newBuilder()
          .setProgramIdIndex(table.indexOf(ix.get("programId").asText()))
          .setAccounts(indexes(ix, table))
          .setData(data(ix)));
    }
    for (JsonNode group : result.get("meta").get("innerInstructions")) {
      InnerInstructions.Builder g = InnerInstructions.newBuilder().setIndex(group.get("index").asInt());
      for (JsonNode ix : group.get("instructions")) {
        g.addInstructions(InnerInstruction.newBuilder()
            .setProgramIdIndex(table.indexOf(ix.get("programId").asText()))
            .setAccounts(indexes(ix, table))
            .setData(data(ix))
            .setStackHeight(ix.get("stackHeight").asInt()));
      }
      meta.addInnerInstructions(g);
    }
    commonMeta(result.get("meta"), meta);
    Transaction.Builder t = Transaction.newBuilder();
    for (JsonNode s : tx.get("signatures")) {
      t.addSignatures(key(s.asText()));
    }
    return SubscribeUpdateTransactionInfo.newBuilder()
        .setSignature(t.getSignatures(0))
        .setTransaction(t.setMessage(m))
        .setMeta(meta)
        .build();
  }

  /** A {@code blockSubscribe} transaction: {@code {transaction: [base64, "base64"], meta}}. */
  static SubscribeUpdateTransactionInfo fromBlockSubscribe(JsonNode entry) {
    Transaction tx = WireTransaction.parse(Base64.getDecoder().decode(entry.get("transaction").get(0).asText()));
    JsonNode metaJson = entry.get("meta");
    TransactionStatusMeta.Builder meta = TransactionStatusMeta.newBuilder();
    for (JsonNode k : metaJson.path("loadedAddresses").path("writable")) {
      meta.addLoadedWritableAddresses(key(k.asText()));
    }
    for (JsonNode k : metaJson.path("loadedAddresses").path("readonly")) {
      meta.addLoadedReadonlyAddresses(key(k.asText()));
    }
    for (JsonNode group : metaJson.get("innerInstructions")) {
      InnerInstructions.Builder g = InnerInstructions.newBuilder().setIndex(group.get("index").asInt());
      for (JsonNode ix : group.get("instructions")) {
        byte[] accounts = new byte[ix.get("accounts").size()];
        for (int i = 0; i < accounts.length; i++) {
          accounts[i] = (byte) ix.get("accounts").get(i).asInt();
        }
        g.addInstructions(InnerInstruction.newBuilder()
            .setProgramIdIndex(ix.get("programIdIndex").asInt())
            .setAccounts(ByteString.copyFrom(accounts))
            .setData(ByteString.copyFrom(Base58.decode(ix.get("data").asText())))
            .setStackHeight(ix.get("stackHeight").asInt()));
      }
      meta.addInnerInstructions(g);
    }
    commonMeta(metaJson, meta);
    return SubscribeUpdateTransactionInfo.newBuilder()
        .setSignature(tx.getSignatures(0))
        .setTransaction(tx)
        .setMeta(meta)
        .build();
  }

  /** The same transaction as delivered without inner instructions: only logs carry its events. */
  static SubscribeUpdateTransactionInfo withoutInnerInstructions(SubscribeUpdateTransactionInfo info) {
    return info.toBuilder()
        .setMeta(info.getMeta().toBuilder().clearInnerInstructions().setInnerInstructionsNone(true))
        .build();
  }

  private static void commonMeta(JsonNode json, TransactionStatusMeta.Builder meta) {
    if (!json.path("err").isNull() && !json.path("err").isMissingNode()) {
      meta.setErr(TransactionError.newBuilder().setErr(ByteString.copyFromUtf8(json.get("err").toString())));
    }
    meta.setFee(json.path("fee").asLong());
    for (JsonNode line : json.get("logMessages")) {
      meta.addLogMessages(line.asText());
    }
  }

  private static ByteString indexes(JsonNode ix, List<String> table) {
    JsonNode accounts = ix.path("accounts");
    byte[] b = new byte[accounts.size()];
    for (int i = 0; i < b.length; i++) {
      int index = table.indexOf(accounts.get(i).asText());
      if (index < 0) {
        throw new IllegalArgumentException("account " + accounts.get(i) + " is not in accountKeys");
      }
      b[i] = (byte) index;
    }
    return ByteString.copyFrom(b);
  }

  private static ByteString data(JsonNode ix) {
    return ix.has("data") ? ByteString.copyFrom(Base58.decode(ix.get("data").asText())) : ByteString.EMPTY;
  }

  private static ByteString key(String base58) {
    return ByteString.copyFrom(Base58.decode(base58));
  }
}
