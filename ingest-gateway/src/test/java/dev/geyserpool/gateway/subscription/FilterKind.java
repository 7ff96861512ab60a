package dev.geyserpool.gateway.subscription;

import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccounts;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterBlocks;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterBlocksMeta;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterSlots;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import java.util.Set;

/** The filter maps of a {@code SubscribeRequest} that monitors may declare, for tests over every kind. */
enum FilterKind {
  ACCOUNTS {
    @Override
    void put(SubscribeRequest.Builder request, String name) {
      request.putAccounts(name, SubscribeRequestFilterAccounts.newBuilder().addOwner(Keys.PUMP).build());
    }

    @Override
    Set<String> names(SubscribeRequest request) {
      return request.getAccountsMap().keySet();
    }
  },
  SLOTS {
    @Override
    void put(SubscribeRequest.Builder request, String name) {
      request.putSlots(name, SubscribeRequestFilterSlots.newBuilder().setInterslotUpdates(true).build());
    }

    @Override
    Set<String> names(SubscribeRequest request) {
      return request.getSlotsMap().keySet();
    }
  },
  TRANSACTIONS {
    @Override
    void put(SubscribeRequest.Builder request, String name) {
      request.putTransactions(name, SubscribeRequestFilterTransactions.newBuilder().addAccountInclude(Keys.PUMP).build());
    }

    @Override
    Set<String> names(SubscribeRequest request) {
      return request.getTransactionsMap().keySet();
    }
  },
  TRANSACTIONS_STATUS {
    @Override
    void put(SubscribeRequest.Builder request, String name) {
      request.putTransactionsStatus(name,
          SubscribeRequestFilterTransactions.newBuilder().addAccountRequired(Keys.PUMP).build());
    }

    @Override
    Set<String> names(SubscribeRequest request) {
      return request.getTransactionsStatusMap().keySet();
    }
  },
  BLOCKS {
    @Override
    void put(SubscribeRequest.Builder request, String name) {
      request.putBlocks(name, SubscribeRequestFilterBlocks.newBuilder().addAccountInclude(Keys.PUMP).build());
    }

    @Override
    Set<String> names(SubscribeRequest request) {
      return request.getBlocksMap().keySet();
    }
  },
  BLOCKS_META {
    @Override
    void put(SubscribeRequest.Builder request, String name) {
      request.putBlocksMeta(name, SubscribeRequestFilterBlocksMeta.getDefaultInstance());
    }

    @Override
    Set<String> names(SubscribeRequest request) {
      return request.getBlocksMetaMap().keySet();
    }
  };

  /** Adds a valid filter of this kind named {@code name}. */
  abstract void put(SubscribeRequest.Builder request, String name);

  /** The names of this kind's filters in {@code request}. */
  abstract Set<String> names(SubscribeRequest request);

  /** Well-known valid pubkeys. */
  static final class Keys {
    /** The Pump.fun bonding-curve program. */
    static final String PUMP = "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P";
    static final String SPL_TOKEN = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
    static final String SYSTEM_PROGRAM = "11111111111111111111111111111111";

    private Keys() {}
  }
}
