package io.leasechain.ledger.tx;

import io.leasechain.ledger.params.ParamStore;
import io.leasechain.ledger.tx.proto.TxParams;
import java.util.ArrayList;
import java.util.List;

/** Defaults, storage and validation of the tx admission params. */
public final class TxParamsRules {

  public static final ParamStore<TxParams> STORE = new ParamStore<>("tx", TxParams.parser());

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
          .build();

  private TxParamsRules() {}

  /** Problems with {@code params}, each naming the field; empty when valid. */
  public static List<String> validate(TxParams params) {
    List<String> problems = new ArrayList<>();
    if (params.getMaxTxBytes() < 256) {
      problems.add("max_tx_bytes: must be at least 256");
    }
    if (params.getMaxMemoBytes() < 0) {
      problems.add("max_memo_bytes: must be below 2^31");
    }
    if (params.getMaxTxBytes() < 0) {
      problems.add("max_tx_bytes: must be below 2^31");
    }
    if (params.getMaxMsgs() < 1) {
      problems.add("max_msgs: must be at least 1");
    }
    if (params.getMinGasPrice() < 0
        || params.getBaseGas() < 0
        || params.getGasPerByte() < 0
        || params.getGasPerMsg() < 0) {
      problems.add("gas params: must be below 2^63");
    }
    return problems;
  }
}
