package io.leasechain.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.bank.BankError;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.ledger.invariant.Invariants;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValue;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.testing.StateDump;
import io.leasechain.ledger.testing.TestChain;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random transfer workloads over several blocks, valid and invalid mixed: the supply invariant
 * holds after every block, ulease is conserved, every outcome matches the state change it made, and
 * whatever CheckTx admits succeeds when replayed in a block in the same order.
 */
class TransferPropertiesTest {

  private static final int ACCOUNTS = 10;
  private static final int FRESH = ACCOUNTS; // "to" index of an address that starts empty
  private static final int COLLECTOR = ACCOUNTS + 1; // "to" index of the fee collector (blocked)
  private static final Address FRESH_ADDRESS = TestChain.addressOf(1_000);
  private static final long FEE = TestChain.DEFAULT_FEE;

  enum AmountKind {
    SMALL,
    ZERO,
    OVERDRAFT,
    ALL_BUT_FEE,
    MAX_LONG,
    ABOVE_2_63
  }

  enum SequenceKind {
    CORRECT,
    REUSED,
    FUTURE
  }

  enum FeeKind {
    NORMAL,
    BELOW_MINIMUM,
    UNAFFORDABLE
  }

  record Op(
      int from, int to, AmountKind amountKind, long small, SequenceKind sequence, FeeKind fee) {}

  @Provide
  Arbitrary<List<List<Op>>> workloads() {
    Arbitrary<AmountKind> amountKinds =
        Arbitraries.frequencyOf(
            Tuple.of(60, Arbitraries.just(AmountKind.SMALL)),
            Tuple.of(8, Arbitraries.just(AmountKind.ZERO)),
            Tuple.of(12, Arbitraries.just(AmountKind.OVERDRAFT)),
            Tuple.of(10, Arbitraries.just(AmountKind.ALL_BUT_FEE)),
            Tuple.of(5, Arbitraries.just(AmountKind.MAX_LONG)),
            Tuple.of(5, Arbitraries.just(AmountKind.ABOVE_2_63)));
    Arbitrary<SequenceKind> sequences =
        Arbitraries.frequencyOf(
            Tuple.of(80, Arbitraries.just(SequenceKind.CORRECT)),
            Tuple.of(10, Arbitraries.just(SequenceKind.REUSED)),
            Tuple.of(10, Arbitraries.just(SequenceKind.FUTURE)));
    Arbitrary<FeeKind> fees =
        Arbitraries.frequencyOf(
            Tuple.of(85, Arbitraries.just(FeeKind.NORMAL)),
            Tuple.of(7, Arbitraries.just(FeeKind.BELOW_MINIMUM)),
            Tuple.of(8, Arbitraries.just(FeeKind.UNAFFORDABLE)));
    Arbitrary<Op> ops =
        Combinators.combine(
                Arbitraries.integers().between(0, ACCOUNTS - 1),
                Arbitraries.frequencyOf(
                    Tuple.of(90, Arbitraries.integers().between(0, ACCOUNTS - 1)),
                    Tuple.of(6, Arbitraries.just(FRESH)),
                    Tuple.of(4, Arbitraries.just(COLLECTOR))),
                amountKinds,
                Arbitraries.longs().between(1, 400_000),
                sequences,
                fees)
            .as(Op::new);
    return ops.list().ofMaxSize(12).list().ofMinSize(1).ofMaxSize(6);
  }

  private static TestChain newChain() {
    TestChain.Builder builder = TestChain.builder();
    for (int i = 0; i < ACCOUNTS; i++) {
      builder.account(200_000L + 150_000L * i); // small enough that overdrafts happen for real
    }
    return builder.build();
  }

  private static Address to(TestChain chain, int index) {
    return index == FRESH
        ? FRESH_ADDRESS
        : index == COLLECTOR ? TestChain.feeCollector() : chain.address(index);
  }

  /** Builds the tx for {@code op} against the chain's current mempool view. */
  private static byte[] build(TestChain chain, Op op) {
    Address from = chain.address(op.from());
    Account account = chain.mempoolAccount(from);
    long balance = account.getBalance();
    long fee =
        switch (op.fee()) {
          case NORMAL -> FEE;
          case BELOW_MINIMUM -> FEE - 1;
          case UNAFFORDABLE -> balance + 1;
        };
    long amount =
        switch (op.amountKind()) {
          case SMALL -> op.small();
          case ZERO -> 0;
          case OVERDRAFT -> Math.max(1, balance - FEE + 1);
          case ALL_BUT_FEE -> Math.max(1, balance - FEE);
          case MAX_LONG -> Long.MAX_VALUE;
          case ABOVE_2_63 -> Long.MIN_VALUE + op.small();
        };
    long sequence =
        account.getSequence()
            + switch (op.sequence()) {
              case CORRECT -> 0;
              case REUSED -> -1;
              case FUTURE -> 1;
            };
    return chain
        .tx()
        .send(from, to(chain, op.to()), amount)
        .fee(fee)
        .signer(chain.keyAt(op.from()), sequence)
        .build();
  }

