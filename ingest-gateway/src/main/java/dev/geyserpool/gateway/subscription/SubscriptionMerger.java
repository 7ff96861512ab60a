package dev.geyserpool.gateway.subscription;

import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import dev.geyserpool.wire.FilterNames;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Merges the filters of the monitors on one stream into the stream's {@code SubscribeRequest}:
 * each monitor filter keeps its own entry, named {@code <monitorId>/<filter>}, so Yellowstone tags
 * each update with every monitor it serves.
 */
public final class SubscriptionMerger {
  /**
   * The gateway's own slots filter, on every stream: slot statuses at the stream's commitment
   * tell the gateway which slot is complete (where to resume) and, through each slot's parent,
   * when the stream skipped slots. No monitor id can start with '_', so it never collides.
   */
  public static final String POOL_SLOTS_FILTER = "_pool/slots";

  private SubscriptionMerger() {}

  /**
   * The request for a stream serving {@code monitors}, which must share one {@link StreamKey}.
   * Monitors are merged in id order so that the same set always gives the same request.
   */
  public static SubscribeRequest merge(Collection<MonitorDeclaration> monitors) {
    List<MonitorDeclaration> ordered =
        monitors.stream().sorted(Comparator.comparing(MonitorDeclaration::getMonitorId)).toList();
    SubscribeRequest.Builder merged = SubscribeRequest.newBuilder();
    StreamKey key = null;
    for (MonitorDeclaration monitor : ordered) {
      StreamKey own = StreamKey.of(monitor);
      if (key == null) {
        key = own;
        merged.setCommitment(own.commitment()).addAllAccountsDataSlice(own.dataSlices());
      } else if (!key.equals(own)) {
        throw new IllegalArgumentException(
            "monitor " + monitor.getMonitorId() + " needs stream " + own.label()
                + " but is merged into a " + key.label() + " stream");
      }
      String id = monitor.getMonitorId();
      SubscribeRequest filters = monitor.getFilters();
      filters.getAccountsMap().forEach((name, f) -> merged.putAccounts(FilterNames.qualify(id, name), f));
      filters.getSlotsMap().forEach((name, f) -> merged.putSlots(FilterNames.qualify(id, name), f));
      filters.getTransactionsMap().forEach((name, f) -> merged.putTransactions(FilterNames.qualify(id, name), f));
      filters.getTransactionsStatusMap().forEach((name, f) -> merged.putTransactionsStatus(FilterNames.qualify(id, name), f));
      filters.getBlocksMap().forEach((name, f) -> merged.putBlocks(FilterNames.qualify(id, name), f));
      filters.getBlocksMetaMap().forEach((name, f) -> merged.putBlocksMeta(FilterNames.qualify(id, name), f));
      filters.getEntryMap().forEach((name, f) -> merged.putEntry(FilterNames.qualify(id, name), f));
    }
    merged.putSlots(POOL_SLOTS_FILTER,
        dev.geyserpool.proto.geyser.SubscribeRequestFilterSlots.newBuilder().setFilterByCommitment(true).build());
    return merged.build();
  }
}
