package io.leasechain.ledger.authority;

import io.leasechain.ledger.authority.proto.AuthorityParams;
import io.leasechain.ledger.params.ParamBound;
import io.leasechain.ledger.params.ParamStore;
import java.util.List;

/** Defaults, storage and validation of the authority params. */
public final class AuthorityParamsRules {

  public static final ParamStore<AuthorityParams> STORE =
      new ParamStore<>("authority", AuthorityParams.parser());

  public static final AuthorityParams DEFAULTS =
      AuthorityParams.newBuilder().setProposalTtlBlocks(14_400).build();

  /**
   * Each field's range (docs/genesis.md). One block is enough to stay governable, as k members
   * co-signing one proposal execute it in that tx.
   */
  public static final List<ParamBound> BOUNDS =
      List.of(new ParamBound("proposal_ttl_blocks", 1, 10_000_000));

  private AuthorityParamsRules() {}

  /** Problems with {@code params}, each naming the field; empty when valid. */
  public static List<String> validate(AuthorityParams params) {
    return ParamBound.check(params, BOUNDS);
  }
}
