package io.leasechain.ledger.escrow;

import io.leasechain.ledger.escrow.proto.EscrowParams;
import io.leasechain.ledger.params.ParamBound;
import io.leasechain.ledger.params.ParamStore;
import java.util.List;

/** Defaults, storage and validation of the escrow params. */
public final class EscrowParamsRules {

  public static final ParamStore<EscrowParams> STORE =
      new ParamStore<>("escrow", EscrowParams.parser());

  public static final EscrowParams DEFAULTS = EscrowParams.newBuilder().setTakeRateBps(200).build();

  /** Each field's range (docs/genesis.md). */
  public static final List<ParamBound> BOUNDS = List.of(new ParamBound("take_rate_bps", 0, 10_000));

  private EscrowParamsRules() {}

  /** Problems with {@code params}, each naming the field; empty when valid. */
  public static List<String> validate(EscrowParams params) {
    return ParamBound.check(params, BOUNDS);
  }
}
