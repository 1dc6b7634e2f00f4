package io.leasechain.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.ledger.authority.ApproveHandler;
import io.leasechain.ledger.authority.AuthorityEndBlocker;
import io.leasechain.ledger.authority.AuthorityKeeper;
import io.leasechain.ledger.authority.AuthorityParamsRules;
import io.leasechain.ledger.authority.ChainParams;
import io.leasechain.ledger.authority.ProposeHandler;
import io.leasechain.ledger.authority.RevokeHandler;
import io.leasechain.ledger.authority.proto.Council;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.BankParamsRules;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.bank.SendHandler;
import io.leasechain.ledger.escrow.EscrowParamsRules;
import io.leasechain.ledger.escrow.TopUpEscrowHandler;
import io.leasechain.ledger.escrow.WithdrawLeaseHandler;
import io.leasechain.ledger.market.AcceptBidsHandler;
import io.leasechain.ledger.market.CloseLeaseHandler;
import io.leasechain.ledger.market.CloseOrderHandler;
import io.leasechain.ledger.market.CreateBidHandler;
import io.leasechain.ledger.market.CreateOrderHandler;
import io.leasechain.ledger.market.MarketEndBlocker;
import io.leasechain.ledger.market.MarketParamsRules;
import io.leasechain.ledger.market.WithdrawBidHandler;
import io.leasechain.ledger.proof.BlockTimes;
import io.leasechain.ledger.proof.DisputeProofHandler;
import io.leasechain.ledger.proof.ProofEndBlocker;
import io.leasechain.ledger.proof.ProofParamsRules;
import io.leasechain.ledger.proof.ResolveDisputeHandler;
import io.leasechain.ledger.proof.SetAgentKeysHandler;
import io.leasechain.ledger.proof.SubmitProofHandler;
import io.leasechain.ledger.provider.AttestProviderHandler;
import io.leasechain.ledger.provider.ProviderEndBlocker;
import io.leasechain.ledger.provider.ProviderParamsRules;
import io.leasechain.ledger.provider.RegisterProviderHandler;
import io.leasechain.ledger.provider.RetireProviderHandler;
import io.leasechain.ledger.provider.UpdateProviderHandler;
import io.leasechain.ledger.rewards.Distribution;
import io.leasechain.ledger.rewards.Misbehaviours;
import io.leasechain.ledger.rewards.RewardsParamsRules;
import io.leasechain.ledger.rewards.ValidatorKeeper;
import io.leasechain.ledger.rewards.proto.Validator;
import io.leasechain.ledger.rewards.proto.ValidatorStatus;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.OverlayState;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.tx.AnteHandler;
import io.leasechain.ledger.tx.DecodedTx;
import io.leasechain.ledger.tx.Gas;
import io.leasechain.ledger.tx.MsgContext;
import io.leasechain.ledger.tx.MsgRouter;
import io.leasechain.ledger.tx.MsgRouter.BoundMsg;
import io.leasechain.ledger.tx.SignDocs;
import io.leasechain.ledger.tx.SignatureVerifier;
import io.leasechain.ledger.tx.SignedBytes;
import io.leasechain.ledger.tx.TxDecoder;
import io.leasechain.ledger.tx.TxError;
import io.leasechain.ledger.tx.TxParamsRules;
import io.leasechain.ledger.tx.proto.Msg;
import io.leasechain.ledger.tx.proto.Tx;
import io.leasechain.ledger.tx.proto.TxBody;
import io.leasechain.ledger.tx.proto.TxParams;
import io.leasechain.ledger.upgrade.UpgradeHalt;
import io.leasechain.ledger.upgrade.Upgrades;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The leasechain state machine: genesis, transaction admission and block execution. It is a pure
 * function of (state, input); the node supplies state and persists the writes it returns.
 */
public final class Ledger {

  private static final byte[] CHAIN_ID_KEY =
      Keys.of(KeySpace.CHAIN, "chain_id".getBytes(StandardCharsets.UTF_8));

  private final TxDecoder decoder;
  private final MsgRouter router;
  private final SignatureVerifier signatures;
  private final Upgrades upgrades;

  /** A ledger that verifies every signature from scratch. */
  public Ledger() {
    this(SignatureVerifier.DIRECT);
  }

  /**
   * A ledger that checks signatures with {@code signatures} (e.g. a node's cache), built without
   * migrations.
   */
  public Ledger(SignatureVerifier signatures) {
    this(signatures, Upgrades.none());
  }

