package dev.geyserpool.sdk;

import dev.geyserpool.proto.geyser.SubscribeRequest;
import java.util.TreeMap;

/**
 * Writes a request's filter maps in name order. Protobuf writes map entries in insertion order,
 * and {@link Declarations#filtersDigest} hashes those bytes: sorted, equal filters added in any
 * order give equal digests, so two instances of one monitor are recognised as such.
 */
final class SortedFilters {
  private SortedFilters() {}

  static SubscribeRequest of(SubscribeRequest request) {
    return request.toBuilder()
        .clearAccounts().putAllAccounts(new TreeMap<>(request.getAccountsMap()))
        .clearSlots().putAllSlots(new TreeMap<>(request.getSlotsMap()))
        .clearTransactions().putAllTransactions(new TreeMap<>(request.getTransactionsMap()))
        .clearTransactionsStatus().putAllTransactionsStatus(new TreeMap<>(request.getTransactionsStatusMap()))
        .clearBlocks().putAllBlocks(new TreeMap<>(request.getBlocksMap()))
        .clearBlocksMeta().putAllBlocksMeta(new TreeMap<>(request.getBlocksMetaMap()))
        .clearEntry().putAllEntry(new TreeMap<>(request.getEntryMap()))
        .clearBlockFooter().putAllBlockFooter(new TreeMap<>(request.getBlockFooterMap()))
        .build();
  }
}
