package io.leasechain.ledger.query;

import io.leasechain.ledger.query.proto.ValidatorsResponse;
import io.leasechain.ledger.rewards.Distribution;
import io.leasechain.ledger.rewards.ValidatorKeeper;
import io.leasechain.ledger.rewards.proto.Validator;
import io.leasechain.ledger.state.ReadableState;
import java.util.HexFormat;
import java.util.List;

/** The validator set with each validator's signed blocks and rewards, and the emission schedule. */
final class RewardsQueries {

  private RewardsQueries() {}

  static QueryResult validators(ReadableState state) {
    List<Validator> validators = ValidatorKeeper.all(state);
    ValidatorsResponse response =
        ValidatorsResponse.newBuilder()
            .addAllValidators(validators)
            .setTotalPower(ValidatorKeeper.totalPower(state))
            .build();
    return QueryResult.found(new byte[0], response.toByteArray());
  }

  static QueryResult validator(ReadableState state, String hexAddress) {
    byte[] address = HexFormat.of().parseHex(hexAddress);
    Validator validator = ValidatorKeeper.get(state, address);
    return validator == null
        ? QueryResult.rejected(QueryError.NOT_FOUND, "validator %s", hexAddress)
        : QueryResult.found(ValidatorKeeper.key(address), validator.toByteArray());
  }

  static QueryResult emission(ReadableState state) {
    return QueryResult.found(new byte[0], Distribution.emission(state).toByteArray());
  }
}