  /** A ledger whose build has the migrations of {@code upgrades}. */
  public Ledger(SignatureVerifier signatures, Upgrades upgrades) {
    ErrorRegistry.checkUnique();
    this.signatures = signatures;
    this.upgrades = upgrades;
    MsgRouter router =
        new MsgRouter()
            .register(Msg.SumCase.SEND, Msg::getSend, new SendHandler())
            .register(Msg.SumCase.COUNCIL_PROPOSE, Msg::getCouncilPropose, new ProposeHandler())
            .register(Msg.SumCase.COUNCIL_APPROVE, Msg::getCouncilApprove, new ApproveHandler())
            .register(Msg.SumCase.COUNCIL_REVOKE, Msg::getCouncilRevoke, new RevokeHandler())
            .register(
                Msg.SumCase.REGISTER_PROVIDER,
                Msg::getRegisterProvider,
                new RegisterProviderHandler())
            .register(
                Msg.SumCase.UPDATE_PROVIDER, Msg::getUpdateProvider, new UpdateProviderHandler())
            .register(
                Msg.SumCase.RETIRE_PROVIDER, Msg::getRetireProvider, new RetireProviderHandler())
            .register(
                Msg.SumCase.ATTEST_PROVIDER, Msg::getAttestProvider, new AttestProviderHandler())
            .register(Msg.SumCase.CREATE_ORDER, Msg::getCreateOrder, new CreateOrderHandler())
            .register(Msg.SumCase.CREATE_BID, Msg::getCreateBid, new CreateBidHandler())
            .register(Msg.SumCase.WITHDRAW_BID, Msg::getWithdrawBid, new WithdrawBidHandler())
            .register(Msg.SumCase.ACCEPT_BIDS, Msg::getAcceptBids, new AcceptBidsHandler())
            .register(Msg.SumCase.CLOSE_LEASE, Msg::getCloseLease, new CloseLeaseHandler())
            .register(Msg.SumCase.CLOSE_ORDER, Msg::getCloseOrder, new CloseOrderHandler())
            .register(Msg.SumCase.TOP_UP_ESCROW, Msg::getTopUpEscrow, new TopUpEscrowHandler())
            .register(Msg.SumCase.WITHDRAW_LEASE, Msg::getWithdrawLease, new WithdrawLeaseHandler())
            .register(Msg.SumCase.SUBMIT_PROOF, Msg::getSubmitProof, new SubmitProofHandler())
            .register(Msg.SumCase.SET_AGENT_KEYS, Msg::getSetAgentKeys, new SetAgentKeysHandler())
            .register(Msg.SumCase.DISPUTE_PROOF, Msg::getDisputeProof, new DisputeProofHandler())
            .register(
                Msg.SumCase.RESOLVE_DISPUTE, Msg::getResolveDispute, new ResolveDisputeHandler());
    this.router = router;
    this.decoder = new TxDecoder(router);
  }

  /**
   * The checks of {@code msg} that need no state, as CheckTx runs them before anything else: null
   * when it is well-formed, else the rejection the chain would answer. Lets a wallet refuse a
   * malformed message before signing it.
   */
  public Rejection validate(Msg msg) {
    BoundMsg bound = router.bind(msg);
    return bound == null
        ? Rejection.of(TxError.UNKNOWN_MESSAGE, "the message has no type this chain knows")
        : bound.validate();
  }

