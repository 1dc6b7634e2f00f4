package io.leasechain.client.tx;

import io.leasechain.client.rpc.BroadcastResult;

/**
 * CheckTx refused a tx, so it never entered the mempool and cost nothing: carries the ledger's
 * codespace, code and log (see docs/errors.md).
 */
public final class TxRejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String codespace;
  private final int code;

  public TxRejectedException(BroadcastResult result) {
    super("tx refused: " + result.codespace() + "/" + result.code() + ": " + result.log());
    this.codespace = result.codespace();
    this.code = result.code();
  }

  public String codespace() {
    return codespace;
  }

  public int code() {
    return code;
  }
}
