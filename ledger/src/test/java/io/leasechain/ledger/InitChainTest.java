package io.leasechain.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.BankParamsRules;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.bank.proto.BankParams;
import io.leasechain.ledger.invariant.Invariants;
import io.leasechain.ledger.state.EmptyState;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.ledger.tx.proto.TxParams;
import java.util.List;
import org.junit.jupiter.api.Test;

class InitChainTest {

  private static final Address A = TestChain.addressOf(0);
  private static final Address B = TestChain.addressOf(1);

  private static GenesisState genesis(GenesisState.Account... accounts) {
    return new GenesisState(List.of(accounts), TxParamsRules.DEFAULTS, BankParamsRules.DEFAULTS);
  }

  @Test
  void writesChainIdParamsAccountsAndSupply() {
    OverlayState state = new OverlayState(EmptyState.INSTANCE);
    new Ledger()
        .initChain(
            state,
            "my-chain",
            genesis(new GenesisState.Account(A, 10), new GenesisState.Account(B, 0)));
    assertEquals("my-chain", Ledger.chainId(state));
    assertEquals(10, BankKeeper.account(state, A).getBalance());
    assertEquals(0, BankKeeper.account(state, B).getBalance());
    assertEquals(10, BankKeeper.supply(state));
    assertEquals(TxParamsRules.DEFAULTS, TxParamsRules.STORE.get(state));
    assertEquals(BankParamsRules.DEFAULTS, BankParamsRules.STORE.get(state));
    assertEquals(List.of(), Invariants.broken(state, 0));
  }

  @Test
  void aGenesisWithNoTokensStoresNoSupplyKey() {
    // A zero Supply encodes to no bytes; no key may hold an empty value (no-empty-value).
    OverlayState state = new OverlayState(EmptyState.INSTANCE);
    new Ledger().initChain(state, "c", genesis(new GenesisState.Account(A, 0)));
    assertEquals(0, BankKeeper.supply(state));
    assertEquals(null, state.get(new byte[] {0x0B}));
    assertEquals(List.of(), Invariants.broken(state, 0));
  }

  @Test
  void chainIdBeforeGenesisIsAnError() {
    assertThrows(IllegalStateException.class, () -> Ledger.chainId(EmptyState.INSTANCE));
  }

