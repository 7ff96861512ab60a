package dev.geyserpool.sim;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.proto.geyser.SlotStatus;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestAccountsDataSlice;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccounts;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterBlocks;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccount;
import dev.geyserpool.proto.geyser.SubscribeUpdateAccountInfo;
import dev.geyserpool.proto.geyser.SubscribeUpdateBlock;
import dev.geyserpool.proto.geyser.SubscribeUpdateSlot;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransaction;
import dev.geyserpool.proto.geyser.SubscribeUpdateTransactionStatus;
import dev.geyserpool.sim.SimEvent.AccountUpdate;
import dev.geyserpool.sim.SimEvent.BlockMetaUpdate;
import dev.geyserpool.sim.SimEvent.BlockUpdate;
import dev.geyserpool.sim.SimEvent.SlotUpdate;
import dev.geyserpool.sim.SimEvent.TransactionUpdate;
import dev.geyserpool.sim.internal.AccountFilter;
import dev.geyserpool.sim.internal.BlockFilter;
import dev.geyserpool.sim.internal.FilterSupport;
import dev.geyserpool.sim.internal.TransactionFilter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Yellowstone's filter semantics for one {@code SubscribeRequest}, compiled once: which named
 * filters an event matches, and the {@code SubscribeUpdate}s a stream with this request receives.
 *
 * <p>Rules (upstream yellowstone-grpc {@code filters.rs}):
 *
 * <ul>
 *   <li>accounts: ({@code account} empty or the pubkey in it) AND ({@code owner} empty or the owner
 *       in it) AND every {@code filters} entry (memcmp, datasize, lamports, token_account_state)
 *       AND {@code nonempty_txn_signature} when set. Filters see the full data; the request's
 *       {@code accounts_data_slice} only trims what is sent.
 *   <li>transactions / transactions_status: {@code vote} and {@code failed} when set equal the
 *       transaction's; {@code signature} when set equals it; some key in {@code account_include}
 *       (when non-empty), none in {@code account_exclude}, all of {@code account_required}; keys are
 *       static keys plus loaded writable and readonly addresses.
 *   <li>slots: every processed/confirmed/finalized status, or only the stream's commitment status
 *       with {@code filter_by_commitment}.
 *   <li>blocks_meta: every block. blocks: every block, its transactions and (when
 *       {@code include_accounts}) account writes narrowed by {@code account_include};
 *       {@code include_transactions} defaults to true, accounts and entries to false. Block
 *       filters whose content is identical share one update; different content means one update
 *       per filter, as upstream builds one message per block filter.
 * </ul>
 *
 * <p>An event matching several filters of a stream yields ONE update listing every matching name
 * (sorted). {@code entry} and {@code block_footer} filters are accepted and never match (the
 * simulator produces neither). Cuckoo filters are refused as unsupported.
 *
 * <p>Immutable and thread-safe once compiled.
 */
public final class FilterMatcher {
  /** Yellowstone's default limit on a filter name. */
  public static final int MAX_FILTER_NAME_BYTES = 128;
  /** Yellowstone's default limit on {@code filters} entries of one accounts filter. */
  public static final int MAX_ACCOUNT_DATA_FILTERS = 4;
  /** Solana RPC's and Yellowstone's limit on memcmp bytes. */
  public static final int MAX_MEMCMP_BYTES = 128;

  private static final FilterMatcher NONE;

  static {
    try {
      NONE = compile(SubscribeRequest.getDefaultInstance());
    } catch (InvalidFilterException e) {
      throw new AssertionError(e);
    }
  }

  private final Map<String, AccountFilter> accounts;
  private final Map<String, TransactionFilter> transactions;
  private final Map<String, TransactionFilter> transactionsStatus;
  private final Map<String, Boolean> slots;
  private final Map<String, BlockFilter> blocks;
  private final Set<String> blocksMeta;
  private final List<SubscribeRequestAccountsDataSlice> slices;
  private final CommitmentLevel commitment;

  private FilterMatcher(
      Map<String, AccountFilter> accounts,
      Map<String, TransactionFilter> transactions,
      Map<String, TransactionFilter> transactionsStatus,
      Map<String, Boolean> slots,
      Map<String, BlockFilter> blocks,
      Set<String> blocksMeta,
      List<SubscribeRequestAccountsDataSlice> slices,
      CommitmentLevel commitment) {
    this.accounts = accounts;
    this.transactions = transactions;
    this.transactionsStatus = transactionsStatus;
    this.slots = slots;
    this.blocks = blocks;
    this.blocksMeta = blocksMeta;
    this.slices = slices;
    this.commitment = commitment;
  }

  /** A matcher with no filters: matches nothing, commitment PROCESSED (a fresh stream). */
  public static FilterMatcher none() {
    return NONE;
  }