  private static long sumOfBalances(ReadableState state) {
    long sum = 0;
    Iterator<KeyValue> accounts = state.scanPrefix(Keys.of(KeySpace.ACCOUNT));
    while (accounts.hasNext()) {
      try {
        sum = Math.addExact(sum, Account.parseFrom(accounts.next().value()).getBalance());
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }
    return sum;
  }

  /** A model of balances and sequences updated from outcomes alone. */
  private static final class Model {
    final Map<Address, Long> balances = new TreeMap<>();
    final Map<Address, Long> sequences = new TreeMap<>();

    Model(TestChain chain) {
      for (int i = 0; i < ACCOUNTS; i++) {
        balances.put(chain.address(i), chain.balance(chain.address(i)));
        sequences.put(chain.address(i), 0L);
      }
      balances.put(FRESH_ADDRESS, 0L);
      balances.put(TestChain.feeCollector(), 0L);
    }

    void apply(io.leasechain.ledger.tx.proto.Tx tx, TxOutcome outcome) throws Exception {
      // A tx that failed after its fee reports its ante ("tx") events and a "message i: " log;
      // one that failed before (decode, stateless or ante rules) reports no events and changes
      // nothing.
      boolean feeCharged = outcome.isOk() || !outcome.events().isEmpty();
      if (!feeCharged) {
        return;
      }
      if (!outcome.isOk()) {
        assertEquals(BankError.CODESPACE, outcome.codespace(), outcome.log());
        assertEquals(true, outcome.log().startsWith("message 0: "), outcome.log());
      }
      var body = io.leasechain.ledger.tx.proto.TxBody.parseFrom(tx.getBody());
      var auth = io.leasechain.ledger.tx.proto.AuthInfo.parseFrom(tx.getAuthInfo());
      var send = body.getMessages(0).getSend();
      Address from = Address.fromBech32(send.getFrom());
      long fee = auth.getFee().getAmount();
      balances.merge(from, -fee, Long::sum);
      balances.merge(TestChain.feeCollector(), fee, Long::sum);
      sequences.merge(from, 1L, Long::sum);
      if (outcome.isOk()) {
        balances.merge(from, -send.getAmount(), Long::sum);
        balances.merge(Address.fromBech32(send.getTo()), send.getAmount(), Long::sum);
      }
    }

    void assertMatches(TestChain chain) {
      for (Map.Entry<Address, Long> entry : balances.entrySet()) {
        assertEquals(
            entry.getValue(), chain.balance(entry.getKey()), "balance of " + entry.getKey());
      }
      for (Map.Entry<Address, Long> entry : sequences.entrySet()) {
        assertEquals(
            entry.getValue(), chain.sequence(entry.getKey()), "sequence of " + entry.getKey());
      }
    }
  }

  @Property(tries = 200)
  void supplyIsConservedAndOutcomesMatchStateChanges(@ForAll("workloads") List<List<Op>> blocks)
      throws Exception {
    TestChain chain = newChain();
    long supply = chain.genesisSupply();
    Model model = new Model(chain);
    for (List<Op> ops : blocks) {
      List<byte[]> txs = new ArrayList<>();
      for (Op op : ops) {
        byte[] tx = build(chain, op);
        chain.checkTx(tx); // advances the mempool view for admitted txs, as a node would
        txs.add(tx);
      }
      BlockResult block = chain.finalizeBlock(txs);
      for (int i = 0; i < txs.size(); i++) {
        model.apply(io.leasechain.ledger.tx.proto.Tx.parseFrom(txs.get(i)), block.txs().get(i));
      }
      assertEquals(
          List.of(),
          Invariants.broken(chain.committed(), chain.height()),
          "after block " + chain.height());
      assertEquals(supply, BankKeeper.supply(chain.committed()));
      assertEquals(
          supply,
          sumOfBalances(chain.committed()),
          "balances + fee collector must equal genesis supply");
      model.assertMatches(chain);
    }
  }

  @Property(tries = 200)
  void whatCheckTxAdmitsSucceedsInABlockInTheSameOrder(@ForAll("workloads") List<List<Op>> blocks) {
    TestChain chain = newChain();
    long supply = chain.genesisSupply();
    for (List<Op> ops : blocks) {
      List<byte[]> admitted = new ArrayList<>();
      for (Op op : ops) {
        byte[] tx = build(chain, op);
        if (chain.checkTx(tx).isOk()) {
          admitted.add(tx);
        }
      }
      Map<String, String> mempoolView = StateDump.of(chain.mempoolView());
      BlockResult block = chain.finalizeBlock(admitted);
      for (int i = 0; i < admitted.size(); i++) {
        TxOutcome outcome = block.txs().get(i);
        assertEquals(
            0,
            outcome.code(),
            "admitted tx "
                + i
                + " failed in the block: "
                + outcome.codespace()
                + "/"
                + outcome.code()
                + " "
                + outcome.log());
      }
      // The block reached exactly the state the mempool view predicted.
      assertEquals(mempoolView, StateDump.of(chain.committed()));
      assertEquals(List.of(), Invariants.broken(chain.committed(), chain.height()));
      assertEquals(supply, sumOfBalances(chain.committed()));
    }
  }
}