  /**
   * Writes the genesis state into {@code state}; throws IllegalArgumentException if it is
   * inconsistent.
   */
  public void initChain(KeyValueState state, String chainId, GenesisState genesis) {
    if (chainId.isEmpty()) {
      throw new IllegalArgumentException("chain id is empty");
    }
    List<String> problems = ChainParams.problems(ChainParams.of(genesis));
    GenesisState.Council council = genesis.council();
    if (council.members().isEmpty()
        ? council.threshold() != 0
        : council.threshold() < 1
            || council.threshold() > council.members().size()
            // k members must be able to act in one tx, whatever the params: see MAX_SIGNERS.
            || council.threshold() > TxParamsRules.MAX_SIGNERS
            || new TreeSet<>(council.members()).size() != council.members().size()) {
      problems.add(
          "council: needs distinct members and 1 <= threshold <= min(members, "
              + TxParamsRules.MAX_SIGNERS
              + ") (or no members and threshold 0)");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("params: " + String.join("; ", problems));
    }
    state.put(CHAIN_ID_KEY, chainId.getBytes(StandardCharsets.UTF_8));
    TxParamsRules.STORE.set(state, genesis.txParams());
    BankParamsRules.STORE.set(state, genesis.bankParams());
    ProviderParamsRules.STORE.set(state, genesis.providerParams());
    MarketParamsRules.STORE.set(state, genesis.marketParams());
    EscrowParamsRules.STORE.set(state, genesis.escrowParams());
    AuthorityParamsRules.STORE.set(state, genesis.authorityParams());
    RewardsParamsRules.STORE.set(state, genesis.rewardsParams());
    ProofParamsRules.STORE.set(state, genesis.proofParams());
    Distribution.initialize(state, genesis.rewardsParams());
    ValidatorKeeper validators = new ValidatorKeeper(state);
    for (GenesisState.Validator validator : genesis.validators()) {
      validators.save(
          Validator.newBuilder()
              .setAddress(
                  ByteString.copyFrom(Ed25519PublicKey.of(validator.publicKey()).address().bytes()))
              .setPublicKey(ByteString.copyFrom(validator.publicKey()))
              .setPower(validator.power())
              .setOperator(validator.operator().toBech32())
              .setStatus(ValidatorStatus.VALIDATOR_STATUS_ACTIVE)
              .build());
    }
    new AuthorityKeeper(state)
        .setCouncil(
            Council.newBuilder()
                .addAllMembers(council.members().stream().map(Address::toBech32).toList())
                .setThreshold(council.threshold())
                .build());
    BankKeeper bank = new BankKeeper(state);
    TreeSet<Address> seen = new TreeSet<>();
    for (GenesisState.Account account : genesis.accounts()) {
      if (!seen.add(account.address())) {
        throw new IllegalArgumentException("account " + account.address() + " listed twice");
      }
      if (account.balance() < 0) {
        throw new IllegalArgumentException(
            "account " + account.address() + " has a negative balance");
      }
      // The invariants tie each module account to records (escrows, bonds, …) genesis has none of.
      Optional<ModuleAccount> module = ModuleAccount.of(account.address());
      if (module.isPresent()) {
        throw new IllegalArgumentException(
            "account "
                + account.address()
                + " is the module account '"
                + module.get().moduleName()
                + "'; module accounts start empty");
      }
      try {
        bank.mint(account.address(), account.balance());
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(
            "total supply exceeds 2^63-1 ulease at account " + account.address(), e);
      }
    }
    // InitChain answers no events: indexers start from the genesis file's balances.
    state.drainEvents();
  }

