package dev.geyserpool.wire;

import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccounts;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilter;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilterMemcmp;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.pool.MonitorDeclaration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Checks a monitor's declaration before any of it reaches the provider. Yellowstone ends the
 * whole stream on an invalid filter, which would cut off every monitor merged into it; so each
 * limit Yellowstone enforces is checked here first, and a bad declaration is rejected with a
 * message naming the field and the fix.
 */
public final class FilterValidator {
  /** Yellowstone's limit of data filters (memcmp, datasize, ...) in one account filter. */
  public static final int MAX_ACCOUNT_DATA_FILTERS = 4;
  /** Yellowstone's limit of memcmp data bytes. */
  public static final int MAX_MEMCMP_BYTES = 128;

  private FilterValidator() {}

  /** Every problem of the declaration; empty when it may be sent. */
  public static List<String> problems(MonitorDeclaration declaration) {
    List<String> problems = new ArrayList<>();
    String id = declaration.getMonitorId();
    FilterNames.monitorIdProblem(id).ifPresent(problems::add);
    try {
      MonitorGroup.parse(declaration.getGroup());
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    SubscribeRequest filters = declaration.getFilters();
    if (filters.hasFromSlot() || filters.hasPing()) {
      problems.add("filters of monitor " + id + " set from_slot or ping; leave them out: the gateway resumes and pings streams itself");
    }
    if (filters.hasCommitment() && filters.getCommitment() == dev.geyserpool.proto.geyser.CommitmentLevel.UNRECOGNIZED) {
      problems.add("monitor " + id + ": commitment " + filters.getCommitmentValue()
          + " is unknown; use PROCESSED (0), CONFIRMED (1) or FINALIZED (2)");
    }
    if (filters.getEntryCount() > 0 || filters.getBlockFooterCount() > 0) {
      problems.add("monitor " + id + " declares entry or block_footer filters, which no geyser-pool topic carries;"
          + " remove them (use blocks or blocks_meta for per-block data)");
    }
    int total = filters.getAccountsCount() + filters.getTransactionsCount() + filters.getTransactionsStatusCount()
        + filters.getBlocksCount() + filters.getBlocksMetaCount() + filters.getSlotsCount();
    if (total == 0) {
      problems.add("monitor " + id + " declares no filter; add at least one accounts, transactions, transactions_status,"
          + " blocks, blocks_meta or slots filter");
    }
    checkDataSlices(id, filters, problems);
    checkNames(id, filters.getAccountsMap(), problems);
    checkNames(id, filters.getTransactionsMap(), problems);
    checkNames(id, filters.getTransactionsStatusMap(), problems);
    checkNames(id, filters.getBlocksMap(), problems);
    checkNames(id, filters.getBlocksMetaMap(), problems);
    checkNames(id, filters.getSlotsMap(), problems);
    checkNames(id, filters.getEntryMap(), problems);
    filters.getAccountsMap().forEach((name, f) -> checkAccounts(id, name, f, problems));
    filters.getTransactionsMap().forEach((name, f) -> checkTransactions(id, "transactions", name, f, problems));
    filters.getTransactionsStatusMap().forEach((name, f) -> checkTransactions(id, "transactions_status", name, f, problems));
    filters.getBlocksMap().forEach((name, f) -> {
      checkPubkeys(id, "blocks." + name + ".account_include", f.getAccountIncludeList(), problems);
      if (f.hasCuckooAccountInclude()) {
        problems.add("monitor " + id + ": blocks." + name + " uses a cuckoo filter, which the gateway does not forward;"
            + " list the accounts instead");
      }
    });
    return problems;
  }

  /** Yellowstone wants data slices sorted by offset and not overlapping. */
  private static void checkDataSlices(String id, SubscribeRequest filters, List<String> problems) {
    long end = -1;
    for (int i = 0; i < filters.getAccountsDataSliceCount(); i++) {
      var slice = filters.getAccountsDataSlice(i);
      if (end >= 0 && slice.getOffset() < end) {
        problems.add("monitor " + id + ": accounts_data_slice[" + i + "] starts at " + slice.getOffset()
            + ", before the previous slice ends at " + end + "; sort the slices by offset and do not overlap them");
        return;
      }
      end = slice.getOffset() + slice.getLength();
    }
  }

  private static void checkNames(String id, Map<String, ?> filters, List<String> problems) {
    if (FilterNames.monitorIdProblem(id).isPresent()) {
      return;
    }
    for (String name : filters.keySet()) {
      FilterNames.filterNameProblem(id, name).ifPresent(problems::add);
    }
  }

  private static void checkAccounts(String id, String name, SubscribeRequestFilterAccounts f, List<String> problems) {
    String where = "accounts." + name;
    checkPubkeys(id, where + ".account", f.getAccountList(), problems);
    checkPubkeys(id, where + ".owner", f.getOwnerList(), problems);
    if (f.hasCuckooAccountsFilter()) {
      problems.add("monitor " + id + ": " + where + " uses a cuckoo filter, which the gateway does not forward; list the accounts instead");
    }
    if (f.getFiltersCount() > MAX_ACCOUNT_DATA_FILTERS) {
      problems.add("monitor " + id + ": " + where + " has " + f.getFiltersCount() + " data filters; Yellowstone allows at most "
          + MAX_ACCOUNT_DATA_FILTERS + ": split it into several account filters");
    }
    int datasizes = 0;
    for (SubscribeRequestFilterAccountsFilter data : f.getFiltersList()) {
      switch (data.getFilterCase()) {
        case MEMCMP -> checkMemcmp(id, where, data.getMemcmp(), problems);
        case DATASIZE -> datasizes++;
        case TOKEN_ACCOUNT_STATE -> {
          if (!data.getTokenAccountState()) {
            problems.add("monitor " + id + ": " + where + ".token_account_state is false; Yellowstone accepts only true:"
                + " drop the entry to match every account");
          }
        }
        case LAMPORTS -> {
          if (data.getLamports().getCmpCase()
              == dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilterLamports.CmpCase.CMP_NOT_SET) {
            problems.add("monitor " + id + ": " + where + ".lamports has no comparison; set eq, ne, lt or gt");
          }
        }
        default -> problems.add("monitor " + id + ": " + where
            + " has an empty data filter; set memcmp, datasize, lamports or token_account_state");
      }
    }
    if (datasizes > 1) {
      problems.add("monitor " + id + ": " + where + " has " + datasizes + " datasize filters; Yellowstone allows one");
    }
  }

  private static void checkMemcmp(String id, String where, SubscribeRequestFilterAccountsFilterMemcmp memcmp, List<String> problems) {
    int length;
    switch (memcmp.getDataCase()) {
      case BYTES -> length = memcmp.getBytes().size();
      case BASE58 -> {
        var decoded = Base58.tryDecode(memcmp.getBase58());
        if (decoded.isEmpty()) {
          problems.add("monitor " + id + ": " + where + ".memcmp.base58 is not base58; encode the bytes in base58 or use the bytes field");
          return;
        }
        length = decoded.get().length;
      }
      case BASE64 -> {
        try {
          length = Base64.getDecoder().decode(memcmp.getBase64()).length;
        } catch (IllegalArgumentException e) {
          problems.add("monitor " + id + ": " + where + ".memcmp.base64 is not base64; encode the bytes in base64 or use the bytes field");
          return;
        }
      }
      default -> {
        problems.add("monitor " + id + ": " + where + ".memcmp has no data; set bytes, base58 or base64");
        return;
      }
    }
    if (length > MAX_MEMCMP_BYTES) {
      problems.add("monitor " + id + ": " + where + ".memcmp compares " + length + " bytes; Yellowstone allows at most "
          + MAX_MEMCMP_BYTES + ": compare a shorter prefix");
    }
  }

  private static void checkTransactions(String id, String kind, String name, SubscribeRequestFilterTransactions f, List<String> problems) {
    String where = kind + "." + name;
    checkPubkeys(id, where + ".account_include", f.getAccountIncludeList(), problems);
    checkPubkeys(id, where + ".account_exclude", f.getAccountExcludeList(), problems);
    checkPubkeys(id, where + ".account_required", f.getAccountRequiredList(), problems);
    if (f.hasSignature()) {
      var sig = Base58.tryDecode(f.getSignature());
      if (sig.isEmpty() || sig.get().length != 64) {
        problems.add("monitor " + id + ": " + where + ".signature '" + f.getSignature() + "' is not a base58 signature of 64 bytes");
      }
    }
    if (f.hasCuckooAccountInclude()) {
      problems.add("monitor " + id + ": " + where + " uses a cuckoo filter, which the gateway does not forward; list the accounts instead");
    }
  }

  private static void checkPubkeys(String id, String where, List<String> keys, List<String> problems) {
    for (int i = 0; i < keys.size(); i++) {
      String key = keys.get(i);
      int index = i;
      Base58.pubkeyProblem(key).ifPresent(p ->
          problems.add("monitor " + id + ": " + where + "[" + index + "] '" + key + "' " + p));
    }
  }
}
