package io.leasechain.ledger.bank;

import static io.leasechain.ledger.testing.Outcomes.assertOk;
import static io.leasechain.ledger.testing.Outcomes.assertRejected;
import static io.leasechain.ledger.testing.Outcomes.render;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.LedgerError;
import io.leasechain.ledger.TxOutcome;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.ledger.bank.proto.BankParams;
import io.leasechain.ledger.invariant.Invariants;
import io.leasechain.ledger.testing.StateDump;
import io.leasechain.ledger.testing.TestChain;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MsgSend rules (codespace "bank"). Stateless rules (address, amount) reject the tx before its fee;
 * stateful rules reject the message after the fee, so in FinalizeBlock the fee and sequence are
 * consumed and nothing else changes, while CheckTx refuses the tx and changes nothing.
 */
class SendRulesTest {

  private static final long FEE = TestChain.DEFAULT_FEE;

  private TestChain chain;
  private Address alice;
  private Address bob;

  @BeforeEach
  void setUp() {
    chain = TestChain.create(3);
    alice = chain.address(0);
    bob = chain.address(1);
  }

  /** Rejected before the fee: nothing changes in CheckTx or FinalizeBlock. */
  private TxOutcome assertRejectedBeforeFee(LedgerError error, byte[] tx) {
    SortedMap<String, String> committed = StateDump.of(chain.committed());
    SortedMap<String, String> mempool = StateDump.of(chain.mempoolView());
    TxOutcome check = chain.checkTx(tx);
    assertRejected(error, check);
    assertEquals(mempool, StateDump.of(chain.mempoolView()));
    BlockResult block = chain.finalizeBlock(tx);
    assertRejected(error, block.txs().get(0));
    assertEquals(List.of(), block.writes());
    assertEquals(committed, StateDump.of(chain.committed()));
    return block.txs().get(0);
  }

  /**
   * Rejected by the message after the fee: CheckTx changes nothing; FinalizeBlock charges the fee
   * to {@code payer}, bumps its sequence, and changes nothing else.
   */
  private TxOutcome assertMessageRejected(LedgerError error, byte[] tx, Address payer) {
    Account payerBefore = chain.account(payer);
    long collectorBefore = chain.balance(TestChain.feeCollector());
    SortedMap<String, String> mempool = StateDump.of(chain.mempoolView());

    TxOutcome check = chain.checkTx(tx);
    assertRejected(error, check);
    assertEquals(
        mempool,
        StateDump.of(chain.mempoolView()),
        "CheckTx must not keep fee or sequence of a failing tx");
    assertEquals(payerBefore.getSequence(), chain.nextSequence(payer));

    BlockResult block = chain.finalizeBlock(tx);
    TxOutcome delivered = block.txs().get(0);
    assertRejected(error, delivered);
    assertTrue(
        delivered.log().startsWith("message 0: ") || delivered.log().matches("message \\d+: .*"),
        delivered.log());
    Account payerAfter = chain.account(payer);
    assertEquals(
        payerBefore.getSequence() + 1, payerAfter.getSequence(), "sequence must be consumed");
    assertEquals(payerBefore.getBalance() - FEE, payerAfter.getBalance(), "fee must be charged");
    assertEquals(collectorBefore + FEE, chain.balance(TestChain.feeCollector()));
    // Exactly two keys change: the payer's account and the fee collector's.
    assertEquals(2, block.writes().size(), "writes: " + block.writes().size());
    assertEquals(List.of(), Invariants.broken(chain.committed(), chain.height()));
    return delivered;
  }

  // ---- stateful (after the fee) ----------------------------------------------------------

  @Test
  void sendingMoreThanTheBalanceIsInsufficientFunds() {
    chain = TestChain.builder().accounts(2, TestChain.DEFAULT_BALANCE).account(1_000).build();
    Address poor = chain.address(2);
    // The fee leaves 900; the send asks for 950.
    byte[] tx = chain.tx().send(poor, alice, 950).signer(chain.keyAt(2)).build();
    TxOutcome outcome = assertMessageRejected(BankError.INSUFFICIENT_FUNDS, tx, poor);
    assertTrue(outcome.log().contains("has 900 ulease, needs 950"), outcome.log());
    assertEquals(900, chain.balance(poor));
    assertEquals(TestChain.DEFAULT_BALANCE, chain.balance(alice));
    // The failed tx reports the fee's coin events and its ante events, no message events.
    assertEquals(
        List.of("coin_spent", "coin_received", "transfer", "tx", "tx"),
        outcome.events().stream().map(e -> e.type()).toList());
  }