  /** The chain id written at genesis. */
  public static String chainId(ReadableState state) {
    byte[] bytes = state.get(CHAIN_ID_KEY);
    if (bytes == null) {
      throw new IllegalStateException("chain id missing: InitChain has not run");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * Admits a tx to the mempool view: the whole tx runs against {@code view}; only a tx that would
   * succeed is admitted, and then its effects (fee, sequence, messages) stay in the view so the
   * next tx from the same account sees them.
   */
  public TxOutcome checkTx(KeyValueState view, BlockContext context, byte[] tx) {
    OverlayState scratch = new OverlayState(view);
    TxOutcome outcome = deliverTx(scratch, context, tx);
    if (outcome.isOk()) {
      scratch.commitTo(view);
    }
    return outcome;
  }

  /**
   * What a correct proposer makes of {@code candidates}: it simulates them in order on top of
   * {@code committed}, as the block will run, and keeps each one that fits in the {@code
   * maxBlockTxBytes} left, succeeds after the ones kept before it, and whose gas (at the prices the
   * block starts with) and events fit in the max_block_gas (as the block starts) and {@link
   * Proposal#MAX_TX_EVENT_BYTES} left; at the first tx over the gas left the block is full and the
   * rest are left out unrun. PrepareProposal keeps {@link Proposal#included()}; ProcessProposal
   * runs the same selection on a proposed block ({@link #proposalRefusal}, with no byte limit:
   * CometBFT bounds the block) and accepts it only if nothing is excluded. One selection for both
   * means a block the proposer made is never refused by the others for a rule they apply
   * differently (a tx valid only after an earlier tx in the same block changed the params).
   */
  public Proposal selectProposal(
      ReadableState committed,
      BlockContext context,
      List<byte[]> candidates,
      long maxBlockTxBytes) {
    return select(committed, context, candidates, maxBlockTxBytes, false);
  }

  /**
   * ProcessProposal's rule, the same selection on a proposed block: the first tx a correct proposer
   * would have left out, or empty if it would have kept them all. It stops there, so a block full
   * of invalid txs costs one failed check, not one per tx.
   */
  public Optional<Proposal.Excluded> proposalRefusal(
      ReadableState committed, BlockContext context, List<byte[]> txs) {
    return select(committed, context, txs, Long.MAX_VALUE, true).excluded().stream().findFirst();
  }

  private Proposal select(
      ReadableState committed,
      BlockContext context,
      List<byte[]> candidates,
      long maxBlockTxBytes,
      boolean stopAtFirstExcluded) {
    OverlayState scratch = new OverlayState(committed);
    TxParams start = TxParamsRules.STORE.get(committed);
    long maxBlockGas = maxBlockGas(start);
    List<Integer> included = new ArrayList<>();
    List<Proposal.Excluded> excluded = new ArrayList<>();
    long bytes = 0;
    long eventBytes = 0;
    long gas = 0;
    for (int i = 0; i < candidates.size(); i++) {
      byte[] tx = candidates.get(i);
      long size = Proposal.blockBytes(tx.length);
      if (bytes + size > maxBlockTxBytes) {
        excluded.add(new Proposal.Excluded(i, "no room: " + size + " bytes in the block"));
        continue;
      }
      OverlayState attempt = new OverlayState(scratch);
      TxOutcome outcome;
      long txGas = 0;
      try {
        outcome = deliverTx(attempt, context, tx);
        txGas = outcome.isOk() ? blockGas(start, tx) : 0;
      } catch (RuntimeException e) {
        // A tx the ledger cannot even judge (a bug, a storage fault) stays out of the proposal,
        // and a proposal carrying one is refused: an exception here would stop CometBFT on every
        // honest validator. The dropped attempt leaves the scratch state untouched.
        outcome = TxOutcome.rejected(Rejection.of(TxError.INTERNAL, "%s", e), 0, 0, List.of());
      }
      long txEventBytes = Proposal.eventBytes(outcome.events());
      String refusal;
      boolean full = false;
      if (!outcome.isOk()) {
        refusal = outcome.codespace() + "/" + outcome.code() + ": " + outcome.log();
      } else if (Math.addExact(gas, txGas) > maxBlockGas) {
        refusal = "no room: " + txGas + " gas in the block";
        full = true;
      } else if (eventBytes + txEventBytes > Proposal.MAX_TX_EVENT_BYTES) {
        // Left out as a tx that does not fit: a later, smaller one may still.
        refusal = "no room: " + txEventBytes + " bytes of events in the block";
      } else {
        refusal = null;
      }
      if (refusal == null) {
        attempt.commitTo(scratch);
        included.add(i);
        bytes += size;
        eventBytes += txEventBytes;
        gas = Math.addExact(gas, txGas);
      } else {
        excluded.add(new Proposal.Excluded(i, refusal));
        if (stopAtFirstExcluded) {
          break;
        }
        if (full) {
          fullFrom(i + 1, candidates.size(), excluded);
          break;
        }
      }
    }
    return new Proposal(included, excluded);
  }

  /**
   * How many of a proposed block's txs {@link #proposalRefusal} can reach: each tx it keeps uses at
   * least the gas of a one-message tx of its size and signature count, so once those least figures
   * add up past the block's max_block_gas the block is refused at or before that tx, and the txs
   * after it are never run. Work done on them ahead (verifying their signatures) would be work a
   * byzantine proposer chose for every validator; within the count, the gas pays for each signature
   * and each byte it hashes. Computed with the params the block starts with: should a SetParams in
   * the block lower the gas, the txs past this count are still run, only not prepared ahead.
   */
  public int proposalReach(ReadableState committed, List<byte[]> txs) {
    TxParams params = TxParamsRules.STORE.get(committed);
    long maxBlockGas = maxBlockGas(params);
    long least = 0;
    for (int i = 0; i < txs.size(); i++) {
      byte[] tx = txs.get(i);
      // Refused before any signature check by any params (larger than max_tx_bytes can ever be,
      // too many signers): the rule stops there at the latest. Under these limits the sum stays
      // far below 2^63 (under 10^12 per tx); only params stored without a cap can take it that
      // far, and then reaching no further than here only means the rest are verified in order.
      if (tx.length > TxParamsRules.MAX_TX_BYTES_CEILING) {
        return i + 1;
      }
      int signatures = signatures(tx);
      if (signatures > TxParamsRules.MAX_SIGNERS) {
        return i + 1;
      }
      try {
        least = Math.addExact(least, Gas.required(params, tx.length, 1, signatures));
      } catch (ArithmeticException e) {
        return i + 1;
      }
      if (least > maxBlockGas) {
        return i + 1;
      }
    }
    return txs.size();
  }

  /**
   * What a kept tx takes of its block's gas: its gas at the prices the block starts with, like the
   * budget. A SetParams in the block that changes the prices changes what the later txs pay (their
   * gas_used), not how many of them the block holds: otherwise an honest price cut would let a
   * proposer fill that one block past what the cap was set to bound.
   */
  private static long blockGas(TxParams start, byte[] tx) {
    try {
      Tx parsed = Tx.parseFrom(tx);
      int messages = TxBody.parseFrom(parsed.getBody()).getMessagesCount();
      return Gas.required(start, tx.length, messages, parsed.getSignaturesCount());
    } catch (InvalidProtocolBufferException e) {
      // A kept tx was decoded by the same parser; only a bug gets here.
      throw new IllegalStateException("a kept tx does not parse", e);
    }
  }

  // A tx that does not parse is refused before any signature check, so it counts as one.
  private static int signatures(byte[] tx) {
    try {
      return Math.max(1, Tx.parseFrom(tx).getSignaturesCount());
    } catch (InvalidProtocolBufferException e) {
      return 1;
    }
  }

  /**
   * The budget in force when a block starts, whatever a SetParams in it changes. Params stored by a
   * build from before the field read 0: no cap, as that build had none, so old and new nodes accept
   * the same blocks until an upgrade sets it (0 itself is not a value genesis or SetParams accept).
   */
  private static long maxBlockGas(TxParams params) {
    return params.getMaxBlockGas() == 0 ? Long.MAX_VALUE : params.getMaxBlockGas();
  }

  /**
   * Leaves out candidates {@code from} onwards unrun once the block is full: a later, smaller tx
   * might still fit, but a proposal need only be valid, and without this a backlog makes the
   * proposer simulate everything CometBFT reaps (21 MiB of txs) for a block that takes a fraction.
   */
  private static void fullFrom(int from, int count, List<Proposal.Excluded> excluded) {
    for (int i = from; i < count; i++) {
      excluded.add(new Proposal.Excluded(i, Proposal.BLOCK_FULL));
    }
  }

  /**
   * Executes a whole block on top of committed state and returns its outcomes and writes; throws
   * {@link UpgradeHalt} if this build must not run it (a scheduled upgrade, first of all).
   */
  public BlockResult finalizeBlock(
      ReadableState committed, BlockContext context, List<byte[]> txs) {
    return finalizeBlock(committed, context, txs, BlockProgress.NONE);
  }

  /**
   * {@link #finalizeBlock(ReadableState, BlockContext, List)}, telling {@code progress} the writes
   * of the block's start, of each tx and each end-block entry as they stand, then the rest.
   */
  public BlockResult finalizeBlock(
      ReadableState committed, BlockContext context, List<byte[]> txs, BlockProgress progress) {
    OverlayState staged = new OverlayState(committed);
    ReportedState block = new ReportedState(staged, progress);
    List<Event> events = new ArrayList<>();
    withCoinEvents(block, upgrades.beginBlock(block, context.height()), events);
    withCoinEvents(block, Misbehaviours.handle(block, context), events);
    withCoinEvents(block, Distribution.beginBlock(block, context), events);
    BlockTimes.record(block, context);
    block.report();
    List<TxOutcome> outcomes = new ArrayList<>(txs.size());
    for (byte[] tx : txs) {
      outcomes.add(deliverTx(block, context, tx));
      block.report();
    }
    withCoinEvents(block, endBlock(block, context.height(), block::report), events);
    List<BlockResult.ValidatorUpdate> updates = new ValidatorKeeper(block).drainUpdates();
    block.report();
    return new BlockResult(context.height(), outcomes, events, updates, staged.writes());
  }

  /**
   * Appends to {@code into} the coin events {@code state} collected while a step produced {@code
   * stepEvents}, then those: the coins moved come next to the domain events that explain them.
   */
  private static void withCoinEvents(
      KeyValueState state, List<Event> stepEvents, List<Event> into) {
    into.addAll(state.drainEvents());
    into.addAll(stepEvents);
  }

  /** Every height-keyed queue, in the order they are taken at equal due heights. */
  private static final List<EndBlock.Queue> DUE_QUEUES =
      Stream.of(
              MarketEndBlocker.QUEUES,
              ProofEndBlocker.QUEUES,
              ProviderEndBlocker.QUEUES,
              AuthorityEndBlocker.QUEUES)
          .flatMap(List::stream)
          .toList();

  /**
   * The work every block does after its txs: bid windows, lease ends and escrows running dry,
   * released proofs, lapsed disputes, missing proofs, returned bonds, expired proposals; at most
   * max_end_block_items of them per block, oldest due first.
   */
  private static List<Event> endBlock(KeyValueState state, long height, Runnable afterEach) {
    int budget = MarketParamsRules.STORE.get(state).getMaxEndBlockItems();
    return EndBlock.run(state, height, budget, DUE_QUEUES, afterEach);
  }

  /**
   * Whether {@code tx} decodes under {@code params} and every signature on it verifies, with no
   * other check and no change to anything. Its answer for a signature is the one {@link #deliverTx}
   * will get, so a node with a remembering verifier calls it ahead of the sequential checks
   * (CheckTx before it takes the lock that orders it with consensus, a block's txs in parallel) and
   * they then find their answers known.
   */
  public boolean signaturesVerify(TxParams params, String chainId, byte[] txBytes) {
    TxDecoder.Result decoded = decoder.decode(txBytes, params);
    if (decoded.rejection() != null) {
      return false;
    }
    DecodedTx tx = decoded.tx();
    SignedBytes document =
        SignedBytes.of(SignDocs.bytes(tx.tx().getBody(), tx.tx().getAuthInfo(), chainId));
    for (DecodedTx.Signer signer : tx.signers()) {
      if (!signatures.verify(signer.publicKey(), document, signer.signature())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Runs one tx on {@code state}: a tx rejected before its fee is charged changes nothing; after
   * that, a failing message leaves only the fee and the sequence bump.
   */
  public TxOutcome deliverTx(KeyValueState state, BlockContext context, byte[] txBytes) {
    TxParams params = TxParamsRules.STORE.get(state);
    TxDecoder.Result decoded = decoder.decode(txBytes, params);
    if (decoded.rejection() != null) {
      return TxOutcome.rejected(decoded.rejection(), 0, 0, List.of());
    }
    DecodedTx tx = decoded.tx();
    OverlayState anteState = new OverlayState(state);
    AnteHandler.Result ante =
        AnteHandler.apply(anteState, tx, context.chainId(), context.height(), signatures);
    if (ante.rejection() != null) {
      return TxOutcome.rejected(ante.rejection(), tx.gasLimit(), tx.gasRequired(), List.of());
    }
    // The fee's coin events, then the tx events; drained so that state receives none of them.
    List<Event> events = new ArrayList<>(anteState.drainEvents());
    events.addAll(ante.events());
    anteState.commitTo(state);
    OverlayState messageState = new OverlayState(state);
    MsgContext msgContext = new MsgContext(context, messageState);
    List<Event> messageEvents = new ArrayList<>();
    for (int i = 0; i < tx.messages().size(); i++) {
      BoundMsg msg = tx.messages().get(i);
      Outcome outcome;
      try {
        outcome = msg.execute(msgContext);
      } catch (ArithmeticException e) {
        outcome = Outcome.reject(TxError.ARITHMETIC_OVERFLOW, "%s", e.getMessage());
      } catch (Overdue e) {
        outcome = Outcome.reject(TxError.OVERDUE, "%s", e.getMessage());
      }
      if (!outcome.isOk()) {
        // The dropped messageState takes the coin events of the messages with it: only the fee's
        // stay, as the fee is all a failed tx moves.
        Rejection rejection = outcome.rejection();
        return TxOutcome.rejected(
            new Rejection(rejection.error(), "message " + i + ": " + rejection.log()),
            tx.gasLimit(),
            tx.gasRequired(),
            events);
      }
      messageEvents.add(
          Event.builder("message")
              .indexed("action", msg.action())
              .indexed("sender", msg.signers().get(0).toBech32())
              .indexed("module", msg.module())
              .plain("index", i)
              .build());
      messageEvents.addAll(messageState.drainEvents());
      messageEvents.addAll(outcome.events());
    }
    messageState.commitTo(state);
    events.addAll(messageEvents);
    return TxOutcome.success(tx.gasLimit(), tx.gasRequired(), events);
  }
}
