package io.leasechain.ledger.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.BankParamsRules;
import io.leasechain.ledger.bank.proto.Account;
import io.leasechain.ledger.bank.proto.BankParams;
import io.leasechain.ledger.query.proto.ParamsResponse;
import io.leasechain.ledger.query.proto.SupplyResponse;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.ledger.tx.proto.TxParams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LedgerQueriesTest {

  private TestChain chain;

  @BeforeEach
  void setUp() {
    chain = TestChain.create(2);
  }

  private static void assertInvalidArgument(QueryResult result) {
    assertFalse(result.isOk());
    assertEquals(QueryError.CODESPACE, result.rejection().error().codespace());
    assertEquals(QueryError.INVALID_ARGUMENT.code(), result.rejection().error().code());
    assertEquals(3, result.rejection().error().code());
  }

  @Test
  void accountReturnsTheStoredAccount() throws Exception {
    chain.deliver(chain.send(0, 1, 10));
    Address alice = chain.address(0);
    QueryResult result = LedgerQueries.answer(chain.committed(), "/account/" + alice.toBech32(), 0);
    assertTrue(result.isOk());
    assertArrayEquals(BankKeeper.accountKey(alice), result.key());
    Account account = Account.parseFrom(result.value());
    assertEquals(alice.toBech32(), account.getAddress());
    assertEquals(TestChain.DEFAULT_BALANCE - 10 - TestChain.DEFAULT_FEE, account.getBalance());
    assertEquals(1, account.getSequence());
    assertArrayEquals(chain.keyAt(0).publicKey().bytes(), account.getPublicKey().toByteArray());
  }

  @Test
  void unknownAddressReadsAsTheZeroAccount() throws Exception {
    Address stranger = TestChain.addressOf(777);
    QueryResult result =
        LedgerQueries.answer(chain.committed(), "/account/" + stranger.toBech32(), 0);
    assertTrue(result.isOk());
    Account account = Account.parseFrom(result.value());
    assertEquals(Account.newBuilder().setAddress(stranger.toBech32()).build(), account);
  }

  @Test
  void malformedAddressIsAnInvalidArgument() {
    QueryResult result = LedgerQueries.answer(chain.committed(), "/account/lease1bogus", 0);
    assertInvalidArgument(result);
    assertTrue(result.rejection().log().contains("lease1bogus"), result.rejection().log());
    assertEquals(0, result.value().length);
  }

  @Test
  void accountPathWithoutOrWithTooManySegmentsIsAnInvalidArgument() {
    assertInvalidArgument(LedgerQueries.answer(chain.committed(), "/account", 0));
    assertInvalidArgument(LedgerQueries.answer(chain.committed(), "/account/", 0));
    assertInvalidArgument(
        LedgerQueries.answer(
            chain.committed(), "/account/" + chain.address(0).toBech32() + "/extra", 0));
  }

  @Test
  void paramsReturnsEveryModulesParams() throws Exception {
    TxParams tx = TxParamsRules.DEFAULTS.toBuilder().setMaxMemoBytes(99).build();
    BankParams bank = BankParams.newBuilder().setSendEnabled(false).build();
    chain = TestChain.builder().accounts(1, 5).txParams(tx).bankParams(bank).build();
    QueryResult result = LedgerQueries.answer(chain.committed(), "/params", 0);
    assertTrue(result.isOk());
    ParamsResponse response = ParamsResponse.parseFrom(result.value());
    assertEquals(tx, response.getTx());
    assertEquals(bank, response.getBank());
    assertInvalidArgument(LedgerQueries.answer(chain.committed(), "/params/tx", 0));
  }

  @Test
  void paramsAtDefaults() throws Exception {
    ParamsResponse response =
        ParamsResponse.parseFrom(LedgerQueries.answer(chain.committed(), "/params", 0).value());
    assertEquals(TxParamsRules.DEFAULTS, response.getTx());
    assertEquals(BankParamsRules.DEFAULTS, response.getBank());
  }

  @Test
  void supplyIsTheGenesisTotalAndFeesDoNotChangeIt() throws Exception {
    QueryResult result = LedgerQueries.answer(chain.committed(), "/supply", 0);
    assertTrue(result.isOk());
    assertEquals(
        2 * TestChain.DEFAULT_BALANCE, SupplyResponse.parseFrom(result.value()).getTotal());
    chain.deliver(chain.send(0, 1, 10));
    assertEquals(
        2 * TestChain.DEFAULT_BALANCE,
        SupplyResponse.parseFrom(LedgerQueries.answer(chain.committed(), "/supply", 0).value())
            .getTotal());
    assertInvalidArgument(LedgerQueries.answer(chain.committed(), "/supply/x", 0));
  }

  @Test
  void pathsTheLedgerDoesNotOwnAreNull() {
    assertNull(LedgerQueries.answer(chain.committed(), "/unknown", 0));
    assertNull(LedgerQueries.answer(chain.committed(), "/orderz/1", 0));
    assertNull(LedgerQueries.answer(chain.committed(), "", 0));
    assertNull(LedgerQueries.answer(chain.committed(), "/", 0));
    assertNull(
        LedgerQueries.answer(chain.committed(), "account/" + chain.address(0).toBech32(), 0));
    assertNull(
        LedgerQueries.answer(chain.committed(), "/Account/" + chain.address(0).toBech32(), 0));
  }

  @Test
  void queriesSeeOnlyTheStateTheyAreGiven() throws Exception {
    chain.checkTx(chain.send(0, 1, 10));
    Address alice = chain.address(0);
    long committed =
        Account.parseFrom(LedgerQueries.answer(chain.committed(), "/account/" + alice, 0).value())
            .getBalance();
    long pending =
        Account.parseFrom(LedgerQueries.answer(chain.mempoolView(), "/account/" + alice, 0).value())
            .getBalance();
    assertEquals(TestChain.DEFAULT_BALANCE, committed);
    assertEquals(TestChain.DEFAULT_BALANCE - 10 - TestChain.DEFAULT_FEE, pending);
  }
}