  @Test
  void emptyChainIdIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Ledger().initChain(new OverlayState(EmptyState.INSTANCE), "", genesis()));
  }

  @Test
  void duplicateAccountIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Ledger()
                    .initChain(
                        new OverlayState(EmptyState.INSTANCE),
                        "c",
                        genesis(new GenesisState.Account(A, 1), new GenesisState.Account(A, 2))));
    assertTrue(e.getMessage().contains(A.toBech32()), e.getMessage());
  }

  /** The invariants tie each module account's balance to records genesis cannot create. */
  @Test
  void aModuleAccountCannotBeFundedAtGenesis() {
    for (ModuleAccount module : ModuleAccount.values()) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  new Ledger()
                      .initChain(
                          new OverlayState(EmptyState.INSTANCE),
                          "c",
                          genesis(
                              new GenesisState.Account(A, 1),
                              new GenesisState.Account(module.address(), 1))));
      assertTrue(e.getMessage().contains(module.moduleName()), e.getMessage());
    }
  }

  @Test
  void negativeBalanceIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Ledger()
                .initChain(
                    new OverlayState(EmptyState.INSTANCE),
                    "c",
                    genesis(new GenesisState.Account(A, -1))));
  }

  @Test
  void invalidTxParamsAreRefused() {
    TxParams tiny = TxParamsRules.DEFAULTS.toBuilder().setMaxTxBytes(100).build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Ledger()
                    .initChain(
                        new OverlayState(EmptyState.INSTANCE),
                        "c",
                        new GenesisState(List.of(), tiny, BankParamsRules.DEFAULTS)));
    assertTrue(e.getMessage().contains("max_tx_bytes"), e.getMessage());
  }

  @Test
  void totalSupplyOverflowIsAnIllegalArgument() {
    // Ledger.initChain documents IllegalArgumentException for an inconsistent genesis.
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Ledger()
                .initChain(
                    new OverlayState(EmptyState.INSTANCE),
                    "c",
                    genesis(
                        new GenesisState.Account(A, Long.MAX_VALUE),
                        new GenesisState.Account(B, 1))));
  }

  @Test
  void supplyOfExactlyMaxLongIsFine() {
    OverlayState state = new OverlayState(EmptyState.INSTANCE);
    new Ledger()
        .initChain(
            state,
            "c",
            genesis(
                new GenesisState.Account(A, Long.MAX_VALUE - 1), new GenesisState.Account(B, 1)));
    assertEquals(Long.MAX_VALUE, BankKeeper.supply(state));
  }

  @Test
  void maxMemoBytesAbove2To31IsRefused() {
    // uint32 on the wire, int in Java: 2^32-1 reads as -1 and would make every memo, even "", too
    // long.
    TxParams params = TxParamsRules.DEFAULTS.toBuilder().setMaxMemoBytes(-1).build();
    assertFalse(
        TxParamsRules.validate(params).isEmpty(),
        "max_memo_bytes 4294967295 must be refused, or every tx is rejected with MEMO_TOO_LONG");
  }

  @Test
  void aChainStartedWithMaxMemoBytes2To32Minus1StillAcceptsTxs() {
    TestChain.Builder builder =
        TestChain.builder()
            .accounts(2, TestChain.DEFAULT_BALANCE)
            .txParams(TxParamsRules.DEFAULTS.toBuilder().setMaxMemoBytes(-1).build());
    TestChain chain;
    try {
      chain = builder.build();
    } catch (IllegalArgumentException refused) {
      return; // refusing such params at genesis is a fine fix too
    }
    TxOutcome outcome = chain.checkTx(chain.send(0, 1, 1));
    assertEquals(0, outcome.code(), outcome.log());
  }

  @Test
  void defaultsAreValid() {
    assertEquals(List.of(), TxParamsRules.validate(TxParamsRules.DEFAULTS));
    assertTrue(BankParamsRules.DEFAULTS.getSendEnabled());
    assertEquals(BankParams.newBuilder().setSendEnabled(true).build(), BankParamsRules.DEFAULTS);
  }

  @Test
  void eachInvalidParamIsNamedWithItsRange() {
    assertEquals(
        List.of("max_msgs: must be 1..1024"),
        TxParamsRules.validate(TxParamsRules.DEFAULTS.toBuilder().setMaxMsgs(0).build()));
    assertEquals(
        List.of("max_tx_bytes: must be 4096..1048576"),
        TxParamsRules.validate(TxParamsRules.DEFAULTS.toBuilder().setMaxTxBytes(4095).build()));
    assertEquals(
        List.of(),
        TxParamsRules.validate(TxParamsRules.DEFAULTS.toBuilder().setMaxTxBytes(4096).build()));
    assertEquals(
        List.of("min_gas_price: must be 0..1000000"),
        TxParamsRules.validate(TxParamsRules.DEFAULTS.toBuilder().setMinGasPrice(-1).build()));
  }

  /** Every tx the params admit must fit in an empty block, or it would wait in the mempool. */
  @Test
  void maxBlockGasBelowTheLargestTxIsRefused() {
    TxParams params = TxParamsRules.DEFAULTS;
    // 65 signatures, each paying base_gas and the tx's bytes, and 32 messages.
    long largest = 65 * (20_000 + 10 * 65_536) + 10_000 * 32;
    assertEquals(largest, TxParamsRules.largestGas(params));
    assertEquals(
        List.of(
            "max_block_gas: must be at least the gas of the largest tx (max_tx_bytes, max_msgs, 65"
                + " signers), "
                + largest),
        TxParamsRules.validate(params.toBuilder().setMaxBlockGas(largest - 1).build()));
    assertEquals(
        List.of(), TxParamsRules.validate(params.toBuilder().setMaxBlockGas(largest).build()));
    assertEquals(
        List.of("max_block_gas: must be 1..1000000000000000"),
        TxParamsRules.validate(params.toBuilder().setMaxBlockGas(1_000_000_000_000_001L).build()));
    assertEquals(200_000_000L, params.getMaxBlockGas());
  }
}
