package io.leasechain.ledger.proof;

import io.leasechain.ledger.Event;
import io.leasechain.ledger.market.LeaseLifecycle;
import io.leasechain.ledger.market.MarketKeeper;
import io.leasechain.ledger.market.proto.CloseReason;
import io.leasechain.ledger.market.proto.Lease;
import io.leasechain.ledger.market.proto.LeaseState;
import io.leasechain.ledger.proof.proto.Dispute;
import io.leasechain.ledger.proof.proto.DisputeState;
import io.leasechain.ledger.proof.proto.Proof;
import io.leasechain.ledger.proof.proto.ProofState;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The proof module's work at the end of a block, read from height-keyed indexes only: challenge
 * windows that end now (payments released), disputes that lapse now, and leases whose last proof is
 * now too old (closed proof_missing).
 */
public final class ProofEndBlocker {

  private ProofEndBlocker() {}

  public static List<Event> endBlock(KeyValueState state, long height) {
    List<Event> events = new ArrayList<>();
    byte[] now = Keys.uint64(height);
    ProofSettlement settlement = new ProofSettlement(state);
    for (byte[] suffix : ProofKeeper.RELEASE.suffixes(state, now)) {
      Proof proof = ProofKeeper.proof(state, ByteBuffer.wrap(suffix).getLong());
      if (proof.getState() == ProofState.PROOF_STATE_PENDING) {
        events.addAll(settlement.accept(proof, height));
      }
    }
    Disputes disputes = new Disputes(state);
    for (byte[] suffix : ProofKeeper.DISPUTE_DEADLINE.suffixes(state, now)) {
      Dispute dispute = ProofKeeper.dispute(state, ByteBuffer.wrap(suffix).getLong());
      if (dispute.getState() == DisputeState.DISPUTE_STATE_OPEN) {
        events.addAll(disputes.lapse(dispute, height));
      }
    }
    LeaseLifecycle leases = new LeaseLifecycle(state);
    for (byte[] suffix : MarketKeeper.PROOF_DEADLINE.suffixes(state, now)) {
      Lease lease = MarketKeeper.lease(state, ByteBuffer.wrap(suffix).getLong());
      if (lease.getState() == LeaseState.LEASE_STATE_ACTIVE) {
        events.addAll(leases.close(lease, CloseReason.CLOSE_REASON_PROOF_MISSING, height));
      } else if (LeaseLifecycle.holdsUnproven(lease)) {
        leases.release(lease, height);
      }
    }
    return events;
  }
}
