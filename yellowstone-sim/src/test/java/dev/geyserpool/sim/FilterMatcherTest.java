package dev.geyserpool.sim;

import static dev.geyserpool.sim.TestData.account;
import static dev.geyserpool.sim.TestData.accountEvent;
import static dev.geyserpool.sim.TestData.b58;
import static dev.geyserpool.sim.TestData.key;
import static dev.geyserpool.sim.TestData.sig;
import static dev.geyserpool.sim.TestData.tx;
import static dev.geyserpool.sim.TestData.txEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.geyserpool.proto.Base58;
import dev.geyserpool.proto.geyser.CommitmentLevel;
import dev.geyserpool.proto.geyser.SlotStatus;
import dev.geyserpool.proto.geyser.SubscribeRequest;
import dev.geyserpool.proto.geyser.SubscribeRequestAccountsDataSlice;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccounts;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilter;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilterLamports;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterAccountsFilterMemcmp;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterBlocks;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterBlocksMeta;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterSlots;
import dev.geyserpool.proto.geyser.SubscribeRequestFilterTransactions;
import dev.geyserpool.proto.geyser.SubscribeUpdate;
import dev.geyserpool.proto.geyser.SubscribeUpdateBlockMeta;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FilterMatcherTest {
  static final ByteString A = key(1);
  static final ByteString B = key(2);
  static final ByteString OWNER = key(3);
  static final ByteString OTHER_OWNER = key(4);
  static final byte[] DATA = {10, 11, 12, 13, 14, 15, 16, 17};

  static FilterMatcher compile(SubscribeRequest r) throws InvalidFilterException {
    return FilterMatcher.compile(r);
  }

  static SubscribeRequest accounts(String name, SubscribeRequestFilterAccounts.Builder f) {
    return SubscribeRequest.newBuilder().putAccounts(name, f.build()).build();
  }

  static SubscribeRequestFilterAccountsFilter memcmp(long offset, ByteString bytes) {
    return SubscribeRequestFilterAccountsFilter.newBuilder().setMemcmp(
        SubscribeRequestFilterAccountsFilterMemcmp.newBuilder().setOffset(offset).setBytes(bytes)).build();
  }

  static SubscribeRequestFilterAccountsFilter lamports(SubscribeRequestFilterAccountsFilterLamports.Builder l) {
    return SubscribeRequestFilterAccountsFilter.newBuilder().setLamports(l).build();
  }

  @Nested
  class Accounts {
    final SimEvent acct = accountEvent(account(A, OWNER, 1_000, DATA));

    @Test
    void matchesByAccountAndOwnerAndBothMustHold() throws Exception {
      assertThat(compile(accounts("a", SubscribeRequestFilterAccounts.newBuilder().addAccount(b58(A))))
          .matches(acct)).containsExactly("a");
      assertThat(compile(accounts("a", SubscribeRequestFilterAccounts.newBuilder().addAccount(b58(B))))
          .matches(acct)).isEmpty();
      assertThat(compile(accounts("o", SubscribeRequestFilterAccounts.newBuilder().addOwner(b58(OWNER))))
          .matches(acct)).containsExactly("o");
      assertThat(compile(accounts("ao", SubscribeRequestFilterAccounts.newBuilder()
          .addAccount(b58(A)).addOwner(b58(OTHER_OWNER)))).matches(acct)).isEmpty();
      assertThat(compile(accounts("any", SubscribeRequestFilterAccounts.newBuilder())).matches(acct))
          .containsExactly("any");
    }

    @Test
    void memcmpComparesBytesBase58AndBase64AtTheOffset() throws Exception {
      ByteString wanted = ByteString.copyFrom(new byte[] {12, 13});
      assertThat(compile(accounts("m", SubscribeRequestFilterAccounts.newBuilder().addFilters(memcmp(2, wanted))))
          .matches(acct)).containsExactly("m");
      assertThat(compile(accounts("m", SubscribeRequestFilterAccounts.newBuilder().addFilters(memcmp(3, wanted))))
          .matches(acct)).isEmpty();
      SubscribeRequestFilterAccountsFilter b58 = SubscribeRequestFilterAccountsFilter.newBuilder().setMemcmp(
          SubscribeRequestFilterAccountsFilterMemcmp.newBuilder().setOffset(2)
              .setBase58(Base58.encode(new byte[] {12, 13}))).build();
      SubscribeRequestFilterAccountsFilter b64 = SubscribeRequestFilterAccountsFilter.newBuilder().setMemcmp(
          SubscribeRequestFilterAccountsFilterMemcmp.newBuilder().setOffset(6)
              .setBase64(Base64.getEncoder().encodeToString(new byte[] {16, 17}))).build();
      assertThat(compile(accounts("m", SubscribeRequestFilterAccounts.newBuilder().addFilters(b58).addFilters(b64)))
          .matches(acct)).containsExactly("m");
    }

    @Test
    void memcmpOutOfRangeNeverMatches() throws Exception {
      ByteString two = ByteString.copyFrom(new byte[] {16, 17});
      assertThat(compile(accounts("m", SubscribeRequestFilterAccounts.newBuilder().addFilters(memcmp(6, two))))
          .matches(acct)).containsExactly("m");
      assertThat(compile(accounts("m", SubscribeRequestFilterAccounts.newBuilder().addFilters(memcmp(7, two))))
          .matches(acct)).isEmpty();
      assertThat(compile(accounts("m", SubscribeRequestFilterAccounts.newBuilder()
          .addFilters(memcmp(1_000_000, two)))).matches(acct)).isEmpty();
    }

    @Test
    void datasizeComparesTheFullLength() throws Exception {
      SubscribeRequestFilterAccountsFilter eight = SubscribeRequestFilterAccountsFilter.newBuilder().setDatasize(8).build();
      SubscribeRequestFilterAccountsFilter nine = SubscribeRequestFilterAccountsFilter.newBuilder().setDatasize(9).build();
      assertThat(compile(accounts("d", SubscribeRequestFilterAccounts.newBuilder().addFilters(eight))).matches(acct))
          .containsExactly("d");
      assertThat(compile(accounts("d", SubscribeRequestFilterAccounts.newBuilder().addFilters(nine))).matches(acct))
          .isEmpty();
    }

    @Test
    void lamportsComparesEqNeLtGt() throws Exception {
      var l = SubscribeRequestFilterAccountsFilterLamports.newBuilder();
      assertThat(matchesLamports(l.clone().setEq(1_000))).isTrue();
      assertThat(matchesLamports(l.clone().setEq(999))).isFalse();
      assertThat(matchesLamports(l.clone().setNe(999))).isTrue();
      assertThat(matchesLamports(l.clone().setNe(1_000))).isFalse();
      assertThat(matchesLamports(l.clone().setLt(1_001))).isTrue();
      assertThat(matchesLamports(l.clone().setLt(1_000))).isFalse();
      assertThat(matchesLamports(l.clone().setGt(999))).isTrue();
      assertThat(matchesLamports(l.clone().setGt(1_000))).isFalse();
    }

    private boolean matchesLamports(SubscribeRequestFilterAccountsFilterLamports.Builder l) throws Exception {
      return !compile(accounts("l", SubscribeRequestFilterAccounts.newBuilder().addFilters(lamports(l))))
          .matches(acct).isEmpty();
    }

    @Test
    void nonemptyTxnSignatureSelectsWritesWithOrWithoutASignature() throws Exception {
      SimEvent signed = accountEvent(account(A, OWNER, 1, DATA, sig(9)));
      FilterMatcher withSig = compile(accounts("s", SubscribeRequestFilterAccounts.newBuilder().setNonemptyTxnSignature(true)));
      FilterMatcher withoutSig = compile(accounts("s", SubscribeRequestFilterAccounts.newBuilder().setNonemptyTxnSignature(false)));
      assertThat(withSig.matches(signed)).containsExactly("s");
      assertThat(withSig.matches(acct)).isEmpty();
      assertThat(withoutSig.matches(acct)).containsExactly("s");
      assertThat(withoutSig.matches(signed)).isEmpty();
    }

    @Test
    void dataSliceTrimsWhatIsSentButFiltersSeeFullData() throws Exception {
      SubscribeRequest r = accounts("m", SubscribeRequestFilterAccounts.newBuilder()
          .addFilters(memcmp(6, ByteString.copyFrom(new byte[] {16, 17}))))
          .toBuilder()
          .addAccountsDataSlice(SubscribeRequestAccountsDataSlice.newBuilder().setOffset(0).setLength(2))
          .addAccountsDataSlice(SubscribeRequestAccountsDataSlice.newBuilder().setOffset(5).setLength(100))
          .build();
      List<SubscribeUpdate> updates = compile(r).updates(acct);
      assertThat(updates).hasSize(1);
      assertThat(updates.get(0).getAccount().getAccount().getData().toByteArray())
          .containsExactly(10, 11, 15, 16, 17);
    }

    @Test
    void tokenAccountStateMatchesInitializedTokenAccounts() throws Exception {
      byte[] token = new byte[165];
      token[108] = 1;
      FilterMatcher m = compile(accounts("t", SubscribeRequestFilterAccounts.newBuilder().addFilters(
          SubscribeRequestFilterAccountsFilter.newBuilder().setTokenAccountState(true))));
      assertThat(m.matches(accountEvent(account(A, OWNER, 1, token)))).containsExactly("t");
      assertThat(m.matches(acct)).isEmpty();
    }
  }

  @Nested
  class Transactions {
    static SubscribeRequest txs(String name, SubscribeRequestFilterTransactions.Builder f) {
      return SubscribeRequest.newBuilder().putTransactions(name, f.build()).build();
    }

    final SimEvent plain = txEvent(tx(sig(1), false, false, List.of(A, B)));
    final SimEvent vote = txEvent(tx(sig(2), true, false, List.of(A)));
    final SimEvent failed = txEvent(tx(sig(3), false, true, List.of(B)));
    final SimEvent loaded = txEvent(tx(sig(4), false, false, List.of(B), List.of(OWNER), List.of(OTHER_OWNER)));

    @Test
    void voteAndFailedMustEqualWhenSet() throws Exception {
      FilterMatcher noVotes = compile(txs("nv", SubscribeRequestFilterTransactions.newBuilder().setVote(false)));
      assertThat(noVotes.matches(plain)).containsExactly("nv");
      assertThat(noVotes.matches(vote)).isEmpty();
      FilterMatcher onlyFailed = compile(txs("f", SubscribeRequestFilterTransactions.newBuilder().setFailed(true)));
      assertThat(onlyFailed.matches(failed)).containsExactly("f");
      assertThat(onlyFailed.matches(plain)).isEmpty();
      FilterMatcher all = compile(txs("all", SubscribeRequestFilterTransactions.newBuilder()));
      assertThat(List.of(plain, vote, failed, loaded)).allSatisfy(e -> assertThat(all.matches(e)).containsExactly("all"));
    }

    @Test
    void signatureMustEqual() throws Exception {
      FilterMatcher m = compile(txs("s", SubscribeRequestFilterTransactions.newBuilder()
          .setSignature(Base58.encode(sig(3).toByteArray()))));
      assertThat(m.matches(failed)).containsExactly("s");
      assertThat(m.matches(plain)).isEmpty();
    }

    @Test
    void accountIncludeExcludeRequiredSeeLoadedAddresses() throws Exception {
      FilterMatcher include = compile(txs("i", SubscribeRequestFilterTransactions.newBuilder().addAccountInclude(b58(OWNER))));
      assertThat(include.matches(loaded)).containsExactly("i"); // OWNER only in loaded writable
      assertThat(include.matches(plain)).isEmpty();
      FilterMatcher includeReadonly = compile(txs("i", SubscribeRequestFilterTransactions.newBuilder()
          .addAccountInclude(b58(OTHER_OWNER))));
      assertThat(includeReadonly.matches(loaded)).containsExactly("i");
      FilterMatcher exclude = compile(txs("x", SubscribeRequestFilterTransactions.newBuilder().addAccountExclude(b58(OWNER))));
      assertThat(exclude.matches(loaded)).isEmpty();
      assertThat(exclude.matches(plain)).containsExactly("x");
      FilterMatcher required = compile(txs("r", SubscribeRequestFilterTransactions.newBuilder()
          .addAccountRequired(b58(A)).addAccountRequired(b58(B))));
      assertThat(required.matches(plain)).containsExactly("r");
      assertThat(required.matches(vote)).isEmpty();
    }

    @Test
    void oneUpdateTaggedWithEveryMatchingFilterAndNoneWhenNothingMatches() throws Exception {
      SubscribeRequest r = SubscribeRequest.newBuilder()
          .putTransactions("b-include-a", SubscribeRequestFilterTransactions.newBuilder().addAccountInclude(b58(A)).build())
          .putTransactions("a-non-vote", SubscribeRequestFilterTransactions.newBuilder().setVote(false).build())
          .putTransactions("c-failed", SubscribeRequestFilterTransactions.newBuilder().setFailed(true).build())
          .build();
      FilterMatcher m = compile(r);
      List<SubscribeUpdate> updates = m.updates(plain);
      assertThat(updates).hasSize(1);
      assertThat(updates.get(0).getFiltersList()).containsExactly("a-non-vote", "b-include-a");
      assertThat(updates.get(0).getTransaction().getTransaction().getSignature()).isEqualTo(sig(1));
      assertThat(updates.get(0).getCreatedAt()).isEqualTo(TestData.T0);
      SimEvent unmatched = txEvent(tx(sig(7), true, false, List.of(B)));
      assertThat(m.updates(unmatched)).isEmpty();
    }
  }

  @Nested
  class SlotsAndBlocks {
    @Test
    void slotsSendEveryStatusOrOnlyTheCommitmentOne() throws Exception {
      SubscribeRequest r = SubscribeRequest.newBuilder()
          .putSlots("all", SubscribeRequestFilterSlots.getDefaultInstance())
          .putSlots("mine", SubscribeRequestFilterSlots.newBuilder().setFilterByCommitment(true).build())
          .setCommitment(CommitmentLevel.CONFIRMED)
          .build();
      FilterMatcher m = compile(r);
      assertThat(m.matches(new SimEvent.SlotUpdate(5, 4, SlotStatus.SLOT_PROCESSED, TestData.T0))).containsExactly("all");
      assertThat(m.matches(new SimEvent.SlotUpdate(5, 4, SlotStatus.SLOT_CONFIRMED, TestData.T0)))
          .containsExactly("all", "mine");
      assertThat(m.matches(new SimEvent.SlotUpdate(5, 4, SlotStatus.SLOT_FINALIZED, TestData.T0))).containsExactly("all");
    }

    @Test
    void blocksMetaMatchesEveryBlockAndBlocksNarrowByAccountInclude() throws Exception {
      SubscribeUpdateBlockMeta meta = SubscribeUpdateBlockMeta.newBuilder().setSlot(100).setBlockhash("h").build();
      SimEvent.TransactionUpdate t1 = txEvent(tx(sig(1), false, false, List.of(A)));
      SimEvent.TransactionUpdate t2 = txEvent(tx(sig(2), false, false, List.of(B)));
      SimEvent.AccountUpdate a1 = accountEvent(account(A, OWNER, 1, DATA));
      SimEvent.BlockUpdate block = new SimEvent.BlockUpdate(meta, List.of(t1, t2), List.of(a1), TestData.T0);
      SubscribeRequest r = SubscribeRequest.newBuilder()
          .putBlocksMeta("meta", SubscribeRequestFilterBlocksMeta.getDefaultInstance())
          .putBlocks("all", SubscribeRequestFilterBlocks.getDefaultInstance())
          .putBlocks("all-too", SubscribeRequestFilterBlocks.getDefaultInstance())
          .putBlocks("only-a", SubscribeRequestFilterBlocks.newBuilder().addAccountInclude(b58(A))
              .setIncludeAccounts(true).build())
          .build();
      FilterMatcher m = compile(r);
      assertThat(m.updates(new SimEvent.BlockMetaUpdate(meta, TestData.T0)))
          .singleElement().satisfies(u -> assertThat(u.getFiltersList()).containsExactly("meta"));
      List<SubscribeUpdate> blocks = m.updates(block);
      assertThat(blocks).hasSize(2);
      assertThat(blocks.get(0).getFiltersList()).containsExactly("all", "all-too");
      assertThat(blocks.get(0).getBlock().getTransactionsCount()).isEqualTo(2);
      assertThat(blocks.get(0).getBlock().getAccountsCount()).isZero(); // include_accounts defaults to false
      assertThat(blocks.get(1).getFiltersList()).containsExactly("only-a");
      assertThat(blocks.get(1).getBlock().getTransactionsList()).extracting(t -> t.getSignature()).containsExactly(sig(1));
      assertThat(blocks.get(1).getBlock().getAccountsCount()).isEqualTo(1);
      assertThat(blocks.get(1).getBlock().getExecutedTransactionCount()).isEqualTo(2);
    }
  }

  static Stream<Arguments> invalidRequests() {
    String longName = "n".repeat(129);
    return Stream.of(
        Arguments.of(SubscribeRequest.newBuilder().putSlots(longName, SubscribeRequestFilterSlots.getDefaultInstance()).build(),
            "filter name '" + "n".repeat(24) + "...' is 129 bytes, but must be at most 128 bytes"),
        Arguments.of(accounts("a", SubscribeRequestFilterAccounts.newBuilder().addAccount("not-base58-0OIl")),
            "accounts filter 'a': account 'not-base58-0OIl' has '-' at position 3, which is not base58 (0, O, I and l are never used)"),
        Arguments.of(accounts("a", SubscribeRequestFilterAccounts.newBuilder().addOwner("abc")),
            "accounts filter 'a': owner 'abc' decodes to 3 bytes; a pubkey is 32 bytes of base58"),
        Arguments.of(accounts("a", SubscribeRequestFilterAccounts.newBuilder()
                .addFilters(memcmp(0, ByteString.EMPTY)).addFilters(memcmp(0, ByteString.EMPTY))
                .addFilters(memcmp(0, ByteString.EMPTY)).addFilters(memcmp(0, ByteString.EMPTY))
                .addFilters(memcmp(0, ByteString.EMPTY))),
            "accounts filter 'a': has 5 filters, but at most 4 are allowed"),
        Arguments.of(accounts("a", SubscribeRequestFilterAccounts.newBuilder()
                .addFilters(memcmp(0, ByteString.copyFrom(new byte[129])))),
            "accounts filter 'a': memcmp data is 129 bytes, but must be at most 128 bytes"),
        Arguments.of(SubscribeRequest.newBuilder().putTransactions("t", SubscribeRequestFilterTransactions.newBuilder()
                .addAccountInclude("11111111111111111111").build()).build(),
            "transactions filter 't': account_include '11111111111111111111' decodes to 20 bytes; a pubkey is 32 bytes of base58"),
        Arguments.of(SubscribeRequest.newBuilder().putTransactions("t", SubscribeRequestFilterTransactions.newBuilder()
                .setSignature("abc").build()).build(),
            "transactions filter 't': signature 'abc' is not a base58 signature of 64 bytes"));
  }

  @ParameterizedTest
  @MethodSource("invalidRequests")
  void rejectsInvalidFiltersWithADescriptionNamingTheProblem(SubscribeRequest request, String message) {
    assertThatThrownBy(() -> FilterMatcher.compile(request))
        .isInstanceOf(InvalidFilterException.class)
        .hasMessage(message);
  }
}
