package io.leasechain.ledger.provider;

import io.leasechain.ledger.params.ParamBound;
import io.leasechain.ledger.params.ParamStore;
import io.leasechain.ledger.provider.proto.ProviderParams;
import java.util.List;

/** Defaults, storage and validation of the provider params. */
public final class ProviderParamsRules {

  public static final ParamStore<ProviderParams> STORE =
      new ParamStore<>("provider", ProviderParams.parser());

  /** A 1,000 LEASE bond; about a day of 1-second blocks before a bond returns. */
  public static final ProviderParams DEFAULTS =
      ProviderParams.newBuilder()
          .setMinBond(1_000_000_000L)
          .setUnbondingBlocks(86_400)
          .setMaxLabels(16)
          .build();

  /** Each field's range (docs/genesis.md). */
  public static final List<ParamBound> BOUNDS =
      List.of(
          new ParamBound("min_bond", 1, ParamBound.MAX_MINIMUM_AMOUNT),
          new ParamBound("unbonding_blocks", 0, 10_000_000),
          new ParamBound("max_labels", 0, 256));

  private ProviderParamsRules() {}

  /** Problems with {@code params}, each naming the field; empty when valid. */
  public static List<String> validate(ProviderParams params) {
    return ParamBound.check(params, BOUNDS);
  }
}