  /**
   * Validates and compiles {@code request}.
   *
   * @throws InvalidFilterException with the description Yellowstone-like servers send
   */
  public static FilterMatcher compile(SubscribeRequest request) throws InvalidFilterException {
    Map<String, AccountFilter> accounts = new TreeMap<>();
    for (Map.Entry<String, SubscribeRequestFilterAccounts> e : request.getAccountsMap().entrySet()) {
      accounts.put(checkName(e.getKey()), AccountFilter.compile(e.getKey(), e.getValue()));
    }
    Map<String, TransactionFilter> transactions = new TreeMap<>();
    for (Map.Entry<String, SubscribeRequestFilterTransactions> e
        : request.getTransactionsMap().entrySet()) {
      transactions.put(checkName(e.getKey()), TransactionFilter.compile("transactions", e.getKey(), e.getValue()));
    }
    Map<String, TransactionFilter> transactionsStatus = new TreeMap<>();
    for (Map.Entry<String, SubscribeRequestFilterTransactions> e
        : request.getTransactionsStatusMap().entrySet()) {
      transactionsStatus.put(
          checkName(e.getKey()), TransactionFilter.compile("transactions_status", e.getKey(), e.getValue()));
    }
    Map<String, Boolean> slots = new TreeMap<>();
    request.getSlotsMap().forEach((name, f) -> slots.put(name, f.getFilterByCommitment()));
    for (String name : slots.keySet()) {
      checkName(name);
    }
    Map<String, BlockFilter> blocks = new TreeMap<>();
    for (Map.Entry<String, SubscribeRequestFilterBlocks> e : request.getBlocksMap().entrySet()) {
      blocks.put(checkName(e.getKey()), BlockFilter.compile(e.getKey(), e.getValue()));
    }
    Set<String> blocksMeta = new TreeSet<>();
    for (String name : request.getBlocksMetaMap().keySet()) {
      blocksMeta.add(checkName(name));
    }
    for (String name : request.getEntryMap().keySet()) {
      checkName(name);
    }
    for (String name : request.getBlockFooterMap().keySet()) {
      checkName(name);
    }
    List<SubscribeRequestAccountsDataSlice> slices = request.getAccountsDataSliceList();
    for (int i = 1; i < slices.size(); i++) {
      SubscribeRequestAccountsDataSlice prev = slices.get(i - 1);
      SubscribeRequestAccountsDataSlice next = slices.get(i);
      if (Long.compareUnsigned(next.getOffset(), prev.getOffset() + prev.getLength()) < 0) {
        throw new InvalidFilterException("accounts_data_slice: slice " + i + " (offset "
            + Long.toUnsignedString(next.getOffset()) + ") overlaps or precedes slice " + (i - 1)
            + "; slices must be sorted by offset and must not overlap");
      }
    }
    CommitmentLevel commitment =
        request.hasCommitment() ? request.getCommitment() : CommitmentLevel.PROCESSED;
    if (commitment == CommitmentLevel.UNRECOGNIZED) {
      throw new InvalidFilterException("commitment " + request.getCommitmentValue() + " is unknown");
    }
    return new FilterMatcher(
        Collections.unmodifiableMap(accounts),
        Collections.unmodifiableMap(transactions),
        Collections.unmodifiableMap(transactionsStatus),
        Collections.unmodifiableMap(slots),
        Collections.unmodifiableMap(blocks),
        Collections.unmodifiableSet(blocksMeta),
        List.copyOf(slices),
        commitment);
  }

  /** The stream's commitment: events of a slot are released when the slot reaches it. */
  public CommitmentLevel commitment() {
    return commitment;
  }

  /** Every filter name (of the event's kind) that {@code event} matches; empty when none. */
  public Set<String> matches(SimEvent event) {
    Set<String> names = new TreeSet<>();
    if (event instanceof AccountUpdate a) {
      accounts.forEach((name, f) -> {
        if (f.test(a.info())) {
          names.add(name);
        }
      });
    } else if (event instanceof TransactionUpdate t) {
      transactions.forEach((name, f) -> {
        if (f.test(t)) {
          names.add(name);
        }
      });
    } else if (event instanceof SlotUpdate s) {
      slots.forEach((name, byCommitment) -> {
        if (slotMatches(s.status(), byCommitment)) {
          names.add(name);
        }
      });
    } else if (event instanceof BlockMetaUpdate) {
      names.addAll(blocksMeta);
    } else if (event instanceof BlockUpdate) {
      names.addAll(blocks.keySet());
    }
    return names;
  }

  /** The names of the {@code transactions_status} filters a transaction matches. */
  public Set<String> matchesTransactionStatus(TransactionUpdate t) {
    Set<String> names = new TreeSet<>();
    transactionsStatus.forEach((name, f) -> {
      if (f.test(t)) {
        names.add(name);
      }
    });
    return names;
  }

