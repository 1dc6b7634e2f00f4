package io.leasechain.ledger.escrow;

import io.leasechain.ledger.escrow.proto.EscrowParams;
import io.leasechain.ledger.params.ParamStore;
import java.util.ArrayList;
import java.util.List;

/** Defaults, storage and validation of the escrow params. */
public final class EscrowParamsRules {

  public static final ParamStore<EscrowParams> STORE =
      new ParamStore<>("escrow", EscrowParams.parser());

  public static final EscrowParams DEFAULTS = EscrowParams.newBuilder().setTakeRateBps(200).build();

  private EscrowParamsRules() {}

  public static List<String> validate(EscrowParams params) {
    List<String> problems = new ArrayList<>();
    if (params.getTakeRateBps() < 0 || params.getTakeRateBps() > 10_000) {
      problems.add("take_rate_bps: must be 0..10000");
    }
    return problems;
  }
}
