package io.leasechain.ledger.tx;

import io.leasechain.ledger.tx.proto.TxParams;

/**
 * Gas is a deterministic size-and-count measure, not metered execution: every node computes the
 * same figure from the tx bytes alone, so CheckTx and FinalizeBlock cannot disagree. Each signature
 * costs base_gas plus gas_per_byte for every byte of the tx, as its check hashes the whole signed
 * document: a tx of many signers pays for each verification, so a block's gas bounds its signature
 * checks and the bytes they hash, not only its size.
 */
public final class Gas {

  private static final long MICRO = 1_000_000L;

  private Gas() {}

  /**
   * Gas a tx of {@code txBytes} bytes, {@code messages} messages and {@code signatures} signatures
   * needs: {@code signatures × (base_gas + gas_per_byte × txBytes) + gas_per_msg × messages}. One
   * signature gives the plain {@code base_gas + gas_per_byte × txBytes + gas_per_msg × messages}.
   * Throws ArithmeticException on overflow.
   */
  public static long required(TxParams params, int txBytes, int messages, int signatures) {
    long perSignature =
        Math.addExact(
            params.getBaseGas(), Math.multiplyExact(params.getGasPerByte(), (long) txBytes));
    return Math.addExact(
        Math.multiplyExact(perSignature, (long) signatures),
        Math.multiplyExact(params.getGasPerMsg(), (long) messages));
  }

  /** The least fee in ulease for {@code gasLimit} at the minimum gas price, rounded up. */
  public static long minimumFee(TxParams params, long gasLimit) {
    long micro = Math.multiplyExact(gasLimit, params.getMinGasPrice());
    return micro / MICRO + (micro % MICRO == 0 ? 0 : 1);
  }
}
