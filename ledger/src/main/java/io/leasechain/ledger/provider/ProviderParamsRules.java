package io.leasechain.ledger.provider;

import io.leasechain.ledger.params.ParamStore;
import io.leasechain.ledger.provider.proto.ProviderParams;
import java.util.ArrayList;
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

  private ProviderParamsRules() {}

  public static List<String> validate(ProviderParams params) {
    List<String> problems = new ArrayList<>();
    if (params.getMinBond() <= 0) {
      problems.add("min_bond: must be between 1 and 2^63-1 ulease");
    }
    if (params.getUnbondingBlocks() < 0 || params.getUnbondingBlocks() > 10_000_000) {
      problems.add("unbonding_blocks: must be at most 10000000");
    }
    if (params.getMaxLabels() < 0 || params.getMaxLabels() > 256) {
      problems.add("max_labels: must be at most 256");
    }
    return problems;
  }
}