  @Test
  void sendingTheWholeBalanceAfterTheFeeIsFine() {
    chain = TestChain.builder().accounts(2, TestChain.DEFAULT_BALANCE).account(1_000).build();
    Address poor = chain.address(2);
    byte[] tx = chain.tx().send(poor, alice, 900).signer(chain.keyAt(2)).build();
    assertOk(chain.checkTx(tx));
    assertOk(chain.deliver(tx));
    assertEquals(0, chain.balance(poor));
  }

  @Test
  void creditThatOverflowsTheRecipientIsBalanceOverflow() {
    // Unreachable from a consistent state (the supply bounds every balance), so it is forced.
    chain.forceBalance(bob, Long.MAX_VALUE - 10);
    byte[] tx = chain.tx().send(alice, bob, 11).signer(chain.keyAt(0)).build();
    Account aliceBefore = chain.account(alice);
    TxOutcome check = chain.checkTx(tx);
    assertRejected(BankError.BALANCE_OVERFLOW, check);
    assertEquals(aliceBefore, chain.mempoolAccount(alice));
    TxOutcome delivered = chain.deliver(tx);
    assertRejected(BankError.BALANCE_OVERFLOW, delivered);
    assertEquals(Long.MAX_VALUE - 10, chain.balance(bob));
    assertEquals(aliceBefore.getBalance() - FEE, chain.balance(alice));
    assertEquals(aliceBefore.getSequence() + 1, chain.sequence(alice));
    // Exactly filling the recipient is fine.
    assertOk(chain.deliver(chain.tx().send(alice, bob, 10).signer(chain.keyAt(0)).build()));
    assertEquals(Long.MAX_VALUE, chain.balance(bob));
  }

  @Test
  void sendToAModuleAccountIsBlocked() {
    byte[] tx = chain.tx().send(alice, TestChain.feeCollector(), 10).signer(chain.keyAt(0)).build();
    TxOutcome outcome = assertMessageRejected(BankError.BLOCKED_RECIPIENT, tx, alice);
    assertTrue(outcome.log().contains(TestChain.feeCollector().toBech32()), outcome.log());
    assertEquals(FEE, chain.balance(TestChain.feeCollector()));
  }

  @Test
  void sendWhileTransfersAreDisabledIsRejected() {
    chain =
        TestChain.builder()
            .accounts(2, TestChain.DEFAULT_BALANCE)
            .bankParams(BankParams.newBuilder().setSendEnabled(false).build())
            .build();
    byte[] tx = chain.send(0, 1, 10);
    assertMessageRejected(BankError.SEND_DISABLED, tx, chain.address(0));
    assertEquals(TestChain.DEFAULT_BALANCE, chain.balance(chain.address(1)));
  }

  @Test
  void secondMessageFailingRollsBackTheFirstButKeepsFeeAndSequence() {
    byte[] tx =
        chain
            .tx()
            .send(alice, bob, 10)
            .send(
                alice,
                chain.address(2),
                TestChain.DEFAULT_BALANCE) // more than is left after the fee
            .signer(chain.keyAt(0))
            .build();
    TxOutcome outcome = assertMessageRejected(BankError.INSUFFICIENT_FUNDS, tx, alice);
    assertTrue(outcome.log().startsWith("message 1: "), outcome.log());
    assertEquals(TestChain.DEFAULT_BALANCE, chain.balance(bob), "message 0 must be rolled back");
    assertEquals(TestChain.DEFAULT_BALANCE, chain.balance(chain.address(2)));
    // Only the fee's coin events: none names a recipient of the rolled-back messages.
    assertFalse(
        render(outcome.events()).stream()
            .anyMatch(
                e ->
                    e.startsWith("message")
                        || e.contains(bob.toBech32())
                        || e.contains(chain.address(2).toBech32())));
  }

  @Test
  void laterMessagesSeeTheEffectsOfEarlierOnes() {
    chain = TestChain.builder().accounts(2, TestChain.DEFAULT_BALANCE).account(100).build();
    Address poor = chain.address(2);
    // poor (100) cannot send 150 alone, but receives 100 first in the same tx; alice pays the fee.
    byte[] tx =
        chain
            .tx()
            .send(alice, poor, 100)
            .send(poor, bob, 150)
            .signer(chain.keyAt(0))
            .signer(chain.keyAt(2))
            .build();
    assertOk(chain.checkTx(tx));
    assertOk(chain.deliver(tx));
    assertEquals(50, chain.balance(poor));
    assertEquals(TestChain.DEFAULT_BALANCE - 100 - FEE, chain.balance(alice));
  }

