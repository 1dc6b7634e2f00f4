package io.leasechain.ledger.bank;

import static io.leasechain.ledger.testing.Outcomes.assertOk;
import static io.leasechain.ledger.testing.Outcomes.render;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.TxOutcome;
import io.leasechain.ledger.invariant.Invariants;
import io.leasechain.ledger.state.Write;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.tx.Gas;
import io.leasechain.ledger.tx.TxParamsRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SendSuccessTest {

  private static final long B = TestChain.DEFAULT_BALANCE;
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

  @Test
  void sendMovesExactlyTheAmountAndPaysTheFeeToTheCollector() {
    byte[] tx = chain.send(0, 1, 1234);
    assertOk(chain.checkTx(tx));
    // Admitted effects are in the mempool view only.
    assertEquals(B - 1234 - FEE, chain.mempoolAccount(alice).getBalance());
    assertEquals(B, chain.balance(alice));

    BlockResult block = chain.finalizeBlock(tx);
    assertOk(block.txs().get(0));
    assertEquals(B - 1234 - FEE, chain.balance(alice));
    assertEquals(B + 1234, chain.balance(bob));
    assertEquals(B, chain.balance(chain.address(2)));
    assertEquals(FEE, chain.balance(TestChain.feeCollector()));
    assertEquals(3 * B, BankKeeper.supply(chain.committed()));
    assertEquals(List.of(), Invariants.broken(chain.committed(), chain.height()));
  }

  @Test
  void firstTxBindsThePublicKeyAndBumpsTheSequence() {
    assertTrue(chain.account(alice).getPublicKey().isEmpty());
    assertOk(chain.deliver(chain.send(0, 1, 1)));
    assertEquals(1, chain.sequence(alice));
    assertArrayEquals(
        chain.keyAt(0).publicKey().bytes(), chain.account(alice).getPublicKey().toByteArray());
    // Receiving does not bind a key or bump a sequence.
    assertTrue(chain.account(bob).getPublicKey().isEmpty());
    assertEquals(0, chain.sequence(bob));
    assertOk(chain.deliver(chain.send(0, 1, 1)));
    assertEquals(2, chain.sequence(alice));
  }

  /** What alice's first tx emits before its messages: the fee paid, then signer and sequence. */
  private List<String> aliceFeeEvents() {
    return List.of(
        "coin_spent{spender*=" + alice + ",amount*=" + FEE + "ulease}",
        "coin_received{receiver*=" + TestChain.feeCollector() + ",amount*=" + FEE + "ulease}",
        "transfer{sender*="
            + alice
            + ",recipient*="
            + TestChain.feeCollector()
            + ",amount*="
            + FEE
            + "ulease}",
        "tx{fee=" + FEE + ",fee_payer*=" + alice + "}",
        "tx{acc_seq*=" + alice + "/0}");
  }

  @Test
  void eventsNameFeeSignerMessageAndTransfer() {
    byte[] tx = chain.send(0, 1, 1234);
    TxOutcome outcome = chain.deliver(tx);
    assertOk(outcome);
    List<String> expected = new ArrayList<>(aliceFeeEvents());
    expected.addAll(
        List.of(
            "message{action*=send,sender*=" + alice + ",module*=bank,index=0}",
            "coin_spent{spender*=" + alice + ",amount*=1234ulease}",
            "coin_received{receiver*=" + bob + ",amount*=1234ulease}",
            "transfer{sender*=" + alice + ",recipient*=" + bob + ",amount*=1234ulease}"));
    assertEquals(expected, render(outcome.events()));
  }

  @Test
  void aFailedMessageLeavesOnlyTheFeeEventsEvenAfterAnEarlierMessageMovedCoins() {
    // The first send succeeds inside the tx, the second overdraws: the tx fails as a whole.
    byte[] tx =
        chain.tx().send(alice, bob, 1234).send(alice, bob, 2 * B).signer(chain.keyAt(0)).build();
    TxOutcome outcome = chain.deliver(tx);
    assertEquals(aliceFeeEvents(), render(outcome.events()));
    assertEquals(B, chain.balance(bob));
  }

  @Test
  void gasWantedIsTheLimitAndGasUsedIsWhatTheTxNeeds() {
    byte[] tx = chain.send(0, 1, 5);
    TxOutcome outcome = chain.deliver(tx);
    assertEquals(TestChain.DEFAULT_GAS_LIMIT, outcome.gasWanted());
    assertEquals(Gas.required(TxParamsRules.DEFAULTS, tx.length, 1, 1), outcome.gasUsed());
  }

  @Test
  void blockWritesAreExactlyTheTouchedAccountsInKeyOrder() {
    BlockResult block = chain.finalizeBlock(chain.send(0, 1, 5));
    List<byte[]> keys = block.writes().stream().map(Write::key).toList();
    List<byte[]> expected =
        new java.util.ArrayList<>(
            List.of(
                BankKeeper.accountKey(alice),
                BankKeeper.accountKey(bob),
                BankKeeper.accountKey(TestChain.feeCollector())));
    expected.sort(Arrays::compareUnsigned);
    assertEquals(expected.size(), keys.size());
    for (int i = 0; i < keys.size(); i++) {
      assertArrayEquals(expected.get(i), keys.get(i));
    }
  }

  @Test
  void twoTxsFromOneAccountInOneBlock() {
    byte[] first = chain.send(0, 1, 10); // sequence 0, from the mempool view
    assertOk(chain.checkTx(first));
    byte[] second = chain.send(0, 2, 20); // sequence 1, because the view has admitted the first
    assertOk(chain.checkTx(second));
    assertEquals(2, chain.nextSequence(alice));

    BlockResult block = chain.finalizeBlock(first, second);
    block.txs().forEach(io.leasechain.ledger.testing.Outcomes::assertOk);
    assertEquals(2, chain.sequence(alice));
    assertEquals(B - 30 - 2 * FEE, chain.balance(alice));
    assertEquals(B + 10, chain.balance(bob));
    assertEquals(B + 20, chain.balance(chain.address(2)));
    assertEquals(2 * FEE, chain.balance(TestChain.feeCollector()));
  }

  @Test
  void outOfOrderTxsInOneBlockFailTheSecondOnSequence() {
    byte[] seq0 = chain.tx().send(alice, bob, 10).signer(chain.keyAt(0), 0).build();
    byte[] seq1 = chain.tx().send(alice, bob, 10).signer(chain.keyAt(0), 1).build();
    BlockResult block = chain.finalizeBlock(seq1, seq0);
    io.leasechain.ledger.testing.Outcomes.assertRejected(
        io.leasechain.ledger.tx.TxError.WRONG_SEQUENCE, block.txs().get(0));
    assertOk(block.txs().get(1));
    assertEquals(1, chain.sequence(alice));
  }

  @Test
  void newAccountCreatedByAReceiptCanSpend() {
    Ed25519PrivateKey carol = TestChain.key(500);
    Address carolAddress = carol.publicKey().address();
    assertOk(
        chain.deliver(chain.tx().send(alice, carolAddress, 1_000).signer(chain.keyAt(0)).build()));
    assertEquals(1_000, chain.balance(carolAddress));
    assertEquals(0, chain.sequence(carolAddress));
    byte[] spend = chain.send(carol, bob, 400);
    assertOk(chain.checkTx(spend));
    assertOk(chain.deliver(spend));
    assertEquals(1_000 - 400 - FEE, chain.balance(carolAddress));
    assertEquals(1, chain.sequence(carolAddress));
    assertArrayEquals(
        carol.publicKey().bytes(), chain.account(carolAddress).getPublicKey().toByteArray());
  }

  @Test
  void sendToSelfOnlyCostsTheFee() {
    assertOk(chain.deliver(chain.tx().send(alice, alice, 500).signer(chain.keyAt(0)).build()));
    assertEquals(B - FEE, chain.balance(alice));
    assertEquals(List.of(), Invariants.broken(chain.committed(), chain.height()));
  }

  @Test
  void failedTxsInABlockDoNotAffectTheOthers() {
    byte[] ok1 = chain.send(0, 1, 10);
    byte[] bad = chain.tx().send(chain.address(1), alice, 0).signer(chain.keyAt(1)).build();
    byte[] ok2 = chain.send(2, 0, 30);
    BlockResult block = chain.finalizeBlock(ok1, bad, ok2);
    assertOk(block.txs().get(0));
    io.leasechain.ledger.testing.Outcomes.assertRejected(
        BankError.INVALID_AMOUNT, block.txs().get(1));
    assertOk(block.txs().get(2));
    assertEquals(B - 10 - FEE + 30, chain.balance(alice));
    assertEquals(0, chain.sequence(bob));
  }
}
