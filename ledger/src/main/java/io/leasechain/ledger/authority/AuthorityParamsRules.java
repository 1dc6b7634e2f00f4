package io.leasechain.ledger.authority;

import io.leasechain.ledger.authority.proto.AuthorityParams;
import io.leasechain.ledger.params.ParamStore;
import java.util.ArrayList;
import java.util.List;

/** Defaults, storage and validation of the authority params. */
public final class AuthorityParamsRules {

  public static final ParamStore<AuthorityParams> STORE =
      new ParamStore<>("authority", AuthorityParams.parser());

  public static final AuthorityParams DEFAULTS =
      AuthorityParams.newBuilder().setProposalTtlBlocks(14_400).build();

  private AuthorityParamsRules() {}

  public static List<String> validate(AuthorityParams params) {
    List<String> problems = new ArrayList<>();
    if (params.getProposalTtlBlocks() < 1 || params.getProposalTtlBlocks() > 10_000_000) {
      problems.add("proposal_ttl_blocks: must be 1..10000000");
    }
    return problems;
  }
}
