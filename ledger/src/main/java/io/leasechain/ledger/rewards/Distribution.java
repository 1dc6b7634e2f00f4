package io.leasechain.ledger.rewards;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.BlockContext;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankKeeper;
import io.leasechain.ledger.bank.ModuleAccount;
import io.leasechain.ledger.rewards.proto.EmissionState;
import io.leasechain.ledger.rewards.proto.RewardsParams;
import io.leasechain.ledger.rewards.proto.Validator;
import io.leasechain.ledger.rewards.proto.ValidatorStatus;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.state.Records;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The start of every block: mint this block's emission, then split it together with the fees the
 * previous block collected. Each validator that signed the previous block gets its power's share of
 * the whole active set's power; the providers' part accrues to an epoch pool; the share of
 * validators that did not sign and integer remainders go to the community pool, so no ulease is
 * lost to rounding.
 */
public final class Distribution {

  private static final byte[] EMISSION_KEY = Keys.of(KeySpace.EMISSION);
  private static final long BPS = 10_000;

  private Distribution() {}

  public static EmissionState emission(ReadableState state) {
    EmissionState emission = Records.read(state, EMISSION_KEY, EmissionState.parser());
    if (emission == null) {
      throw new IllegalStateException("emission state missing from state");
    }
    return emission;
  }

  public static void initialize(KeyValueState state, RewardsParams params) {
    // Epochs are counted from height 1: epoch e covers e × epoch_blocks + 1 … (e + 1) ×
    // epoch_blocks.
    state.put(
        EMISSION_KEY,
        EmissionState.newBuilder()
            .setEmissionPerBlock(params.getInitialEmission())
            .setEpochStartHeight(1)
            .build()
            .toByteArray());
  }

  public static List<Event> beginBlock(KeyValueState state, BlockContext block) {
    RewardsParams params = RewardsParamsRules.STORE.get(state);
    List<Event> events = new ArrayList<>(advanceEpoch(state, params, block.height()));
    EmissionState emission = emission(state);
    BankKeeper bank = new BankKeeper(state);
    long mint =
        Math.min(
            emission.getEmissionPerBlock(),
            params.getMaxTotalEmission() - emission.getEmittedTotal());
    if (mint > 0) {
      bank.mint(ModuleAccount.FEE_COLLECTOR.address(), mint);
      state.put(
          EMISSION_KEY,
          emission.toBuilder()
              .setEmittedTotal(emission.getEmittedTotal() + mint)
              .build()
              .toByteArray());
    }
    // With no signer to pay (the first block has no previous commit) the pot carries over whole.
    Signers signers = signers(state, block);
    long total = bank.balance(ModuleAccount.FEE_COLLECTOR.address());
    if (total == 0 || signers.validators().isEmpty()) {
      return events;
    }
    long validatorPart = share(total, params.getValidatorShareBps());
    long providerPart = share(total, params.getProviderShareBps());
    long paidToValidators = payValidators(state, signers, validatorPart);
    move(bank, ModuleAccount.PROVIDER_REWARDS, providerPart);
    long community = total - paidToValidators - providerPart;
    move(bank, ModuleAccount.COMMUNITY_POOL, community);
    events.add(
        Event.builder("rewards")
            .plain("height", block.height())
            .plain("minted", Math.max(mint, 0))
            .plain("distributed", total)
            .plain("validators", paidToValidators)
            .plain("providers", providerPart)
            .plain("community_pool", community)
            .build());
    return events;
  }

  /**
   * The active validators (in the ledger's set) that signed the previous block, and the power of
   * the whole active set, signers or not.
   */
  private record Signers(List<Validator> validators, long power) {}

  // The denominator is the whole set, not the signers: a proposer may leave up to a third of the
  // power's signatures out of its block, and must not collect their share by doing so.
  private static Signers signers(ReadableState state, BlockContext block) {
    List<Validator> validators = new ArrayList<>();
    long power = 0;
    for (Validator validator : ValidatorKeeper.all(state)) {
      if (validator.getStatus() == ValidatorStatus.VALIDATOR_STATUS_ACTIVE) {
        power = Math.addExact(power, validator.getPower());
        if (signed(block, validator.getAddress().toByteArray())) {
          validators.add(validator);
        }
      }
    }
    return new Signers(validators, power);
  }

  private static boolean signed(BlockContext block, byte[] address) {
    for (BlockContext.Vote vote : block.lastCommit()) {
      if (vote.signed() && vote.power() > 0 && Arrays.equals(vote.address(), address)) {
        return true;
      }
    }
    return false;
  }

  // Pays each signer its power's share of the set; returns what was paid in all.
  private static long payValidators(KeyValueState state, Signers signers, long part) {
    BankKeeper bank = new BankKeeper(state);
    ValidatorKeeper keeper = new ValidatorKeeper(state);
    long paid = 0;
    for (Validator validator : signers.validators()) {
      long amount =
          BigInteger.valueOf(part)
              .multiply(BigInteger.valueOf(validator.getPower()))
              .divide(BigInteger.valueOf(signers.power()))
              .longValueExact();
      if (amount > 0) {
        Rejection moved =
            bank.transfer(
                ModuleAccount.FEE_COLLECTOR.address(),
                Address.fromBech32(validator.getOperator()),
                amount);
        if (moved != null) {
          throw new IllegalStateException(
              "fee collector cannot pay validator rewards: " + moved.log());
        }
      }
      keeper.save(
          validator.toBuilder()
              .setBlocksSigned(validator.getBlocksSigned() + 1)
              .setRewardsEarned(Math.addExact(validator.getRewardsEarned(), amount))
              .build());
      paid += amount;
    }
    return paid;
  }

