package dev.geyserpool.gateway.subscription;

import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.proto.geyser.SubscribeRequestAccountsDataSlice;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.wire.MonitorGroup;
import java.util.List;
import java.util.Locale;

/**
 * What monitors must share to share a stream: their group (each group has its own topics and
 * pool share), and the stream-wide settings Yellowstone applies to a whole request, commitment
 * and accounts_data_slice.
 */
public record StreamKey(MonitorGroup group, CommitmentLevel commitment, List<SubscribeRequestAccountsDataSlice> dataSlices) {
  public StreamKey {
    dataSlices = List.copyOf(dataSlices);
  }

  public static StreamKey of(MonitorDeclaration declaration) {
    return new StreamKey(
        MonitorGroup.parse(declaration.getGroup()),
        declaration.getFilters().hasCommitment() ? declaration.getFilters().getCommitment() : CommitmentLevel.PROCESSED,
        declaration.getFilters().getAccountsDataSliceList());
  }

  /** The pool core's view of this key: its group and its settings as canonical text. */
  public dev.geyserpool.gateway.pool.StreamKind kind() {
    StringBuilder settings = new StringBuilder(commitment.name());
    for (SubscribeRequestAccountsDataSlice slice : dataSlices) {
      settings.append('/').append(slice.getOffset()).append(':').append(slice.getLength());
    }
    return new dev.geyserpool.gateway.pool.StreamKind(group, settings.toString(), label());
  }

  /** A short readable name, e.g. {@code high-processed} or {@code low-confirmed-slice2}. */
  public String label() {
    String base = group.id() + "-" + commitment.name().toLowerCase(Locale.ROOT);
    return dataSlices.isEmpty() ? base : base + "-slice" + dataSlices.size();
  }
}