  // ---- stateless (before the fee) --------------------------------------------------------

  @Test
  void zeroAmountIsInvalid() {
    TxOutcome outcome =
        assertRejectedBeforeFee(
            BankError.INVALID_AMOUNT,
            chain.tx().send(alice, bob, 0).signer(chain.keyAt(0)).build());
    assertTrue(outcome.log().contains("got 0"), outcome.log());
  }

  @Test
  void amountOf2To63OnTheWireIsInvalid() {
    TxOutcome outcome =
        assertRejectedBeforeFee(
            BankError.INVALID_AMOUNT,
            chain.tx().send(alice, bob, Long.MIN_VALUE).signer(chain.keyAt(0)).build());
    assertTrue(outcome.log().contains("got 9223372036854775808"), outcome.log());
  }

  @Test
  void maxUint64AmountIsInvalid() {
    TxOutcome outcome =
        assertRejectedBeforeFee(
            BankError.INVALID_AMOUNT,
            chain.tx().send(alice, bob, -1L).signer(chain.keyAt(0)).build());
    assertTrue(outcome.log().contains("got 18446744073709551615"), outcome.log());
  }

  @Test
  void malformedRecipientIsInvalidAddress() {
    String garbage = "lease1notanaddress";
    TxOutcome outcome =
        assertRejectedBeforeFee(
            BankError.INVALID_ADDRESS,
            chain.tx().send(alice.toBech32(), garbage, 10).signer(chain.keyAt(0)).build());
    assertTrue(outcome.log().contains("to '" + garbage + "'"), outcome.log());
  }

  @Test
  void recipientWithBadChecksumIsInvalidAddress() {
    String good = bob.toBech32();
    char last = good.charAt(good.length() - 1);
    String bad = good.substring(0, good.length() - 1) + (last == 'q' ? 'p' : 'q');
    TxOutcome outcome =
        assertRejectedBeforeFee(
            BankError.INVALID_ADDRESS,
            chain.tx().send(alice.toBech32(), bad, 10).signer(chain.keyAt(0)).build());
    assertTrue(outcome.log().contains("checksum"), outcome.log());
  }

  @Test
  void recipientWithAnotherChainsPrefixIsInvalidAddress() {
    String cosmos = io.leasechain.crypto.Bech32.encode("cosmos", bob.bytes());
    assertRejectedBeforeFee(
        BankError.INVALID_ADDRESS,
        chain.tx().send(alice.toBech32(), cosmos, 10).signer(chain.keyAt(0)).build());
  }

  @Test
  void emptyRecipientIsInvalidAddress() {
    assertRejectedBeforeFee(
        BankError.INVALID_ADDRESS,
        chain.tx().send(alice.toBech32(), "", 10).signer(chain.keyAt(0)).build());
  }

  @Test
  void malformedSenderIsInvalidAddress() {
    TxOutcome outcome =
        assertRejectedBeforeFee(
            BankError.INVALID_ADDRESS,
            chain.tx().send("lease1xyz", bob.toBech32(), 10).signer(chain.keyAt(0)).build());
    assertTrue(outcome.log().contains("from 'lease1xyz'"), outcome.log());
  }

  // ---- CheckTx sees the mempool --------------------------------------------------------------

  @Test
  void checkTxSeesFundsSpentByAdmittedTxs() {
    chain = TestChain.builder().accounts(2, TestChain.DEFAULT_BALANCE).account(1_000).build();
    Address poor = chain.address(2);
    assertOk(chain.checkTx(chain.tx().send(poor, alice, 500).signer(chain.keyAt(2)).build()));
    // 1000 - 500 - 100 = 400 left in the mempool view: 350 more would leave -50 after the fee.
    byte[] second = chain.tx().send(poor, alice, 350).signer(chain.keyAt(2)).build();
    SortedMap<String, String> view = StateDump.of(chain.mempoolView());
    assertRejected(BankError.INSUFFICIENT_FUNDS, chain.checkTx(second));
    assertEquals(view, StateDump.of(chain.mempoolView()));
    assertEquals(1_000, chain.balance(poor), "CheckTx must not touch committed state");
  }
}
