package io.leasechain.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.SetParams;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.testing.Msgs;
import io.leasechain.ledger.testing.TestChain;
import io.leasechain.ledger.testing.TestValidators;
import io.leasechain.ledger.testing.TxBuilder;
import io.leasechain.ledger.tx.Gas;
import io.leasechain.ledger.tx.SignatureVerifier;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.TxParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * ProcessProposal accepts every block PrepareProposal of a correct node makes, and refuses what a
 * correct proposer could not have made. Both are one selection ({@link Ledger#selectProposal},
 * {@link Ledger#proposalRefusal}); these properties drive it as the two callbacks do, over random
 * mempools mixing transfers (some too large, some failing), council SetParams that raise or lower
 * max_tx_bytes and min_gas_price, validator-set changes, and invalid txs, in random order and over
 * several blocks.
 */
class ProposalPropertiesTest {

  private static final int ACCOUNTS = 5;
  private static final int[] COUNCIL = {0, 1};
  private static final long GAS_LIMIT = 1_000_000;
  private static final TxParams GENESIS_TX_PARAMS = genesisTxParams();

  /** Transfers at max_msgs 1, so that the least max_block_gas the rules accept fits two. */
  private static final TxParams TWO_TRANSFERS = twoTransfers();

  enum Kind {
    SEND,
    MULTI_SEND,
    SET_MAX_TX_BYTES,
    SET_MIN_GAS_PRICE,
    ADD_VALIDATOR,
    SET_VALIDATOR_POWER,
    REMOVE_VALIDATOR,
    OVERDRAW,
    STALE_SEQUENCE,
    BAD_SIGNATURE,
    ZERO_FEE,
    WRONG_CHAIN,
    NON_CANONICAL,
    GARBAGE
  }

  /** One mempool entry: what kind of tx, from which account, and a kind-specific variant. */
  record Step(Kind kind, int account, int variant) {}

  @Provide
  Arbitrary<List<Step>> mempools() {
    Arbitrary<Step> steps =
        Combinators.combine(
                Arbitraries.frequency(
                    Tuple.of(30, Kind.SEND),
                    Tuple.of(10, Kind.MULTI_SEND),
                    Tuple.of(8, Kind.SET_MAX_TX_BYTES),
                    Tuple.of(6, Kind.SET_MIN_GAS_PRICE),
                    Tuple.of(3, Kind.ADD_VALIDATOR),
                    Tuple.of(3, Kind.SET_VALIDATOR_POWER),
                    Tuple.of(2, Kind.REMOVE_VALIDATOR),
                    Tuple.of(5, Kind.OVERDRAW),
                    Tuple.of(5, Kind.STALE_SEQUENCE),
                    Tuple.of(4, Kind.BAD_SIGNATURE),
                    Tuple.of(4, Kind.ZERO_FEE),
                    Tuple.of(3, Kind.WRONG_CHAIN),
                    Tuple.of(3, Kind.NON_CANONICAL),
                    Tuple.of(3, Kind.GARBAGE)),
                Arbitraries.integers().between(0, ACCOUNTS - 1),
                Arbitraries.integers().between(0, 99))
            .as(Step::new);
    return steps.list().ofMaxSize(30);
  }

  @Property(tries = 150)
  void processProposalAcceptsWhatPrepareProposalMakes(
      @ForAll("mempools") List<Step> steps,
      @ForAll @IntRange(min = 600, max = 20_000) int maxBlockTxBytes) {
    TestChain chain = newChain();
    List<byte[]> mempool = mempool(chain, steps);
    // Up to three blocks: what a proposal leaves out stays in the mempool for the next one.
    for (int block = 0; block < 3 && !mempool.isEmpty(); block++) {
      BlockContext context = chain.nextBlockContext();
      Proposal prepared =
          chain.ledger().selectProposal(chain.committed(), context, mempool, maxBlockTxBytes);
      List<byte[]> proposed = pick(mempool, prepared.included());
      long bytes = proposed.stream().mapToLong(tx -> Proposal.blockBytes(tx.length)).sum();
      assertTrue(bytes <= maxBlockTxBytes, bytes + " bytes proposed");

      Optional<Proposal.Excluded> refusal =
          chain.ledger().proposalRefusal(chain.committed(), context, proposed);
      assertTrue(refusal.isEmpty(), () -> "ProcessProposal refused: " + refusal);

      BlockResult result = chain.finalizeBlock(proposed);
      for (int i = 0; i < proposed.size(); i++) {
        TxOutcome outcome = result.txs().get(i);
        assertTrue(outcome.isOk(), "proposed tx " + i + " failed in the block: " + outcome.log());
      }
      List<byte[]> rest = new ArrayList<>();
      for (Proposal.Excluded excluded : prepared.excluded()) {
        rest.add(mempool.get(excluded.index()));
      }
      mempool = rest;
    }
  }

  @Property(tries = 60)
  void processProposalRefusesABlockWithATxACorrectProposerLeavesOut(
      @ForAll("mempools") List<Step> steps, @ForAll @IntRange(min = 0, max = 29) int at) {
    TestChain chain = newChain();
    List<byte[]> mempool = mempool(chain, steps);
    BlockContext context = chain.nextBlockContext();
    Proposal prepared =
        chain.ledger().selectProposal(chain.committed(), context, mempool, Long.MAX_VALUE);
    List<byte[]> proposed = new ArrayList<>(pick(mempool, prepared.included()));
    // A left-out tx, put back where it was (after the kept txs before it), spoils the block;
    // except those left out unrun once the block was full, which a later block may take.
    for (Proposal.Excluded excluded : prepared.excluded()) {
      if (excluded.reason().equals(Proposal.BLOCK_FULL)) {
        continue;
      }
      List<byte[]> block = new ArrayList<>();
      prepared.included().stream()
          .filter(i -> i < excluded.index())
          .forEach(i -> block.add(mempool.get(i)));
      block.add(mempool.get(excluded.index()));
      assertFalse(
          chain.ledger().proposalRefusal(chain.committed(), context, block).isEmpty(),
          "accepted a block with a tx left out for " + excluded.reason());
    }
    // And an invalid tx anywhere in a correct block spoils it.
    byte[] invalid = chain.send(TestChain.key(99), chain.address(0), 1); // cannot pay its fee
    proposed.add(Math.min(at, proposed.size()), invalid);
    assertFalse(chain.ledger().proposalRefusal(chain.committed(), context, proposed).isEmpty());
  }

  /**
   * {@link Ledger#proposalReach} is where ProcessProposal may stop preparing a block ahead: the
   * rule never runs a tx past it, as it refuses every block that reaches no further than the whole
   * block. Proposed blocks are mempools taken as they are (mostly refused) and correct proposals
   * (all reached), under caps from two to about sixteen transfers.
   */
  @Property(tries = 100)
  void theRuleRefusesABlockBeforeRunningPastItsReach(
      @ForAll("mempools") List<Step> steps, @ForAll @IntRange(min = 1, max = 8) int cap) {
    TxParams params =
        TWO_TRANSFERS.toBuilder()
            .setMaxBlockGas(Math.multiplyExact(TWO_TRANSFERS.getMaxBlockGas(), (long) cap))
            .build();
    TestChain chain = newChain(params);
    List<byte[]> mempool = mempool(chain, steps);
    BlockContext context = chain.nextBlockContext();
    Proposal prepared =
        chain.ledger().selectProposal(chain.committed(), context, mempool, Long.MAX_VALUE);
    for (List<byte[]> block : List.of(mempool, pick(mempool, prepared.included()))) {
      int reach = chain.ledger().proposalReach(chain.committed(), block);
      Optional<Proposal.Excluded> refusal =
          chain.ledger().proposalRefusal(chain.committed(), context, block);
      assertTrue(
          reach == block.size() || refusal.map(r -> r.index() < reach).orElse(false),
          () -> "reach " + reach + " of " + block.size() + ", refusal " + refusal);
    }
    List<byte[]> proposed = pick(mempool, prepared.included());
    assertEquals(proposed.size(), chain.ledger().proposalReach(chain.committed(), proposed));
  }

  /**
   * The reach counts each tx's signatures: every one of them pays base_gas and the tx's bytes, so a
   * block of many-signer txs is refused after fewer txs, and fewer signatures are checked ahead,
   * than the same count of one-signer txs.
   */
  @Example
  void theReachCountsEachTxsSignatures() {
    // A council of ten: each tx is a proposal by member 0 that the nine others co-sign.
    int[] members = IntStream.range(0, 10).toArray();
    TestChain chain = newChain(GENESIS_TX_PARAMS, members.length, members);
    Address[] coSigners =
        IntStream.range(1, members.length).mapToObj(chain::address).toArray(Address[]::new);
    List<byte[]> block = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Msg propose =
          Msgs.propose(
              chain.address(0), Msgs.appointAuditor(TestChain.addressOf(100 + i)), coSigners);
      TxBuilder tx = chain.tx().msg(propose);
      for (int member : members) {
        tx.signer(chain.keyAt(member), i);
      }
      block.add(tx.gasLimit(GAS_LIMIT).fee(1_000).build());
    }
    // The txs that fit, by the gas each one uses: the rule refuses the block at the next.
    int fit = 0;
    long gas = 0;
    while ((gas += Gas.required(GENESIS_TX_PARAMS, block.get(fit).length, 1, 10))
        <= GENESIS_TX_PARAMS.getMaxBlockGas()) {
      fit++;
    }
    assertTrue(fit > 10 && fit < 90, fit + " txs fit");
    assertEquals(fit + 1, chain.ledger().proposalReach(chain.committed(), block));
    Optional<Proposal.Excluded> refusal =
        chain.ledger().proposalRefusal(chain.committed(), chain.nextBlockContext(), block);
    assertEquals(fit, refusal.orElseThrow().index());
    assertTrue(refusal.get().reason().endsWith(" gas in the block"), refusal.get().reason());
  }

  /**
   * The stalling proposal of the hardening issue: SetParams raising max_tx_bytes, then a big tx.
   */
  @Example
  void aTxValidOnlyAfterASetParamsInTheSameBlockIsAccepted() {
    TestChain chain = newChain();
    List<byte[]> mempool =
        mempool(
            chain,
            List.of(new Step(Kind.SET_MAX_TX_BYTES, 0, 2), new Step(Kind.MULTI_SEND, 2, 59)));
    assertTrue(mempool.get(1).length > GENESIS_TX_PARAMS.getMaxTxBytes());
    BlockContext context = chain.nextBlockContext();
    Proposal prepared =
        chain.ledger().selectProposal(chain.committed(), context, mempool, Long.MAX_VALUE);
    assertEquals(List.of(0, 1), prepared.included());
    assertTrue(chain.ledger().proposalRefusal(chain.committed(), context, mempool).isEmpty());
    BlockResult result = chain.finalizeBlock(mempool);
    assertTrue(result.txs().stream().allMatch(TxOutcome::isOk));
    // In the other order the big tx is too large when it runs: a correct proposer drops it.
    TestChain other = newChain();
    List<byte[]> reversed = List.of(mempool.get(1), mempool.get(0));
    assertFalse(
        other
            .ledger()
            .proposalRefusal(other.committed(), other.nextBlockContext(), reversed)
            .isEmpty());
  }

  /**
   * A tx whose checks throw (a bug, a storage fault) is left out by the proposer and makes a
   * proposal carrying it refused, instead of an exception that stops CometBFT on every validator.
   */
  @Example
  void aTxTheLedgerCannotJudgeIsLeftOutInsteadOfThrowing() {
    TestChain chain = newChain();
    byte[] tx = signed(chain, transfer(chain, 0, 1, 1), new long[ACCOUNTS], 1_000, 0);
    Ledger failing =
        new Ledger(
            (key, message, signature) -> {
              throw new IllegalStateException("storage fault");
            });
    BlockContext context = chain.nextBlockContext();
    Proposal prepared =
        failing.selectProposal(chain.committed(), context, List.of(tx), Long.MAX_VALUE);
    assertEquals(List.of(), prepared.included());
    assertTrue(prepared.excluded().get(0).reason().contains("storage fault"));
    assertFalse(failing.proposalRefusal(chain.committed(), context, List.of(tx)).isEmpty());
  }

  /**
   * A proposal stops at max_block_gas (gas used, as the txs' outcomes report it) and the next block
   * takes the rest; FinalizeBlock's txs then use no more than the cap.
   */
  @Example
  void aProposalStopsAtTheGasCapAndTheNextBlockTakesTheRest() {
    TestChain chain = newChain(TWO_TRANSFERS);
    List<byte[]> mempool = mempool(chain, transfers(5));
    List<List<Integer>> blocks = new ArrayList<>();
    while (!mempool.isEmpty()) {
      Proposal prepared =
          chain
              .ledger()
              .selectProposal(chain.committed(), chain.nextBlockContext(), mempool, Long.MAX_VALUE);
      blocks.add(prepared.included());
      List<byte[]> proposed = pick(mempool, prepared.included());
      BlockResult result = chain.finalizeBlock(proposed);
      assertTrue(result.txs().stream().allMatch(TxOutcome::isOk));
      long gas = result.txs().stream().mapToLong(TxOutcome::gasUsed).sum();
      assertTrue(gas <= TWO_TRANSFERS.getMaxBlockGas(), gas + " gas in a block");
      mempool = pick(mempool, prepared.excluded().stream().map(Proposal.Excluded::index).toList());
    }
    assertEquals(List.of(List.of(0, 1), List.of(0, 1), List.of(0)), blocks);
  }

  /**
   * A council SetParams that cuts the prices changes what the txs after it pay, not how many the
   * block holds: the block's gas is counted at the prices it starts with. Counted at the new prices
   * (a message 10,000 gas instead of 150,000), all three transfers fitted behind it.
   */
  @Example
  void aPriceCutInTheBlockDoesNotEnlargeIt() {
    TestChain chain = newChain(TWO_TRANSFERS);
    List<byte[]> block =
        mempool(
            chain,
            List.of(
                new Step(Kind.SET_MAX_TX_BYTES, 0, 0), // GENESIS_TX_PARAMS: the cheaper prices
                new Step(Kind.SEND, 2, 0),
                new Step(Kind.SEND, 3, 0),
                new Step(Kind.SEND, 4, 0)));
    assertTrue(GENESIS_TX_PARAMS.getGasPerMsg() < TWO_TRANSFERS.getGasPerMsg());
    Optional<Proposal.Excluded> refusal =
        chain.ledger().proposalRefusal(chain.committed(), chain.nextBlockContext(), block);
    assertEquals(2, refusal.orElseThrow().index());
    assertTrue(refusal.get().reason().endsWith(" gas in the block"), refusal.get().reason());
  }

  /**
   * Params stored by a build from before {@code max_block_gas} read 0: no cap, so that nodes of
   * both builds accept the same blocks, rather than a chain that takes no tx at all.
   */
  @Example
  void paramsStoredBeforeTheGasCapExistedMeanNoCap() {
    TestChain chain = newChain(TWO_TRANSFERS);
    List<byte[]> mempool = mempool(chain, transfers(5));
    OverlayState legacy = new OverlayState(chain.committed());
    TxParamsRules.STORE.set(legacy, TWO_TRANSFERS.toBuilder().clearMaxBlockGas().build());
    BlockContext context = chain.nextBlockContext();
    Proposal prepared = chain.ledger().selectProposal(legacy, context, mempool, Long.MAX_VALUE);
    assertEquals(List.of(0, 1, 2, 3, 4), prepared.included());
    assertTrue(chain.ledger().proposalRefusal(legacy, context, mempool).isEmpty());
  }

  /** A block over the cap is refused, whoever proposed it: each tx valid, three too many. */
  @Example
  void processProposalRefusesABlockOverTheGasCap() {
    TestChain chain = newChain(TWO_TRANSFERS);
    List<byte[]> block = mempool(chain, transfers(3));
    BlockContext context = chain.nextBlockContext();
    Optional<Proposal.Excluded> refusal =
        chain.ledger().proposalRefusal(chain.committed(), context, block);
    assertEquals(2, refusal.orElseThrow().index());
    assertTrue(refusal.get().reason().endsWith(" gas in the block"), refusal.get().reason());
    assertTrue(
        chain.ledger().proposalRefusal(chain.committed(), context, block.subList(0, 2)).isEmpty());
  }

  /**
   * Once the block is full PrepareProposal runs no more candidates (counted by their signature
   * checks, one per transfer): a backlog costs the proposer one block's work, not the mempool's.
   */
  @Example
  void aFullBlockLeavesTheRestOfTheCandidatesUnrun() {
    TestChain chain = newChain(TWO_TRANSFERS);
    List<byte[]> mempool = mempool(chain, transfers(500));
    AtomicInteger checks = new AtomicInteger();
    Ledger counting =
        new Ledger(
            (key, document, signature) -> {
              checks.incrementAndGet();
              return SignatureVerifier.DIRECT.verify(key, document, signature);
            });
    Proposal prepared =
        counting.selectProposal(
            chain.committed(), chain.nextBlockContext(), mempool, Long.MAX_VALUE);
    assertEquals(List.of(0, 1), prepared.included());
    assertEquals(3, checks.get(), "signature checks: the two kept and the one over the cap");
    assertEquals(498, prepared.excluded().size());
    assertTrue(
        prepared.excluded().stream()
            .skip(1)
            .allMatch(excluded -> excluded.reason().equals(Proposal.BLOCK_FULL)));
  }

  /**
   * Signatures and bytes cheap against messages (base_gas 1,000, gas_per_byte 1), so that the cap
   * the rules demand (room for the largest tx of 65 signers after max_tx_bytes is raised to 16,000)
   * holds two big multi-sends: the mempools below fill blocks.
   */
  private static TxParams genesisTxParams() {
    TxParams params =
        TxParamsRules.DEFAULTS.toBuilder()
            .setMaxTxBytes(4_096)
            .setMaxMsgs(64)
            .setBaseGas(1_000)
            .setGasPerByte(1)
            .build();
    return params.toBuilder()
        .setMaxBlockGas(TxParamsRules.largestGas(params.toBuilder().setMaxTxBytes(16_000).build()))
        .build();
  }

  /**
   * The least cap the rules allow at one message per tx is two transfers: a message costs 150,000
   * gas, a signature 100 and a byte 1, so the largest tx (65 signatures of 4,096 bytes and one
   * message) needs 422,740 gas, and a transfer some 150,350.
   */
  private static TxParams twoTransfers() {
    TxParams params =
        GENESIS_TX_PARAMS.toBuilder().setMaxMsgs(1).setBaseGas(100).setGasPerMsg(150_000).build();
    return params.toBuilder().setMaxBlockGas(TxParamsRules.largestGas(params)).build();
  }

  private static List<Step> transfers(int count) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      steps.add(new Step(Kind.SEND, i % ACCOUNTS, 0));
    }
    return steps;
  }

  private static TestChain newChain() {
    return newChain(GENESIS_TX_PARAMS);
  }

  private static TestChain newChain(TxParams txParams) {
    return newChain(txParams, ACCOUNTS, COUNCIL);
  }

  private static TestChain newChain(TxParams txParams, int accounts, int... council) {
    return TestChain.builder()
        .accounts(accounts, TestChain.DEFAULT_BALANCE)
        .council(2, council)
        .txParams(txParams)
        .validators(TestValidators.genesis(10, 10, 10, 10))
        .build();
  }

  private static List<byte[]> pick(List<byte[]> txs, List<Integer> indexes) {
    return indexes.stream().map(txs::get).toList();
  }

  /**
   * Signs each step in order, each account's sequences counted as if every earlier tx succeeds, so
   * that txs after a dropped one carry sequences that no longer fit.
   */
  private static List<byte[]> mempool(TestChain chain, List<Step> steps) {
    long[] sequences = new long[ACCOUNTS];
    List<byte[]> txs = new ArrayList<>();
    for (Step step : steps) {
      txs.add(tx(chain, step, sequences));
    }
    return txs;
  }

  private static byte[] tx(TestChain chain, Step step, long[] sequences) {
    int from = step.account();
    int to = (from + 1) % ACCOUNTS;
    long fee = 1_000 + 1_000L * (step.variant() % 3); // enough at min_gas_price up to 1,000
    return switch (step.kind()) {
      case SEND ->
          signed(chain, transfer(chain, from, to, 1 + step.variant()), sequences, fee, from);
      case MULTI_SEND -> {
        TxBuilder tx = chain.tx();
        for (int i = 0; i < 1 + step.variant() % 60; i++) {
          tx.send(chain.address(from), chain.address(to), 1 + i);
        }
        yield signed(chain, tx, sequences, fee, from);
      }
      case SET_MAX_TX_BYTES ->
          council(
              chain,
              sequences,
              Msgs.setParams(
                  SetParams.newBuilder()
                      .setTx(
                          GENESIS_TX_PARAMS.toBuilder()
                              .setMaxTxBytes(new int[] {4_096, 5_000, 16_000}[step.variant() % 3]))
                      .build()));
      case SET_MIN_GAS_PRICE ->
          council(
              chain,
              sequences,
              Msgs.setParams(
                  SetParams.newBuilder()
                      .setTx(
                          GENESIS_TX_PARAMS.toBuilder()
                              .setMinGasPrice(new long[] {0, 500, 3_000}[step.variant() % 3]))
                      .build()));
      case ADD_VALIDATOR ->
          council(chain, sequences, TestValidators.add(4 + step.variant() % 2, 5));
      case SET_VALIDATOR_POWER ->
          council(
              chain, sequences, TestValidators.setPower(step.variant() % 4, 1 + step.variant()));
      case REMOVE_VALIDATOR ->
          council(
              chain,
              sequences,
              TestValidators.remove(TestValidators.publicKey(step.variant() % 4)));
      case OVERDRAW ->
          signed(
              chain,
              transfer(chain, from, to, 2 * TestChain.DEFAULT_BALANCE),
              sequences,
              fee,
              from);
      case STALE_SEQUENCE ->
          transfer(chain, from, to, 1)
              .signer(chain.keyAt(from), sequences[from] + 3)
              .fee(fee)
              .gasLimit(GAS_LIMIT)
              .build();
      case BAD_SIGNATURE ->
          unsigned(chain, from, to, sequences, fee)
              .mapTx(t -> t.toBuilder().setSignatures(0, flipped(t.getSignatures(0))).build())
              .build();
      case ZERO_FEE -> unsigned(chain, from, to, sequences, 0).build();
      case WRONG_CHAIN -> unsigned(chain, from, to, sequences, fee).chainId("other-chain").build();
      case NON_CANONICAL -> {
        byte[] tx = unsigned(chain, from, to, sequences, fee).build();
        byte[] malleated = Arrays.copyOf(tx, tx.length + 2);
        malleated[tx.length] = 0x78;
        malleated[tx.length + 1] = 0x01;
        yield malleated;
      }
      case GARBAGE -> new byte[] {(byte) 0xFF, (byte) step.variant(), 0x01};
    };
  }

  // A transfer at the account's next sequence that, being invalid, does not use it up.
  private static TxBuilder unsigned(TestChain chain, int from, int to, long[] sequences, long fee) {
    return transfer(chain, from, to, 1)
        .signer(chain.keyAt(from), sequences[from])
        .fee(fee)
        .gasLimit(GAS_LIMIT);
  }

  private static ByteString flipped(ByteString signature) {
    byte[] bytes = signature.toByteArray();
    bytes[0] ^= 1;
    return ByteString.copyFrom(bytes);
  }

  private static TxBuilder transfer(TestChain chain, int from, int to, long amount) {
    return chain.tx().send(chain.address(from), chain.address(to), amount);
  }

  private static byte[] signed(
      TestChain chain, TxBuilder tx, long[] sequences, long fee, int from) {
    return tx.signer(chain.keyAt(from), sequences[from]++).fee(fee).gasLimit(GAS_LIMIT).build();
  }

  // Council members 0 and 1 propose and co-sign in one tx, so the action executes at once.
  private static byte[] council(TestChain chain, long[] sequences, CouncilAction action) {
    Ed25519PrivateKey proposer = chain.keyAt(COUNCIL[0]);
    Ed25519PrivateKey coSigner = chain.keyAt(COUNCIL[1]);
    return chain
        .tx()
        .msg(Msgs.propose(chain.address(COUNCIL[0]), action, chain.address(COUNCIL[1])))
        .signer(proposer, sequences[COUNCIL[0]]++)
        .signer(coSigner, sequences[COUNCIL[1]]++)
        .fee(3_000)
        .gasLimit(GAS_LIMIT)
        .build();
  }
}
