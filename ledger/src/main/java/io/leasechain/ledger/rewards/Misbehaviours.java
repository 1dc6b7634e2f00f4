package io.leasechain.ledger.rewards;

import io.leasechain.ledger.BlockContext;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.rewards.proto.Validator;
import io.leasechain.ledger.rewards.proto.ValidatorStatus;
import io.leasechain.ledger.state.KeyValueState;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Evidence CometBFT reports (duplicate votes, light client attacks): the validator's power drops to
 * 0 in this very block, and the record stays for the council to act on. Only the rule that the set
 * may never be empty still applies.
 */
public final class Misbehaviours {

  private Misbehaviours() {}

  public static List<Event> handle(KeyValueState state, BlockContext block) {
    List<Event> events = new ArrayList<>();
    ValidatorKeeper validators = new ValidatorKeeper(state);
    for (BlockContext.Misbehaviour evidence : block.misbehaviour()) {
      Validator validator = ValidatorKeeper.get(state, evidence.address());
      if (validator == null) {
        continue;
      }
      Validator recorded =
          validator.toBuilder()
              .setMisbehaviourCount(validator.getMisbehaviourCount() + 1)
              .setLastMisbehaviourHeight(evidence.height())
              .build();
      validators.save(recorded);
      String outcome = "recorded";
      if (recorded.getStatus() == ValidatorStatus.VALIDATOR_STATUS_ACTIVE) {
        Rejection refused = validators.setPower(recorded, 0, block.height(), true);
        outcome = refused == null ? "power set to 0" : "kept: " + refused.log();
      }
      events.add(
          Event.builder("validator_misbehaved")
              .indexed("address", HexFormat.of().withUpperCase().formatHex(evidence.address()))
              .plain("type", evidence.type())
              .plain("evidence_height", evidence.height())
              .plain("outcome", outcome)
              .build());
    }
    return events;
  }
}
