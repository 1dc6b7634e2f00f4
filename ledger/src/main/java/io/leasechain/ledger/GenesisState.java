package io.leasechain.ledger;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.authority.AuthorityParamsRules;
import io.leasechain.ledger.authority.proto.AuthorityParams;
import io.leasechain.ledger.bank.proto.BankParams;
import io.leasechain.ledger.escrow.EscrowParamsRules;
import io.leasechain.ledger.escrow.proto.EscrowParams;
import io.leasechain.ledger.market.MarketParamsRules;
import io.leasechain.ledger.market.proto.MarketParams;
import io.leasechain.ledger.proof.ProofParamsRules;
import io.leasechain.ledger.proof.proto.ProofParams;
import io.leasechain.ledger.provider.ProviderParamsRules;
import io.leasechain.ledger.provider.proto.ProviderParams;
import io.leasechain.ledger.rewards.RewardsParamsRules;
import io.leasechain.ledger.rewards.proto.RewardsParams;
import io.leasechain.ledger.tx.proto.TxParams;
import java.util.List;

/** The initial state a chain starts from, already parsed and validated by the genesis module. */
public record GenesisState(
    List<Account> accounts,
    TxParams txParams,
    BankParams bankParams,
    Council council,
    ProviderParams providerParams,
    MarketParams marketParams,
    EscrowParams escrowParams,
    AuthorityParams authorityParams,
    RewardsParams rewardsParams,
    ProofParams proofParams,
    List<Validator> validators) {

  public GenesisState {
    accounts = List.copyOf(accounts);
    validators = List.copyOf(validators);
  }

  /**
   * A chain with only accounts and admission params: no council, no emission, default module
   * params.
   */
  public GenesisState(List<Account> accounts, TxParams txParams, BankParams bankParams) {
    this(
        accounts,
        txParams,
        bankParams,
        Council.NONE,
        ProviderParamsRules.DEFAULTS,
        MarketParamsRules.DEFAULTS,
        EscrowParamsRules.DEFAULTS,
        AuthorityParamsRules.DEFAULTS,
        RewardsParamsRules.NO_EMISSION,
        ProofParamsRules.DEFAULTS,
        List.of());
  }

  /** The same genesis with CometBFT's genesis validators, which InitChain hands over. */
  public GenesisState withValidators(List<Validator> genesisValidators) {
    return new GenesisState(
        accounts,
        txParams,
        bankParams,
        council,
        providerParams,
        marketParams,
        escrowParams,
        authorityParams,
        rewardsParams,
        proofParams,
        genesisValidators);
  }

  /** A genesis validator: its Ed25519 consensus key, power, and the account its rewards go to. */
  public record Validator(byte[] publicKey, long power, Address operator) {}

  /** A funded account at genesis. */
  public record Account(Address address, long balance) {}

  /** The k-of-n council; an empty one means no council actions are possible. */
  public record Council(List<Address> members, int threshold) {

    public static final Council NONE = new Council(List.of(), 0);

    public Council {
      members = List.copyOf(members);
    }
  }
}
