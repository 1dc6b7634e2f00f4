package io.leasechain.ledger.tx;

import io.leasechain.ledger.params.ParamBound;
import io.leasechain.ledger.params.ParamStore;
import io.leasechain.ledger.tx.proto.TxParams;
import java.util.List;

/** Defaults, storage and validation of the tx admission params. */
public final class TxParamsRules {

  public static final ParamStore<TxParams> STORE = new ParamStore<>("tx", TxParams.parser());

  /**
   * About 6,000 plain transfers (some 32,000 gas each): a block the proposer, every validator's
   * ProcessProposal and FinalizeBlock each run in well under a second, far from timeout_propose.
   */
  public static final long MAX_BLOCK_GAS_DEFAULT = 200_000_000L;

  /** 0.001 ulease per gas: a plain transfer of about 250 bytes needs about 33 ulease. */
  public static final TxParams DEFAULTS =
      TxParams.newBuilder()
          .setMinGasPrice(1_000)
          .setBaseGas(20_000)
          .setGasPerByte(10)
          .setGasPerMsg(10_000)
          .setMaxMemoBytes(256)
          .setMaxTxBytes(64 * 1024)
          .setMaxMsgs(32)
          .setMaxBlockGas(MAX_BLOCK_GAS_DEFAULT)
          .build();

  /**
   * CometBFT's default mempool limit ({@code mempool.max_tx_bytes}, 1 MiB; the block limit is 21
   * MiB): a larger tx could never reach a block.
   */
  public static final int MAX_TX_BYTES_CEILING = 1 << 20;

  /**
   * Room for a council proposal that sets every module's params at their largest values, signed by
   * several members (such a tx is under 1 KiB).
   */
  public static final int MAX_TX_BYTES_FLOOR = 4096;

  /**
   * No tx the params admit costs more than this at the minimum gas price (100 LEASE), so a council
   * member holding that much can always pay for the proposal that changes the params back.
   */
  public static final long MAX_TX_FEE = 100_000_000L;

  /**
   * The most signers a tx may have: a council proposal's proposer and its 64 co-signers. Gas is
   * paid per signature, so the rules keep a tx of this many signers within a block: whatever the
   * council's threshold, its members can always act in one tx.
   */
  public static final int MAX_SIGNERS = 65;

  /**
   * The most signature checks one block's gas may pay for ({@code max_block_gas / base_gas}, as
   * each signature costs at least base_gas): about four seconds of Ed25519 on one core of the
   * reference machine; the defaults allow 10,000.
   */
  public static final long MAX_BLOCK_SIGNATURES = 50_000;

  /**
   * The most signed bytes one block's gas may pay to hash ({@code max_block_gas / gas_per_byte}, as
   * each signature hashes the whole tx); the defaults allow 20,000,000.
   */
  public static final long MAX_BLOCK_SIGNED_BYTES = 256L << 20;

  /** Each field's range; with them no gas or fee computation can overflow (see docs/genesis.md). */
  public static final List<ParamBound> BOUNDS =
      List.of(
          new ParamBound("min_gas_price", 0, 1_000_000),
          // At least 1 each: free signatures or bytes would leave max_block_gas bounding nothing.
          new ParamBound("base_gas", 1, 10_000_000),
          new ParamBound("gas_per_byte", 1, 10_000),
          new ParamBound("gas_per_msg", 0, 10_000_000),
          new ParamBound("max_memo_bytes", 0, 65_536),
          new ParamBound("max_tx_bytes", MAX_TX_BYTES_FLOOR, MAX_TX_BYTES_CEILING),
          new ParamBound("max_msgs", 1, 1024),
          // A block's gas is summed exactly: under 10^15 plus one tx's gas, far from 2^63.
          new ParamBound("max_block_gas", 1, 1_000_000_000_000_000L));

  private TxParamsRules() {}

  /** Problems with {@code params}, each naming the field; empty when valid. */
  public static List<String> validate(TxParams params) {
    List<String> problems = ParamBound.check(params, BOUNDS);
    if (!problems.isEmpty()) {
      return problems;
    }
    if (params.getMaxMemoBytes() > params.getMaxTxBytes()) {
      problems.add("max_memo_bytes: must be at most max_tx_bytes");
    }
    long largestGas = largestGas(params);
    if (params.getMaxBlockGas() < largestGas) {
      // Such a tx would be admitted to the mempool and then never fit in a block.
      problems.add(
          "max_block_gas: must be at least the gas of the largest tx (max_tx_bytes, max_msgs, "
              + MAX_SIGNERS
              + " signers), "
              + largestGas);
    }
    // Products, not quotients: exact under the bounds (below 2^43), and a bound of 50,000 ×
    // base_gas means that, not 50,001 × base_gas - 1.
    if (params.getMaxBlockGas() > MAX_BLOCK_SIGNATURES * params.getBaseGas()) {
      problems.add(
          "max_block_gas: at most "
              + MAX_BLOCK_SIGNATURES
              + " × base_gas, so that a block pays for at most "
              + MAX_BLOCK_SIGNATURES
              + " signature checks");
    }
    if (params.getMaxBlockGas() > MAX_BLOCK_SIGNED_BYTES * params.getGasPerByte()) {
      problems.add(
          "max_block_gas: at most "
              + MAX_BLOCK_SIGNED_BYTES
              + " × gas_per_byte, so that a block pays to hash at most "
              + MAX_BLOCK_SIGNED_BYTES
              + " signed bytes");
    }
    long fee = largestFee(params);
    if (fee > MAX_TX_FEE) {
      problems.add(
          "min_gas_price: the largest tx (max_tx_bytes, max_msgs, "
              + MAX_SIGNERS
              + " signers) would cost "
              + fee
              + " ulease, more than "
              + MAX_TX_FEE);
    }
    return problems;
  }

  /**
   * The minimum fee of the largest tx {@code params} admit; exact, as the bounds keep its gas below
   * 2^40 and gas times price below 2^60.
   */
  public static long largestFee(TxParams params) {
    return Gas.minimumFee(params, largestGas(params));
  }

  /**
   * The gas of the largest tx {@code params} admit ({@link #MAX_SIGNERS} signers); exact under the
   * bounds (below 2^40).
   */
  public static long largestGas(TxParams params) {
    return Gas.required(params, params.getMaxTxBytes(), params.getMaxMsgs(), MAX_SIGNERS);
  }
}
