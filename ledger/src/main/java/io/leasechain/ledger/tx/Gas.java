package io.leasechain.ledger.tx;

import io.leasechain.ledger.tx.proto.TxParams;

/**
 * Gas is a deterministic size-and-count measure, not metered execution: every node computes the
 * same figure from the tx bytes alone, so CheckTx and FinalizeBlock cannot disagree.
 */
public final class Gas {

  private static final long MICRO = 1_000_000L;

  private Gas() {}

  /** Gas this tx needs; throws ArithmeticException on overflow. */
  public static long required(TxParams params, int txBytes, int messages) {
    return Math.addExact(
        params.getBaseGas(),
        Math.addExact(
            Math.multiplyExact(params.getGasPerByte(), (long) txBytes),
            Math.multiplyExact(params.getGasPerMsg(), (long) messages)));
  }

  /** The least fee in ulease for {@code gasLimit} at the minimum gas price, rounded up. */
  public static long minimumFee(TxParams params, long gasLimit) {
    long micro = Math.multiplyExact(gasLimit, params.getMinGasPrice());
    return micro / MICRO + (micro % MICRO == 0 ? 0 : 1);
  }
}
