package io.leasechain.ledger.proof;

import io.leasechain.ledger.Event;
import io.leasechain.ledger.market.MarketEvents;
import io.leasechain.ledger.proof.proto.Dispute;
import io.leasechain.ledger.proof.proto.Proof;
import io.leasechain.ledger.provider.ProviderEvents;
import java.util.List;

/**
 * Events of proofs and disputes, each with entity events (proof, lease, provider) indexed for
 * tx_search.
 */
final class ProofEvents {

  private ProofEvents() {}

  static List<Event> proof(String type, Proof proof) {
    return List.of(
        Event.builder(type)
            .indexed("proof_id", proof.getId())
            .indexed("lease_id", proof.getLeaseId())
            .indexed("provider", proof.getProvider())
            .plain("from_height", proof.getFromHeight())
            .plain("to_height", proof.getToHeight())
            .plain("amount_micro", proof.getAmountMicro())
            .plain("state", proof.getState().name())
            .build(),
        proofRef(proof.getId(), type),
        MarketEvents.leaseRef(proof.getLeaseId(), type),
        ProviderEvents.ref(proof.getProvider(), type));
  }

  static List<Event> dispute(String type, Dispute dispute) {
    return List.of(
        Event.builder(type)
            .indexed("dispute_id", dispute.getId())
            .indexed("proof_id", dispute.getProofId())
            .indexed("lease_id", dispute.getLeaseId())
            .plain("state", dispute.getState().name())
            .plain("slashed", dispute.getSlashed())
            .build(),
        Event.builder("dispute").indexed("id", dispute.getId()).indexed("event", type).build(),
        proofRef(dispute.getProofId(), type),
        MarketEvents.leaseRef(dispute.getLeaseId(), type));
  }

  private static Event proofRef(long proofId, String type) {
    return Event.builder("proof").indexed("id", proofId).indexed("event", type).build();
  }
}