  /**
   * The updates a stream with this request receives for {@code event}: none when nothing
   * matches; usually one, tagged with every matching filter name; a transaction may also yield a
   * transaction-status update, and a block one update per distinct block content.
   */
  public List<SubscribeUpdate> updates(SimEvent event) {
    List<SubscribeUpdate> out = new ArrayList<>(1);
    if (event instanceof BlockUpdate b) {
      blockUpdates(b, out);
      return out;
    }
    Set<String> names = matches(event);
    if (!names.isEmpty()) {
      SubscribeUpdate.Builder u = SubscribeUpdate.newBuilder()
          .addAllFilters(names)
          .setCreatedAt(event.createdAt());
      if (event instanceof AccountUpdate a) {
        u.setAccount(SubscribeUpdateAccount.newBuilder()
            .setAccount(slice(a.info()))
            .setSlot(a.slot())
            .setIsStartup(false));
      } else if (event instanceof TransactionUpdate t) {
        u.setTransaction(SubscribeUpdateTransaction.newBuilder()
            .setTransaction(t.info())
            .setSlot(t.slot()));
      } else if (event instanceof SlotUpdate s) {
        u.setSlot(SubscribeUpdateSlot.newBuilder()
            .setSlot(s.slot())
            .setParent(s.parent())
            .setStatus(s.status()));
      } else if (event instanceof BlockMetaUpdate m) {
        u.setBlockMeta(m.meta());
      }
      out.add(u.build());
    }
    if (event instanceof TransactionUpdate t && !transactionsStatus.isEmpty()) {
      Set<String> statusNames = matchesTransactionStatus(t);
      if (!statusNames.isEmpty()) {
        SubscribeUpdateTransactionStatus.Builder s = SubscribeUpdateTransactionStatus.newBuilder()
            .setSlot(t.slot())
            .setSignature(t.info().getSignature())
            .setIsVote(t.info().getIsVote())
            .setIndex(t.info().getIndex());
        if (t.info().getMeta().hasErr()) {
          s.setErr(t.info().getMeta().getErr());
        }
        out.add(SubscribeUpdate.newBuilder()
            .addAllFilters(statusNames)
            .setTransactionStatus(s)
            .setCreatedAt(t.createdAt())
            .build());
      }
    }
    return out;
  }

  private void blockUpdates(BlockUpdate b, List<SubscribeUpdate> out) {
    // One update per distinct content; filters asking for the same content share it.
    Map<BlockFilter.Shape, List<String>> byShape = new LinkedHashMap<>();
    blocks.forEach((name, f) -> byShape.computeIfAbsent(f.shape(), s -> new ArrayList<>()).add(name));
    byShape.forEach((shape, names) -> {
      SubscribeUpdateBlock.Builder block = SubscribeUpdateBlock.newBuilder()
          .setSlot(b.meta().getSlot())
          .setBlockhash(b.meta().getBlockhash())
          .setParentSlot(b.meta().getParentSlot())
          .setParentBlockhash(b.meta().getParentBlockhash())
          .setExecutedTransactionCount(b.transactions().size())
          .setUpdatedAccountCount(b.accounts().size())
          .setEntriesCount12(0);
      if (b.meta().hasRewards()) {
        block.setRewards(b.meta().getRewards());
      }
      if (b.meta().hasBlockTime()) {
        block.setBlockTime(b.meta().getBlockTime());
      }
      if (b.meta().hasBlockHeight()) {
        block.setBlockHeight(b.meta().getBlockHeight());
      }
      if (shape.includeTransactions()) {
        for (TransactionUpdate t : b.transactions()) {
          if (shape.accountInclude().isEmpty() || FilterSupport.anyIn(t.accountKeys(), shape.accountInclude())) {
            block.addTransactions(t.info());
          }
        }
      }
      if (shape.includeAccounts()) {
        for (AccountUpdate a : b.accounts()) {
          if (shape.accountInclude().isEmpty()
              || shape.accountInclude().contains(a.info().getPubkey())) {
            block.addAccounts(slice(a.info()));
          }
        }
      }
      out.add(SubscribeUpdate.newBuilder()
          .addAllFilters(names)
          .setBlock(block)
          .setCreatedAt(b.createdAt())
          .build());
    });
  }

  private boolean slotMatches(SlotStatus status, boolean byCommitment) {
    boolean commitmentStatus = status == SlotStatus.SLOT_PROCESSED
        || status == SlotStatus.SLOT_CONFIRMED
        || status == SlotStatus.SLOT_FINALIZED;
    if (!commitmentStatus) {
      return false; // interslot statuses are not produced by the simulator
    }
    return !byCommitment || status.getNumber() == commitment.getNumber();
  }

  /** The account as sent: data trimmed to the concatenated data slices, if any. */
  SubscribeUpdateAccountInfo slice(SubscribeUpdateAccountInfo info) {
    if (slices.isEmpty()) {
      return info;
    }
    ByteString data = info.getData();
    ByteString sliced = ByteString.EMPTY;
    for (SubscribeRequestAccountsDataSlice s : slices) {
      long offset = s.getOffset();
      if (Long.compareUnsigned(offset, data.size()) < 0) {
        long end = Math.min(data.size(), offset + s.getLength());
        if (end < offset) {
          end = data.size(); // length overflowed: slice to the end
        }
        sliced = sliced.concat(data.substring((int) offset, (int) end));
      }
    }
    return info.toBuilder().setData(sliced).build();
  }

  private static String checkName(String name) throws InvalidFilterException {
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_FILTER_NAME_BYTES) {
      throw new InvalidFilterException("filter name '" + FilterSupport.abbreviate(name) + "' is " + bytes
          + " bytes, but must be at most " + MAX_FILTER_NAME_BYTES + " bytes");
    }
    return name;
  }
}