  /**
   * A council change of the schedule itself (initial emission, decay, epoch length) restarts it:
   * this epoch continues with the new length, and the per-block emission becomes the new
   * initial_emission from the next block. Any other change (shares, cap) keeps the emission decayed
   * so far, so adjusting a share cannot undo years of decay as a side effect.
   */
  public static void paramsChanged(
      KeyValueState state, RewardsParams before, RewardsParams params) {
    if (before.getInitialEmission() == params.getInitialEmission()
        && before.getDecayBps() == params.getDecayBps()
        && before.getEpochBlocks() == params.getEpochBlocks()) {
      return;
    }
    state.put(
        EMISSION_KEY,
        emission(state).toBuilder()
            .setEmissionPerBlock(params.getInitialEmission())
            .build()
            .toByteArray());
  }

  // At the first block of a new epoch the emission decays and the providers' pool is paid to the
  // work proven in the epoch that ended. Epochs are counted from the current epoch's start, so a
  // change of epoch_blocks never replays past epochs.
  private static List<Event> advanceEpoch(KeyValueState state, RewardsParams params, long height) {
    EmissionState emission = emission(state);
    long passed = (height - emission.getEpochStartHeight()) / params.getEpochBlocks();
    if (passed <= 0) {
      return List.of();
    }
    long perBlock = emission.getEmissionPerBlock();
    for (long e = 0; e < passed && perBlock > 0; e++) {
      perBlock -= share(perBlock, params.getDecayBps());
    }
    long epoch = Math.addExact(emission.getEpoch(), passed);
    state.put(
        EMISSION_KEY,
        emission.toBuilder()
            .setEpoch(epoch)
            .setEpochStartHeight(
                Math.addExact(
                    emission.getEpochStartHeight(),
                    Math.multiplyExact(passed, params.getEpochBlocks())))
            .setEmissionPerBlock(perBlock)
            .build()
            .toByteArray());
    payProvenWork(state, emission.getEpoch());
    return List.of(
        Event.builder("epoch_started")
            .plain("epoch", epoch)
            .plain("emission_per_block", perBlock)
            .build());
  }

  /**
   * Pays the providers' pool of {@code epoch} pro rata to what tenants paid for each provider's
   * proofs accepted in it, but never more than the take those payments owe: a provider leasing to
   * itself pays itself less the take, so a larger part would let it farm the pool. What the caps
   * and rounding leave, or the whole pool if nothing was accepted, goes to the community pool.
   */
  private static void payProvenWork(KeyValueState state, long epoch) {
    BankKeeper bank = new BankKeeper(state);
    long pool = bank.balance(ModuleAccount.PROVIDER_REWARDS.address());
    List<ProvenWork.Entry> work = ProvenWork.of(state, epoch);
    BigInteger paidByTenants = BigInteger.ZERO;
    for (ProvenWork.Entry entry : work) {
      paidByTenants = paidByTenants.add(BigInteger.valueOf(entry.paidMicro()));
    }
    long paid = 0;
    for (ProvenWork.Entry entry : work) {
      long share =
          paidByTenants.signum() == 0
              ? 0
              : BigInteger.valueOf(pool)
                  .multiply(BigInteger.valueOf(entry.paidMicro()))
                  .divide(paidByTenants)
                  .longValueExact();
      long amount = Math.min(share, entry.takeCap());
      transfer(bank, ModuleAccount.PROVIDER_REWARDS.address(), entry.provider(), amount);
      paid += amount;
    }
    transfer(
        bank,
        ModuleAccount.PROVIDER_REWARDS.address(),
        ModuleAccount.COMMUNITY_POOL.address(),
        pool - paid);
    ProvenWork.clear(state, epoch);
  }

  private static void transfer(BankKeeper bank, Address from, Address to, long amount) {
    if (amount == 0) {
      return;
    }
    Rejection moved = bank.transfer(from, to, amount);
    if (moved != null) {
      throw new IllegalStateException("rewards payout failed: " + moved.log());
    }
  }

  /** Records {@code amount} ulease burnt (a slashed bond) in the emission state. */
  public static void recordBurn(KeyValueState state, long amount) {
    EmissionState emission = emission(state);
    state.put(
        EMISSION_KEY,
        emission.toBuilder()
            .setBurntTotal(Math.addExact(emission.getBurntTotal(), amount))
            .build()
            .toByteArray());
  }

  private static long share(long amount, long bps) {
    return BigInteger.valueOf(amount)
        .multiply(BigInteger.valueOf(bps))
        .divide(BigInteger.valueOf(BPS))
        .longValueExact();
  }

  private static void move(BankKeeper bank, ModuleAccount to, long amount) {
    if (amount == 0) {
      return;
    }
    Rejection moved = bank.transfer(ModuleAccount.FEE_COLLECTOR.address(), to.address(), amount);
    if (moved != null) {
      throw new IllegalStateException(
          "fee collector cannot pay " + to.moduleName() + ": " + moved.log());
    }
  }
}
