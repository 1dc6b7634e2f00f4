package io.leasechain.ledger.authority;

import io.leasechain.ledger.GenesisState;
import io.leasechain.ledger.authority.proto.SetParams;
import io.leasechain.ledger.escrow.EscrowParamsRules;
import io.leasechain.ledger.market.MarketParamsRules;
import io.leasechain.ledger.params.ParamBound;
import io.leasechain.ledger.proof.ProofParamsRules;
import io.leasechain.ledger.provider.ProviderParamsRules;
import io.leasechain.ledger.rewards.RewardsParamsRules;
import io.leasechain.ledger.tx.TxParamsRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The params rules of every module in one place, so that genesis and the council's SetParams accept
 * exactly the same params.
 */
public final class ChainParams {

  /**
   * Each module's field bounds, by the module's field name in SetParams; bank has none (its only
   * field is a switch).
   */
  public static final SortedMap<String, List<ParamBound>> BOUNDS =
      Collections.unmodifiableSortedMap(
          new TreeMap<>(
              Map.of(
                  "tx", TxParamsRules.BOUNDS,
                  "bank", List.of(),
                  "provider", ProviderParamsRules.BOUNDS,
                  "market", MarketParamsRules.BOUNDS,
                  "escrow", EscrowParamsRules.BOUNDS,
                  "authority", AuthorityParamsRules.BOUNDS,
                  "rewards", RewardsParamsRules.BOUNDS,
                  "proof", ProofParamsRules.BOUNDS)));

  private ChainParams() {}

  /** Problems of each module's params set in {@code params}, each as "module.field: why". */
  public static List<String> problems(SetParams params) {
    List<String> problems = new ArrayList<>();
    if (params.hasTx()) {
      TxParamsRules.validate(params.getTx()).forEach(p -> problems.add("tx." + p));
    }
    if (params.hasProvider()) {
      ProviderParamsRules.validate(params.getProvider())
          .forEach(p -> problems.add("provider." + p));
    }
    if (params.hasMarket()) {
      MarketParamsRules.validate(params.getMarket()).forEach(p -> problems.add("market." + p));
    }
    if (params.hasEscrow()) {
      EscrowParamsRules.validate(params.getEscrow()).forEach(p -> problems.add("escrow." + p));
    }
    if (params.hasAuthority()) {
      AuthorityParamsRules.validate(params.getAuthority())
          .forEach(p -> problems.add("authority." + p));
    }
    if (params.hasRewards()) {
      RewardsParamsRules.validate(params.getRewards()).forEach(p -> problems.add("rewards." + p));
    }
    if (params.hasProof()) {
      ProofParamsRules.validate(params.getProof()).forEach(p -> problems.add("proof." + p));
    }
    return problems;
  }

  /** Every module's params of {@code genesis}, as the SetParams that would set them all. */
  public static SetParams of(GenesisState genesis) {
    return SetParams.newBuilder()
        .setTx(genesis.txParams())
        .setBank(genesis.bankParams())
        .setProvider(genesis.providerParams())
        .setMarket(genesis.marketParams())
        .setEscrow(genesis.escrowParams())
        .setAuthority(genesis.authorityParams())
        .setRewards(genesis.rewardsParams())
        .setProof(genesis.proofParams())
        .build();
  }
}
