package dev.geyserpool.gateway.subscription;

import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.proto.geyser.SubscribeRequestAccountsDataSlice;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import java.util.List;

/**
 * What monitors must share to share a stream: Yellowstone applies commitment and
 * accounts_data_slice to a whole stream, so monitors that differ in either need their own.
 */
public record StreamKey(CommitmentLevel commitment, List<SubscribeRequestAccountsDataSlice> dataSlices) {
  public StreamKey {
    dataSlices = List.copyOf(dataSlices);
  }

  public static StreamKey of(MonitorDeclaration declaration) {
    return new StreamKey(
        declaration.getFilters().hasCommitment() ? declaration.getFilters().getCommitment() : CommitmentLevel.PROCESSED,
        declaration.getFilters().getAccountsDataSliceList());
  }

  /** A short readable name, e.g. {@code processed} or {@code confirmed+slice2}. */
  public String label() {
    String base = commitment.name().toLowerCase(java.util.Locale.ROOT);
    return dataSlices.isEmpty() ? base : base + "+slice" + dataSlices.size();
  }
}
