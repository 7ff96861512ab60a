package dev.geyserpool.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.DescriptorProto.ReservedRange;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.Type;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.geyserpool.proto.geyser.BlockFooterFinalCert;
import dev.geyserpool.proto.geyser.BlockFooterNotarRewardCert;
import dev.geyserpool.proto.geyser.BlockFooterSkipRewardCert;
import dev.geyserpool.proto.geyser.BlockFooterVotesAggregate;
import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.proto.geyser.GeyserGrpc;
import dev.geyserpool.proto.geyser.SlotStatus;
import dev.geyserpool.proto.geyser.SubscribeDeshredRequest;
import dev.geyserpool.proto.geyser.SubscribeGossipRequest;
import dev.geyserpool.proto.geyser.SubscribeReplayInfoRequest;
import dev.geyserpool.proto.geyser.SubscribeReplayInfoResponse;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestAccountsDataSlice;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterBlockFooter;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterBlocksMeta;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterDeshredTransactions;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterEntry;
import dev.geyserpool.proto.geyser.SubscribeRequestPing;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.geyser.SubscribeUpdateBlock;
import dev.geyserpool.proto.geyser.SubscribeUpdateBlockFooter;
import dev.geyserpool.proto.geyser.SubscribeUpdateBlockMeta;
import dev.geyserpool.proto.geyser.SubscribeUpdateDeshred;
import dev.geyserpool.proto.geyser.SubscribeUpdateDeshredUpdateParent;
import dev.geyserpool.proto.geyser.SubscribeUpdateEntry;
import dev.geyserpool.proto.geyser.SubscribeUpdateEntryUpdateParent;
import dev.geyserpool.proto.geyser.SubscribeUpdateGossip;
import dev.geyserpool.proto.geyser.SubscribeUpdatePing;
import dev.geyserpool.proto.geyser.SubscribeUpdatePong;
import dev.geyserpool.proto.solana.Reward;
import dev.geyserpool.proto.solana.RewardType;
import dev.geyserpool.proto.solana.TransactionConfig;
import dev.geyserpool.proto.solana.TransactionStatusMeta;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.MethodDescriptor.PrototypeMarshaller;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins our geyser.proto and solana-storage.proto to upstream Yellowstone gRPC: every field and
 * enum value below, every rpc of geyser.Geyser, was read from rpcpool/yellowstone-grpc at commit
 * 0cef11ffeccdffcc1eafcc7b27c757688a43948c ({@code yellowstone-grpc-proto/proto/geyser.proto}, and
 * for solana-storage.proto the fields upstream's plugin fills at that commit, numbered as in
 * Agave's confirmed_block.proto). A wrong number, type, label or oneof silently corrupts decoding
 * against a real server, so each is checked through the generated descriptors.
 *
 * <p>The messages tabled here are tabled whole: a field added on our side without upstream, or
 * one upstream has that we dropped, fails {@link #tabledMessagesDeclareExactlyTheTabledFields}.
 * When upstream changes, update the proto files and this table from the same commit.
 */
class ParityWithUpstreamTest {

  /** How a field is declared: proto3 implicit presence, {@code optional}, repeated, or a map. */
  enum Shape { PLAIN, OPTIONAL, REPEATED, MAP }

  /**
   * One upstream field. {@code typeName} is the full name of the message or enum type (for a map,
   * of its value type) and null for scalars; {@code oneof} names the oneof the field belongs to.
   */
  record Row(Descriptor message, String name, int number, Shape shape, Type type, String typeName,
      String oneof) {
    Row in(String oneofName) {
      return new Row(message, name, number, shape, type, typeName, oneofName);
    }

    @Override
    public String toString() {
      return message.getFullName() + "." + name + " = " + number;
    }
  }

  private static Row scalar(Descriptor m, String name, int number, Shape shape, Type type) {
    return new Row(m, name, number, shape, type, null, null);
  }

  private static Row message(Descriptor m, String name, int number, Shape shape, String typeName) {
    return new Row(m, name, number, shape, Type.MESSAGE, typeName, null);
  }

  private static Row enumOf(Descriptor m, String name, int number, Shape shape, String typeName) {
    return new Row(m, name, number, shape, Type.ENUM, typeName, null);
  }

  /** A {@code map<string, valueType>} field, the only key type upstream uses. */
  private static Row map(Descriptor m, String name, int number, String valueType) {
    return new Row(m, name, number, Shape.MAP, Type.MESSAGE, valueType, null);
  }

  private static final Shape PLAIN = Shape.PLAIN;
  private static final Shape OPTIONAL = Shape.OPTIONAL;
  private static final Shape REPEATED = Shape.REPEATED;

  static List<Row> upstreamFields() {
    Descriptor req = SubscribeRequest.getDescriptor();
    Descriptor slice = SubscribeRequestAccountsDataSlice.getDescriptor();
    Descriptor ping = SubscribeRequestPing.getDescriptor();
    Descriptor entryFilter = SubscribeRequestFilterEntry.getDescriptor();
    Descriptor footerFilter = SubscribeRequestFilterBlockFooter.getDescriptor();
    Descriptor deshredFilter = SubscribeRequestFilterDeshredTransactions.getDescriptor();
    Descriptor deshredReq = SubscribeDeshredRequest.getDescriptor();
    Descriptor update = SubscribeUpdate.getDescriptor();
    Descriptor block = SubscribeUpdateBlock.getDescriptor();
    Descriptor meta = SubscribeUpdateBlockMeta.getDescriptor();
    Descriptor footer = SubscribeUpdateBlockFooter.getDescriptor();
    Descriptor aggregate = BlockFooterVotesAggregate.getDescriptor();
    Descriptor finalCert = BlockFooterFinalCert.getDescriptor();
    Descriptor skipCert = BlockFooterSkipRewardCert.getDescriptor();
    Descriptor notarCert = BlockFooterNotarRewardCert.getDescriptor();
    Descriptor entry = SubscribeUpdateEntry.getDescriptor();
    Descriptor entryParent = SubscribeUpdateEntryUpdateParent.getDescriptor();
    Descriptor deshredParent = SubscribeUpdateDeshredUpdateParent.getDescriptor();
    Descriptor deshred = SubscribeUpdateDeshred.getDescriptor();
    Descriptor gossip = SubscribeUpdateGossip.getDescriptor();
    Descriptor replay = SubscribeReplayInfoResponse.getDescriptor();
    Descriptor pong = SubscribeUpdatePong.getDescriptor();
    Descriptor txMessage = dev.geyserpool.proto.solana.Message.getDescriptor();
    Descriptor txConfig = TransactionConfig.getDescriptor();
    Descriptor txMeta = TransactionStatusMeta.getDescriptor();
    Descriptor reward = Reward.getDescriptor();
    String g = "geyser.";
    String s = "solana.storage.ConfirmedBlock.";
    return List.of(
        map(req, "accounts", 1, g + "SubscribeRequestFilterAccounts"),
        map(req, "slots", 2, g + "SubscribeRequestFilterSlots"),
        map(req, "transactions", 3, g + "SubscribeRequestFilterTransactions"),
        map(req, "transactions_status", 10, g + "SubscribeRequestFilterTransactions"),
        map(req, "blocks", 4, g + "SubscribeRequestFilterBlocks"),
        map(req, "blocks_meta", 5, g + "SubscribeRequestFilterBlocksMeta"),
        map(req, "entry", 8, g + "SubscribeRequestFilterEntry"),
        enumOf(req, "commitment", 6, OPTIONAL, g + "CommitmentLevel"),
        message(req, "accounts_data_slice", 7, REPEATED, g + "SubscribeRequestAccountsDataSlice"),
        message(req, "ping", 9, OPTIONAL, g + "SubscribeRequestPing"),
        scalar(req, "from_slot", 11, OPTIONAL, Type.UINT64),
        map(req, "block_footer", 12, g + "SubscribeRequestFilterBlockFooter"),

        scalar(slice, "offset", 1, PLAIN, Type.UINT64),
        scalar(slice, "length", 2, PLAIN, Type.UINT64),
        scalar(ping, "id", 1, PLAIN, Type.INT32),
        scalar(entryFilter, "include_update_parent", 1, OPTIONAL, Type.BOOL),
        scalar(footerFilter, "include_certificates", 1, OPTIONAL, Type.BOOL),

        scalar(deshredFilter, "vote", 1, OPTIONAL, Type.BOOL),
        scalar(deshredFilter, "account_include", 2, REPEATED, Type.STRING),
        scalar(deshredFilter, "account_exclude", 3, REPEATED, Type.STRING),
        scalar(deshredFilter, "account_required", 4, REPEATED, Type.STRING),
        scalar(deshredFilter, "include_update_parent", 5, OPTIONAL, Type.BOOL),
        map(deshredReq, "deshred_transactions", 1, g + "SubscribeRequestFilterDeshredTransactions"),
        message(deshredReq, "ping", 2, OPTIONAL, g + "SubscribeRequestPing"),
        map(deshredReq, "slots", 3, g + "SubscribeRequestFilterSlots"),

        scalar(update, "filters", 1, REPEATED, Type.STRING),
        message(update, "account", 2, PLAIN, g + "SubscribeUpdateAccount").in("update_oneof"),
        message(update, "slot", 3, PLAIN, g + "SubscribeUpdateSlot").in("update_oneof"),
        message(update, "transaction", 4, PLAIN, g + "SubscribeUpdateTransaction").in("update_oneof"),
        message(update, "transaction_status", 10, PLAIN, g + "SubscribeUpdateTransactionStatus")
            .in("update_oneof"),
        message(update, "block", 5, PLAIN, g + "SubscribeUpdateBlock").in("update_oneof"),
        message(update, "ping", 6, PLAIN, g + "SubscribeUpdatePing").in("update_oneof"),
        message(update, "pong", 9, PLAIN, g + "SubscribeUpdatePong").in("update_oneof"),
        message(update, "block_meta", 7, PLAIN, g + "SubscribeUpdateBlockMeta").in("update_oneof"),
        message(update, "entry", 8, PLAIN, g + "SubscribeUpdateEntry").in("update_oneof"),
        message(update, "block_footer", 12, PLAIN, g + "SubscribeUpdateBlockFooter").in("update_oneof"),
        message(update, "entry_update_parent", 13, PLAIN, g + "SubscribeUpdateEntryUpdateParent")
            .in("update_oneof"),
        message(update, "created_at", 11, PLAIN, "google.protobuf.Timestamp"),

        scalar(block, "slot", 1, PLAIN, Type.UINT64),
        scalar(block, "blockhash", 2, PLAIN, Type.STRING),
        message(block, "rewards", 3, PLAIN, s + "Rewards"),
        message(block, "block_time", 4, PLAIN, s + "UnixTimestamp"),
        message(block, "block_height", 5, PLAIN, s + "BlockHeight"),
        scalar(block, "parent_slot", 7, PLAIN, Type.UINT64),
        scalar(block, "parent_blockhash", 8, PLAIN, Type.STRING),
        scalar(block, "executed_transaction_count", 9, PLAIN, Type.UINT64),
        message(block, "transactions", 6, REPEATED, g + "SubscribeUpdateTransactionInfo"),
        scalar(block, "updated_account_count", 10, PLAIN, Type.UINT64),
        message(block, "accounts", 11, REPEATED, g + "SubscribeUpdateAccountInfo"),
        scalar(block, "entries_count", 12, PLAIN, Type.UINT64),
        message(block, "entries", 13, REPEATED, g + "SubscribeUpdateEntry"),
        scalar(block, "bank_id", 14, PLAIN, Type.UINT64),

        scalar(meta, "slot", 1, PLAIN, Type.UINT64),
        scalar(meta, "blockhash", 2, PLAIN, Type.STRING),
        message(meta, "rewards", 3, PLAIN, s + "Rewards"),
        message(meta, "block_time", 4, PLAIN, s + "UnixTimestamp"),
        message(meta, "block_height", 5, PLAIN, s + "BlockHeight"),
        scalar(meta, "parent_slot", 6, PLAIN, Type.UINT64),
        scalar(meta, "parent_blockhash", 7, PLAIN, Type.STRING),
        scalar(meta, "executed_transaction_count", 8, PLAIN, Type.UINT64),
        scalar(meta, "entries_count", 9, PLAIN, Type.UINT64),
        scalar(meta, "bank_id", 10, PLAIN, Type.UINT64),

        scalar(footer, "slot", 1, PLAIN, Type.UINT64),
        scalar(footer, "bank_id", 2, PLAIN, Type.UINT64),
        scalar(footer, "bank_hash", 3, PLAIN, Type.BYTES),
        scalar(footer, "block_producer_time_nanos", 4, PLAIN, Type.UINT64),
        scalar(footer, "block_user_agent", 5, PLAIN, Type.BYTES),
        message(footer, "block_final_cert", 9, OPTIONAL, g + "BlockFooterFinalCert"),
        message(footer, "skip_reward_cert", 10, OPTIONAL, g + "BlockFooterSkipRewardCert"),
        message(footer, "notar_reward_cert", 11, OPTIONAL, g + "BlockFooterNotarRewardCert"),
        scalar(aggregate, "signature", 1, PLAIN, Type.BYTES),
        scalar(aggregate, "bitmap", 2, PLAIN, Type.BYTES),
        scalar(finalCert, "slot", 1, PLAIN, Type.UINT64),
        scalar(finalCert, "block_id", 2, PLAIN, Type.BYTES),
        message(finalCert, "final_aggregate", 3, PLAIN, g + "BlockFooterVotesAggregate"),
        message(finalCert, "notar_aggregate", 4, OPTIONAL, g + "BlockFooterVotesAggregate"),
        scalar(skipCert, "slot", 1, PLAIN, Type.UINT64),
        message(skipCert, "aggregate", 2, PLAIN, g + "BlockFooterVotesAggregate"),
        scalar(notarCert, "slot", 1, PLAIN, Type.UINT64),
        scalar(notarCert, "block_id", 2, PLAIN, Type.BYTES),
        message(notarCert, "aggregate", 3, PLAIN, g + "BlockFooterVotesAggregate"),

        scalar(entry, "slot", 1, PLAIN, Type.UINT64),
        scalar(entry, "index", 2, PLAIN, Type.UINT64),
        scalar(entry, "num_hashes", 3, PLAIN, Type.UINT64),
        scalar(entry, "hash", 4, PLAIN, Type.BYTES),
        scalar(entry, "executed_transaction_count", 5, PLAIN, Type.UINT64),
        scalar(entry, "starting_transaction_index", 6, PLAIN, Type.UINT64),
        scalar(entry, "bank_id", 7, PLAIN, Type.UINT64),
        scalar(entryParent, "slot", 1, PLAIN, Type.UINT64),
        scalar(entryParent, "cleared_bank_id", 2, PLAIN, Type.UINT64),
        scalar(entryParent, "parent_slot", 3, PLAIN, Type.UINT64),
        scalar(entryParent, "parent_block_id", 4, PLAIN, Type.BYTES),
        scalar(deshredParent, "slot", 1, PLAIN, Type.UINT64),
        scalar(deshredParent, "update_parent_fec_set_index", 2, PLAIN, Type.UINT32),
        scalar(deshredParent, "parent_slot", 3, PLAIN, Type.UINT64),
        scalar(deshredParent, "parent_block_id", 4, PLAIN, Type.BYTES),

        scalar(deshred, "filters", 1, REPEATED, Type.STRING),
        message(deshred, "deshred_transaction", 2, PLAIN, g + "SubscribeUpdateDeshredTransaction")
            .in("update_oneof"),
        message(deshred, "ping", 3, PLAIN, g + "SubscribeUpdatePing").in("update_oneof"),
        message(deshred, "pong", 4, PLAIN, g + "SubscribeUpdatePong").in("update_oneof"),
        message(deshred, "slot", 6, PLAIN, g + "SubscribeUpdateSlot").in("update_oneof"),
        message(deshred, "deshred_update_parent", 7, PLAIN, g + "SubscribeUpdateDeshredUpdateParent")
            .in("update_oneof"),
        message(deshred, "created_at", 5, PLAIN, "google.protobuf.Timestamp"),

        message(gossip, "node", 1, PLAIN, g + "SubscribeUpdateContactInfoNode").in("update_oneof"),
        message(gossip, "removed", 2, PLAIN, g + "SubscribeUpdateContactInfoRemoved").in("update_oneof"),
        message(gossip, "ping", 3, PLAIN, g + "SubscribeUpdatePing").in("update_oneof"),
        message(gossip, "snapshot", 6, PLAIN, g + "GossipTopology").in("update_oneof"),
        message(gossip, "created_at", 5, PLAIN, "google.protobuf.Timestamp"),
        scalar(gossip, "seq", 7, PLAIN, Type.UINT64),

        scalar(replay, "first_available", 1, OPTIONAL, Type.UINT64),
        scalar(pong, "id", 1, PLAIN, Type.INT32),

        message(txMessage, "header", 1, PLAIN, s + "MessageHeader"),
        scalar(txMessage, "account_keys", 2, REPEATED, Type.BYTES),
        scalar(txMessage, "recent_blockhash", 3, PLAIN, Type.BYTES),
        message(txMessage, "instructions", 4, REPEATED, s + "CompiledInstruction"),
        scalar(txMessage, "versioned", 5, PLAIN, Type.BOOL),
        message(txMessage, "address_table_lookups", 6, REPEATED, s + "MessageAddressTableLookup"),
        message(txMessage, "config", 7, PLAIN, s + "TransactionConfig"),
        scalar(txConfig, "priority_fee", 1, OPTIONAL, Type.UINT64),
        scalar(txConfig, "compute_unit_limit", 2, OPTIONAL, Type.UINT32),
        scalar(txConfig, "loaded_accounts_data_size_limit", 3, OPTIONAL, Type.UINT32),
        scalar(txConfig, "heap_size", 4, OPTIONAL, Type.UINT32),

        message(txMeta, "err", 1, PLAIN, s + "TransactionError"),
        scalar(txMeta, "fee", 2, PLAIN, Type.UINT64),
        scalar(txMeta, "pre_balances", 3, REPEATED, Type.UINT64),
        scalar(txMeta, "post_balances", 4, REPEATED, Type.UINT64),
        message(txMeta, "inner_instructions", 5, REPEATED, s + "InnerInstructions"),
        scalar(txMeta, "inner_instructions_none", 10, PLAIN, Type.BOOL),
        scalar(txMeta, "log_messages", 6, REPEATED, Type.STRING),
        scalar(txMeta, "log_messages_none", 11, PLAIN, Type.BOOL),
        message(txMeta, "pre_token_balances", 7, REPEATED, s + "TokenBalance"),
        message(txMeta, "post_token_balances", 8, REPEATED, s + "TokenBalance"),
        message(txMeta, "rewards", 9, REPEATED, s + "Reward"),
        scalar(txMeta, "loaded_writable_addresses", 12, REPEATED, Type.BYTES),
        scalar(txMeta, "loaded_readonly_addresses", 13, REPEATED, Type.BYTES),
        message(txMeta, "return_data", 14, PLAIN, s + "ReturnData"),
        scalar(txMeta, "return_data_none", 15, PLAIN, Type.BOOL),
        scalar(txMeta, "compute_units_consumed", 16, OPTIONAL, Type.UINT64),
        scalar(txMeta, "cost_units", 17, OPTIONAL, Type.UINT64),

        scalar(reward, "pubkey", 1, PLAIN, Type.STRING),
        scalar(reward, "lamports", 2, PLAIN, Type.INT64),
        scalar(reward, "post_balance", 3, PLAIN, Type.UINT64),
        enumOf(reward, "reward_type", 4, PLAIN, s + "RewardType"),
        scalar(reward, "commission", 5, PLAIN, Type.STRING),
        scalar(reward, "commission_bps", 6, PLAIN, Type.STRING));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("upstreamFields")
  void fieldMatchesUpstream(Row row) {
    FieldDescriptor field = row.message().findFieldByName(row.name());
    assertThat(field).as("%s exists", row).isNotNull();
    assertThat(field.getNumber()).as("number of %s", row).isEqualTo(row.number());
    assertThat(field.getType()).as("type of %s", row).isEqualTo(row.type());
    assertThat(shapeOf(field)).as("label of %s", row).isEqualTo(row.shape());
    assertThat(typeNameOf(field)).as("type name of %s", row).isEqualTo(row.typeName());
    OneofDescriptor oneof = field.getRealContainingOneof();
    assertThat(oneof == null ? null : oneof.getName()).as("oneof of %s", row).isEqualTo(row.oneof());
  }

  @Test
  void tabledMessagesDeclareExactlyTheTabledFields() {
    Map<Descriptor, Map<Integer, String>> tabled = new LinkedHashMap<>();
    for (Row row : upstreamFields()) {
      tabled.computeIfAbsent(row.message(), m -> new TreeMap<>()).put(row.number(), row.name());
    }
    tabled.forEach((message, fields) -> assertThat(numbersToNames(message))
        .as("fields of %s", message.getFullName())
        .isEqualTo(fields));
  }

  @Test
  void filterAndKeepaliveMessagesUpstreamLeavesEmptyStayEmpty() {
    // Upstream keys these by filter name only; a field here would be a field the server ignores.
    Stream.of(SubscribeRequestFilterBlocksMeta.getDescriptor(), SubscribeUpdatePing.getDescriptor(),
            SubscribeReplayInfoRequest.getDescriptor(), SubscribeGossipRequest.getDescriptor())
        .forEach(message -> assertThat(message.getFields()).as(message.getFullName()).isEmpty());
  }

  @Test
  void blockFooterReservesTheNumbersOfTheRetiredWincodeCertificates() {
    // Upstream carried the certificates as wincode bytes in 6, 7 and 8 before moving them to typed
    // messages in 9, 10 and 11; reusing those numbers would misread an older server's footers.
    Descriptor footer = SubscribeUpdateBlockFooter.getDescriptor();
    List<ReservedRange> reserved = footer.toProto().getReservedRangeList();
    for (int number = 6; number <= 8; number++) {
      int n = number;
      assertThat(reserved).as("reserved %d", n).anyMatch(r -> r.getStart() <= n && n < r.getEnd());
      assertThat(footer.findFieldByNumber(n)).as("field %d", n).isNull();
    }
  }

  static Stream<Arguments> upstreamEnumValues() {
    EnumDescriptor commitment = CommitmentLevel.getDescriptor();
    EnumDescriptor slot = SlotStatus.getDescriptor();
    EnumDescriptor reward = RewardType.getDescriptor();
    return Stream.of(
        Arguments.of(commitment, Map.of("PROCESSED", 0, "CONFIRMED", 1, "FINALIZED", 2)),
        Arguments.of(slot, Map.of("SLOT_PROCESSED", 0, "SLOT_CONFIRMED", 1, "SLOT_FINALIZED", 2,
            "SLOT_FIRST_SHRED_RECEIVED", 3, "SLOT_COMPLETED", 4, "SLOT_CREATED_BANK", 5, "SLOT_DEAD", 6)),
        Arguments.of(reward, Map.of("Unspecified", 0, "Fee", 1, "Rent", 2, "Staking", 3, "Voting", 4,
            "DeactivatedStake", 5, "VATDebit", 6)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("upstreamEnumValues")
  void enumValuesMatchUpstream(EnumDescriptor type, Map<String, Integer> values) {
    Map<String, Integer> ours = type.getValues().stream()
        .collect(Collectors.toMap(v -> v.getName(), v -> v.getNumber()));
    assertThat(ours).isEqualTo(values);
  }

  /** One upstream rpc of geyser.Geyser: its request and response types and streaming shape. */
  record Rpc(String name, String request, String response, MethodType type) {}

  private static final List<Rpc> UPSTREAM_RPCS = List.of(
      new Rpc("Subscribe", "geyser.SubscribeRequest", "geyser.SubscribeUpdate", MethodType.BIDI_STREAMING),
      new Rpc("SubscribeDeshred", "geyser.SubscribeDeshredRequest", "geyser.SubscribeUpdateDeshred",
          MethodType.BIDI_STREAMING),
      new Rpc("SubscribeGossip", "geyser.SubscribeGossipRequest", "geyser.SubscribeUpdateGossip",
          MethodType.SERVER_STREAMING),
      new Rpc("SubscribeReplayInfo", "geyser.SubscribeReplayInfoRequest", "geyser.SubscribeReplayInfoResponse",
          MethodType.UNARY),
      new Rpc("Ping", "geyser.PingRequest", "geyser.PongResponse", MethodType.UNARY),
      new Rpc("GetLatestBlockhash", "geyser.GetLatestBlockhashRequest", "geyser.GetLatestBlockhashResponse",
          MethodType.UNARY),
      new Rpc("GetBlockHeight", "geyser.GetBlockHeightRequest", "geyser.GetBlockHeightResponse",
          MethodType.UNARY),
      new Rpc("GetSlot", "geyser.GetSlotRequest", "geyser.GetSlotResponse", MethodType.UNARY),
      new Rpc("IsBlockhashValid", "geyser.IsBlockhashValidRequest", "geyser.IsBlockhashValidResponse",
          MethodType.UNARY),
      new Rpc("GetVersion", "geyser.GetVersionRequest", "geyser.GetVersionResponse", MethodType.UNARY));

  @Test
  void serviceDescriptorHasEveryUpstreamRpcAndNoOther() {
    assertThat(GeyserGrpc.getServiceDescriptor().getName()).isEqualTo("geyser.Geyser");
    List<Rpc> ours = GeyserGrpc.getServiceDescriptor().getMethods().stream()
        .map(ParityWithUpstreamTest::rpcOf)
        .toList();
    assertThat(ours).containsExactlyInAnyOrderElementsOf(UPSTREAM_RPCS);
  }

  /**
   * Bytes written by hand from upstream's field numbers, not by our generated code, so a number
   * that drifted on both sides of the table still fails here.
   */
  static Stream<Arguments> upstreamWireBytes() {
    return Stream.of(
        // SubscribeUpdate.entry_update_parent (13, LEN) { cleared_bank_id (2, VARINT) = 7 }
        Arguments.of("entry update parent", "6a021007", (Parser) SubscribeUpdate::parseFrom,
            "entry_update_parent { cleared_bank_id: 7 }"),
        // SubscribeUpdate.block (5, LEN) { bank_id (14, VARINT) = 9 }
        Arguments.of("block bank id", "2a027009", (Parser) SubscribeUpdate::parseFrom,
            "block { bank_id: 9 }"),
        // SubscribeRequest.from_slot (11, VARINT) = 300; entry["e"] (8, LEN) { include_update_parent = true }
        Arguments.of("from_slot and entry filter", "58ac0242070a016512020801",
            (Parser) SubscribeRequest::parseFrom,
            "entry { key: \"e\" value { include_update_parent: true } } from_slot: 300"),
        // Reward.commission_bps (6, LEN) = "50"
        Arguments.of("reward commission bps", "32023530", (Parser) Reward::parseFrom,
            "commission_bps: \"50\""),
        // Message.config (7, LEN) { heap_size (4, VARINT) = 1 }
        Arguments.of("V1 message config", "3a022001",
            (Parser) dev.geyserpool.proto.solana.Message::parseFrom, "config { heap_size: 1 }"));
  }

  @FunctionalInterface
  interface Parser {
    Message parse(byte[] bytes) throws InvalidProtocolBufferException;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("upstreamWireBytes")
  void decodesBytesWrittenFromUpstreamNumbers(String what, String hex, Parser parser, String text)
      throws InvalidProtocolBufferException {
    Message decoded = parser.parse(HexFormat.of().parseHex(hex));
    assertThat(decoded.getUnknownFields().asMap()).as("unknown fields of %s", what).isEmpty();
    assertThat(oneLine(decoded)).isEqualTo(text);
  }

  private static String oneLine(Message message) {
    return com.google.protobuf.TextFormat.printer().shortDebugString(message);
  }

  private static Rpc rpcOf(MethodDescriptor<?, ?> method) {
    return new Rpc(method.getBareMethodName(), protoName(method.getRequestMarshaller()),
        protoName(method.getResponseMarshaller()), method.getType());
  }

  private static String protoName(MethodDescriptor.Marshaller<?> marshaller) {
    Object prototype = ((PrototypeMarshaller<?>) marshaller).getMessagePrototype();
    return ((Message) prototype).getDescriptorForType().getFullName();
  }

  private static Shape shapeOf(FieldDescriptor field) {
    if (field.isMapField()) {
      return Shape.MAP;
    }
    if (field.isRepeated()) {
      return Shape.REPEATED;
    }
    return field.toProto().getProto3Optional() ? Shape.OPTIONAL : Shape.PLAIN;
  }

  private static String typeNameOf(FieldDescriptor field) {
    if (field.isMapField()) {
      Descriptor entry = field.getMessageType();
      assertThat(entry.findFieldByName("key").getType()).as("key of %s", field.getFullName()).isEqualTo(Type.STRING);
      return entry.findFieldByName("value").getMessageType().getFullName();
    }
    return switch (field.getType()) {
      case MESSAGE -> field.getMessageType().getFullName();
      case ENUM -> field.getEnumType().getFullName();
      default -> null;
    };
  }

  private static Map<Integer, String> numbersToNames(Descriptor message) {
    Map<Integer, String> fields = new TreeMap<>();
    message.getFields().forEach(f -> fields.put(f.getNumber(), f.getName()));
    return fields;
  }
}
